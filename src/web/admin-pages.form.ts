import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { ROLES, type Role } from '../core/access/role.js';
import { blankToUndefined, formNumber, WebForm } from './web-form.js';

const toArray = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value];

// Form fields are strings; the service turns them into the API's DTOs and validates them by its
// rules (the same messages, the same limits). These classes only admit the fields.
export class UnitFilter {
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @Transform(blankToUndefined) @IsOptional() @IsIn(['true']) all?: 'true';
}

export class UserFilter {
  @Transform(blankToUndefined) @IsOptional() @IsIn(ROLES) role?: Role;
  @Transform(formNumber) @IsOptional() @IsInt() @Min(1) page?: number;
}

export class UnitForm extends WebForm {
  @IsString() @MaxLength(200) code: string;
  @IsString() @MaxLength(500) name: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(200) shortName?: string;
  @IsString() @MaxLength(50) kind: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(50) parentId?: string;
  @Transform(formNumber) @IsOptional() population?: number;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(20000) aliases?: string;
  @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

export class GroupForm extends WebForm {
  @IsString() @MaxLength(200) code: string;
  @IsString() @MaxLength(500) name: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(20000) aliases?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @Transform(toArray)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class UserForm extends WebForm {
  @IsString() @MaxLength(200) username: string;
  @IsString() @MaxLength(500) fullName: string;
  @IsString() @MaxLength(50) role: string;
  @IsString() @MaxLength(50) unitId: string;
  @IsString() @MaxLength(400) password: string;
}

export class ActiveForm extends WebForm {
  @IsIn(['true', 'false']) active: 'true' | 'false';
}

export class PasswordForm extends WebForm {
  @IsString() @MaxLength(400) password: string;
}
