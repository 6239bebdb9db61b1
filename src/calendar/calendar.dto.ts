import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from './adjustment-kind.js';
import type { CalendarAdjustment } from './calendar-adjustment.entity.js';
import {
  type DayReason,
  FIRST_YEAR,
  type HolidaySource,
  isCalendarDate,
  LAST_YEAR,
} from './working-calendar.js';

/** The longest range `GET /api/calendar/days` lists. */
export const MAX_CALENDAR_RANGE_DAYS = 366;
/** The most working days `GET /api/calendar/add-working-days` counts, either way. */
export const MAX_WORKING_DAYS = 1000;

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

export class AdjustmentDto {
  @ApiProperty({ format: 'date', example: '2025-05-02' }) date: string;
  @ApiProperty({ enum: ADJUSTMENT_KINDS }) kind: AdjustmentKind;
  @ApiProperty({ example: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4 (Thông báo 6150/BNV-TL)' })
  note: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(adjustment: CalendarAdjustment): AdjustmentDto {
    return {
      date: adjustment.date,
      kind: adjustment.kind,
      note: adjustment.note,
      createdAt: adjustment.createdAt,
      updatedAt: adjustment.updatedAt,
    };
  }
}

export class AdjustmentListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2025, description: 'Only the adjustments of this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year?: number;
}

export class AdjustmentListDto {
  @ApiProperty({ type: [AdjustmentDto] }) items: AdjustmentDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class PutAdjustmentDto {
  @ApiProperty({ enum: ADJUSTMENT_KINDS, description: 'day_off: nghỉ bù; working_day: làm bù' })
  @IsIn(ADJUSTMENT_KINDS)
  kind: AdjustmentKind;

  @ApiProperty({ example: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4 (Thông báo 6150/BNV-TL)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  note: string;
}

export class DaysQuery {
  @ApiProperty({ format: 'date', example: '2025-04-25' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({
    format: 'date',
    example: '2025-05-05',
    description: `Included; at most ${MAX_CALENDAR_RANGE_DAYS} days from \`from\``,
  })
  @IsCalendarDate()
  to: string;
}

export class CalendarDayDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' })
  weekday: number;
  @ApiProperty() working: boolean;
  @ApiProperty({
    enum: ['weekend', 'holiday', 'adjustment'],
    nullable: true,
    description: 'Why the day is not an ordinary weekday; null when it is one',
  })
  reason: DayReason | null;
  @ApiProperty({ nullable: true, type: String, example: 'Quốc khánh' }) name: string | null;
  @ApiProperty({ enum: ['library', 'rule', 'adjustment'], nullable: true })
  source: HolidaySource | null;
}

export class DaysDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ description: 'Working days in the range, both ends included' })
  workingDays: number;
  @ApiProperty({ type: [CalendarDayDto] }) days: CalendarDayDto[];
}

export class AddWorkingDaysQuery {
  @ApiProperty({ format: 'date', example: '2025-04-29' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({
    example: 3,
    minimum: -MAX_WORKING_DAYS,
    maximum: MAX_WORKING_DAYS,
    description: 'Whole working days after `from` (0: `from` or the next working day)',
  })
  @Type(() => Number)
  @IsInt()
  @Min(-MAX_WORKING_DAYS)
  @Max(MAX_WORKING_DAYS)
  days: number;
}

export class AddWorkingDaysDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty() days: number;
  @ApiProperty({ format: 'date', example: '2025-05-07' }) date: string;
}
