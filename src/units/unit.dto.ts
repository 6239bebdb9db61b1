import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import { UNIT_KINDS, type UnitKind } from './unit-kind.js';
import type { Unit } from './unit.entity.js';

export const CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CODE_MESSAGE = 'code must be an ASCII slug such as xa-hong-quang';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimAll = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;

export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'xa-hong-quang' }) code: string;
  @ApiProperty({ example: 'Ủy ban nhân dân xã Hồng Quang' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'Xã Hồng Quang' }) shortName: string | null;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 5349 }) population: number | null;
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty() active: boolean;

  static from(unit: Unit): UnitDto {
    return {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      shortName: unit.shortName,
      kind: unit.kind,
      parentId: unit.parentId,
      population: unit.population,
      aliases: unit.aliases,
      active: unit.active,
    };
  }
}

export class CreateUnitDto {
  @ApiProperty({ example: 'xa-hong-quang' })
  @Transform(trim)
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  @MaxLength(100)
  code: string;

  @ApiProperty({ example: 'Ủy ban nhân dân xã Hồng Quang' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ example: 'Xã Hồng Quang' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  shortName?: string | null;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind: UnitKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ example: 5349 })
  @IsOptional()
  @IsInt()
  @Min(0)
  population?: number | null;

  @ApiPropertyOptional({ type: [String], example: ['UBND xã Hồng Quang'] })
  @IsOptional()
  @Transform(trimAll)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  @MaxLength(100)
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  shortName?: string | null;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  population?: number | null;

  @ApiPropertyOptional({ type: [String] })
  // Absent leaves the aliases as they are; null is no list of aliases (400), not "none".
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trimAll)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  aliases?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UnitListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Part of the code, name, short name or an alias' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'true (default): active units only; false: all' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  activeOnly?: 'true' | 'false';
}

export class UnitListDto {
  @ApiProperty({ type: [UnitDto] }) items: UnitDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Sum of the listed units’ population' })
  population: number | null;
}
