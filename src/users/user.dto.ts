import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import { ROLES, type Role } from '../core/access/role.js';
import type { User } from './user.entity.js';
import { AcceptablePassword, MIN_PASSWORD_LENGTH } from './password-policy.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,99}$/;
const lowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'xa-hong-quang.officer' }) username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() active: boolean;

  static from(user: User): UserDto {
    return {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      role: user.role,
      unitId: user.unitId,
      active: user.active,
    };
  }
}

export class CreateUserDto {
  @ApiProperty({ example: 'xa-hong-quang.officer2' })
  @Transform(lowerCase)
  @IsString()
  @Matches(USERNAME, { message: 'username may hold a-z, 0-9, ".", "_" and "-" (2-100 characters)' })
  username: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fullName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: 'not a common password' })
  @IsString()
  @AcceptablePassword()
  @MaxLength(200)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) fullName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, description: 'not a common password' })
  // Absent keeps the password; null is no password (400).
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @AcceptablePassword()
  @MaxLength(200)
  password?: string;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}

export class UnitSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'phong-vhtt' }) code: string;
  @ApiProperty({ example: 'Phòng Văn hóa và Thông tin' }) name: string;
  @ApiProperty({ example: 'office' }) kind: string;
}

/** The signed-in user with the unit they act for. */
export class MeDto extends UserDto {
  @ApiProperty({ type: UnitSummaryDto }) unit: UnitSummaryDto;

  static override from(user: User): MeDto {
    const unit = user.unit!;
    return {
      ...UserDto.from(user),
      unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
    };
  }
}
