import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { isCalendarDate } from '../calendar/working-calendar.js';
import { ReportingRangeQuery } from '../periods/period.dto.js';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value) => isCalendarDate(value),
      defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
    },
  });

/** `?format=` on every compliance endpoint: JSON (default), CSV or XLSX. */
export class FormatQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'json';
}

/** `?depth=all`: follow the chain of committees down (triển khai), to any depth. */
export class DepthQuery {
  @ApiPropertyOptional({
    enum: ['all'],
    description: 'all: add what every directive carried down from this one shows, to any depth',
  })
  @IsOptional()
  @IsIn(['all'])
  depth?: 'all';
}

/** `GET /api/compliance/directives/:id`: the format, and `depth=all` to follow the chain down. */
export class DirectiveComplianceQuery extends IntersectionType(FormatQuery, DepthQuery) {}

/** The period of the ranking: directives issued (ngày ban hành) from `from` to `to`, inclusive. */
export class UnitsComplianceQuery extends FormatQuery {
  @ApiProperty({ format: 'date', example: '2026-11-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date', example: '2026-11-30' })
  @IsCalendarDate()
  to: string;
}

/** The period grid's range (ReportingRangeQuery) and the export format. */
export class PeriodGridQuery extends IntersectionType(ReportingRangeQuery, FormatQuery) {}
