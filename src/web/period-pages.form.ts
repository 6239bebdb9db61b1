import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { blankToUndefined, WebForm } from './web-form.js';

/** Figure rows the period report form offers (indicator1/value1 …). */
export const FIGURE_ROWS = 3;

/**
 * The period report form's text fields, as multipart sends them (no `_csrf`: a multipart form is
 * checked by its origin, see CsrfGuard). Loosely typed here; `PeriodPagesService` turns them into
 * the API's `PeriodReportInput` and its rules.
 */
export class PeriodReportForm {
  @IsOptional() @IsString() @MaxLength(20000) text?: string;
  @IsOptional() @IsString() @MaxLength(500) indicator1?: string;
  @IsOptional() @IsString() @MaxLength(50) value1?: string;
  @IsOptional() @IsString() @MaxLength(500) indicator2?: string;
  @IsOptional() @IsString() @MaxLength(50) value2?: string;
  @IsOptional() @IsString() @MaxLength(500) indicator3?: string;
  @IsOptional() @IsString() @MaxLength(50) value3?: string;
}

export class PeriodReviewForm extends WebForm {
  @IsIn(['accept', 'return']) decision: 'accept' | 'return';
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}
