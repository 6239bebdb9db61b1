import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FIRST_YEAR, isCalendarDate, LAST_YEAR } from '../calendar/working-calendar.js';
import { PageQuery } from '../core/http/pagination.js';
import { MAX_EVIDENCE_TEXT, MetricEvidenceInput } from '../tasks/evidence.dto.js';
import { FREQUENCIES, type Frequency, type Recurrence } from '../tasks/recurrence.js';
import { PERIOD_STATUSES, type PeriodStatus } from './period-status.js';
import type { PeriodFile, PeriodMetric } from './task-period.entity.js';

const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value) => isCalendarDate(value),
      defaultMessage: () =>
        `$property must be a calendar date YYYY-MM-DD in ${FIRST_YEAR}–${LAST_YEAR}`,
    },
  });
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A figure of a period's report: the metric kind of evidence (indicator, value), with asOf. */
export class PeriodMetricInput extends PickType(MetricEvidenceInput, ['indicator', 'value']) {
  @ApiPropertyOptional({ format: 'date', description: "Defaults to the period's last day" })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class PeriodReportInput {
  @ApiProperty({ maxLength: MAX_EVIDENCE_TEXT, example: 'Tuần qua ghi nhận 12 ca mắc mới' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_EVIDENCE_TEXT)
  text: string;

  @ApiPropertyOptional({ type: [PeriodMetricInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PeriodMetricInput)
  metrics?: PeriodMetricInput[];
}

export class PeriodReviewInput {
  @ApiProperty({ enum: ['accept', 'return'] })
  @IsIn(['accept', 'return'])
  decision: 'accept' | 'return';

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to return' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RecurrenceInput implements Recurrence {
  @ApiProperty({ enum: FREQUENCIES })
  @IsIn(FREQUENCIES)
  frequency: Frequency;

  @ApiPropertyOptional({ nullable: true, example: 'thứ Sáu', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  detail: string | null = null;

  @ApiPropertyOptional({ nullable: true, example: '15:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM' })
  time: string | null = null;

  @ApiPropertyOptional({ nullable: true, format: 'date', description: 'The last day (included)' })
  @IsOptional()
  @IsCalendarDate()
  @ValidateBy({
    name: 'notBeforeFrom',
    validator: {
      validate: (value, args) => {
        const from = (args?.object as RecurrenceInput | undefined)?.from;
        return typeof value !== 'string' || typeof from !== 'string' || value >= from;
      },
      defaultMessage: () => 'until must be on or after from',
    },
  })
  until?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'date',
    description: 'The first day (bắt đầu): periods start at the later of publication and this day',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string | null;
}

export class ChangeRecurrenceInput {
  @ApiProperty({
    type: RecurrenceInput,
    nullable: true,
    description: 'The new recurrence; null ends the periods after the ones already due',
  })
  // Required, but null is a value: it ends the periods.
  @ValidateIf((input: ChangeRecurrenceInput) => input.recurrence !== null)
  @IsObject({ message: 'recurrence must be an object, or null to end the periods' })
  @ValidateNested()
  @Type(() => RecurrenceInput)
  recurrence: RecurrenceInput | null;

  @ApiProperty({ description: 'The task version you loaded' })
  @IsInt()
  @Min(1)
  version: number;
}

export class DuePeriodsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['open', 'week', 'all'],
    description:
      'open: what the unit still owes (open, missed, returned); week: of those, what falls due by the end of this week (Sunday, Vietnam time), with every missed or returned one; all: every period',
  })
  @IsOptional()
  @IsIn(['open', 'week', 'all'])
  due: 'open' | 'week' | 'all' = 'open';
}

/** A period as the API shows it; `status` is as of now (an open period past due is missed). */
export class PeriodDto {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty() number: number;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: PERIOD_STATUSES }) status: PeriodStatus;
  @ApiProperty({ description: 'The first report came after the due instant' }) late: boolean;
  @ApiProperty({ nullable: true, type: String }) report: string | null;
  @ApiProperty({ type: Object, isArray: true }) metrics: PeriodMetric[];
  @ApiProperty({
    type: Object,
    isArray: true,
    description: 'index, fileName, mediaType, sizeBytes; GET …/periods/:periodId/files/:index',
  })
  files: Array<Omit<PeriodFile, 'sha256'> & { index: number }>;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) firstSubmittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewNote: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
}

/** A period in a unit's due list, with its task. */
export class DuePeriodDto extends PeriodDto {
  @ApiProperty() task: {
    id: string;
    directiveId: string;
    number: string | null;
    subject: string | null;
    label: string;
  };
}

/**
 * A range of reporting periods: those DUE from `from` to `to`, inclusive (Vietnam dates). Either
 * may be left out: the current quarter (Vietnam time) fills in (`reportingRange`, period-cell.ts).
 */
export class ReportingRangeQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-10-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
