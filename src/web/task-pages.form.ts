import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task-status.js';
import { blankToUndefined, formNumber, WebForm } from './web-form.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InboxFilter {
  @Transform(blankToUndefined) @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
  @Transform(blankToUndefined) @IsOptional() @IsIn(['true']) overdue?: 'true';
  @Transform(formNumber) @IsOptional() @IsInt() @Min(1) page?: number;
}

export class StatusForm extends WebForm {
  @IsIn(TASK_STATUSES) status: TaskStatus;
  @Transform(formNumber) @IsInt() @Min(1) version: number;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(20000) report?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
}

export class MetricForm extends WebForm {
  @IsString() @IsNotEmpty() @MaxLength(500) indicator: string;
  @Transform(formNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) value: number;
  @Matches(DATE) asOf: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(2000) text?: string;
}

export class NoteForm extends WebForm {
  @IsString() @IsNotEmpty() @MaxLength(5000) text: string;
}

export class ExtensionForm extends WebForm {
  @Matches(DATE) deadline: string;
  @IsString() @IsNotEmpty() @MaxLength(5000) reason: string;
}
