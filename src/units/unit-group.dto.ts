import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { UnitDto, CODE_PATTERN } from './unit.dto.js';
import type { UnitGroup } from './unit-group.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UnitGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'cac-xa-thi-tran' }) code: string;
  @ApiProperty({ example: 'Ủy ban nhân dân các xã, thị trấn' }) name: string;
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) memberIds: string[];
  @ApiPropertyOptional({ type: [UnitDto], description: 'On single-group reads' })
  members?: UnitDto[];

  static from(group: UnitGroup, withMembers = false): UnitGroupDto {
    const members = [...(group.members ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    return {
      id: group.id,
      code: group.code,
      name: group.name,
      aliases: group.aliases,
      description: group.description,
      memberIds: members.map((unit) => unit.id),
      ...(withMembers ? { members: members.map((unit) => UnitDto.from(unit)) } : {}),
    };
  }
}

export class CreateUnitGroupDto {
  @ApiProperty({ example: 'cac-xa-thi-tran' })
  @Transform(trim)
  @IsString()
  @Matches(CODE_PATTERN, { message: 'code must be an ASCII slug such as cac-xa-thi-tran' })
  @MaxLength(100)
  code: string;

  @ApiProperty({ example: 'Ủy ban nhân dân các xã, thị trấn' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  aliases?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  memberIds: string[];
}

export class UpdateUnitGroupDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(CODE_PATTERN, { message: 'code must be an ASCII slug such as cac-xa-thi-tran' })
  @MaxLength(100)
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the members' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}
