import { BadRequestException } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { DomainError } from '../core/errors/domain-error.js';
import { createValidationPipe } from '../core/http/validation.js';
import { RecurrenceInput } from '../periods/period.dto.js';
import { FREQUENCIES, type Frequency, type Recurrence } from '../tasks/recurrence.js';
import { blankToUndefined, formNumber, WebForm } from './web-form.js';

const FREQUENCY_CHOICES: Array<Frequency | 'none'> = ['none', ...FREQUENCIES];

// The API's rules for a recurrence, applied to what the form gives.
const VALIDATION = createValidationPipe();

/**
 * A recurrence as a form sends it (the draft's part, the task page): fields loosely typed here,
 * checked by the API's own `RecurrenceInput` in `recurrenceOf`, so the rules are written once.
 * `frequency=none` clears it.
 */
export class RecurrenceForm extends WebForm {
  @IsIn(FREQUENCY_CHOICES) frequency: Frequency | 'none';
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(100) detail?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(10) time?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(10) from?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(10) until?: string;
}

/** The task page's form: a change after publication, at the version the page showed. */
export class TaskRecurrenceForm extends RecurrenceForm {
  @Transform(formNumber) @IsInt() @Min(1) version: number;
}

/** A recurrence the form's fields do not make (a time that is no time, an end before the start). */
export class RecurrenceInvalidError extends DomainError {
  constructor(detail: string) {
    super('invalid', 'recurrence_invalid', `the recurrence is not valid: ${detail}`);
  }
}

/** The recurrence a form gives (null: none), through the API's validation. */
export async function recurrenceOf(form: RecurrenceForm): Promise<Recurrence | null> {
  if (form.frequency === 'none') return null;
  try {
    const input = (await VALIDATION.transform(
      {
        frequency: form.frequency,
        detail: form.detail?.trim() || null,
        time: form.time ?? null,
        from: form.from ?? null,
        until: form.until ?? null,
      },
      { type: 'body', metatype: RecurrenceInput },
    )) as RecurrenceInput;
    return { ...input };
  } catch (error) {
    if (error instanceof BadRequestException) {
      throw new RecurrenceInvalidError(JSON.stringify(error.getResponse()));
    }
    throw error;
  }
}
