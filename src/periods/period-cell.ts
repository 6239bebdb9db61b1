import { isCalendarDate, vietnamDate } from '../calendar/working-calendar.js';
import { isLate, type PeriodStatus, periodStatusAt } from './period-status.js';
import { InvalidReportingRangeError } from './periods.errors.js';

/**
 * A cell of the period grid (bảng kỳ báo cáo): how a unit stands on one reporting period at an
 * instant. Written once more in SQL (`periodCellSql` in period.sql.ts); a property test against
 * PostgreSQL proves the two agree.
 *
 * - `on_time` / `late`: a report came in; judged on the FIRST submission against the due instant
 *   (the `late` column): a report returned and resubmitted keeps its first judgement, and a
 *   report in early (before its span even started) is on time.
 * - `missed`: no report, and the period reads as missed at `now` (`periodStatusAt`: its due
 *   instant has passed, or the worker stored it missed).
 * - `open`: no report, not yet due, and its span has started (the Vietnam date of `now` is on or
 *   after its first day).
 * - `not_due`: no report and its span has not started yet.
 *
 * Cancelled periods (the task ended, the recurrence changed) are not in the grid: `null`.
 */
export const PERIOD_CELLS = ['on_time', 'late', 'missed', 'open', 'not_due'] as const;
export type PeriodCell = (typeof PERIOD_CELLS)[number];

export interface CellInput {
  status: PeriodStatus;
  /** The span's first day, YYYY-MM-DD (Vietnam). */
  startsOn: string;
  dueAt: Date;
  firstSubmittedAt: Date | null;
}

export function periodCellAt(period: CellInput, now: Date): PeriodCell | null {
  if (period.status === 'cancelled') return null;
  if (period.firstSubmittedAt)
    return isLate(period.dueAt, period.firstSubmittedAt) ? 'late' : 'on_time';
  if (periodStatusAt(period, now) === 'missed') return 'missed';
  return vietnamDate(now) >= period.startsOn ? 'open' : 'not_due';
}

/**
 * Cells from best to worst: where a unit has two periods in one column (it leads two recurring
 * parts on the same schedule), the column shows the worse. Still awaited (open) is worse than done
 * on time, and late is worse than still awaited.
 */
export const CELL_SEVERITY: readonly PeriodCell[] = [
  'on_time',
  'not_due',
  'open',
  'late',
  'missed',
];

/** The counts of a row of the grid (or of the whole grid). */
export interface PeriodCounts {
  onTime: number;
  late: number;
  missed: number;
  open: number;
  notDue: number;
}

export interface PeriodFigures extends PeriodCounts {
  /**
   * Periods due: judged ones (on time + late + missed). A report sent early counts here, on time,
   * before its due instant; an open period does not.
   */
  due: number;
  /** onTime ÷ due (4 decimals); null when nothing is due. */
  onTimeRate: number | null;
}

export function periodFigures(counts: PeriodCounts): PeriodFigures {
  const due = counts.onTime + counts.late + counts.missed;
  return {
    ...counts,
    due,
    onTimeRate: due === 0 ? null : Math.round((counts.onTime / due) * 10_000) / 10_000,
  };
}

const collator = new Intl.Collator('vi');

/**
 * Worst units first: the most missed periods, then the lowest on-time rate (rows with nothing due
 * last), then the most late ones, then the unit's name (Vietnamese order).
 */
export function periodWorstFirst(
  a: PeriodFigures & { unit: { name: string } },
  b: PeriodFigures & { unit: { name: string } },
): number {
  if (a.missed !== b.missed) return b.missed - a.missed;
  if (a.onTimeRate !== b.onTimeRate) {
    if (a.onTimeRate === null) return 1;
    if (b.onTimeRate === null) return -1;
    return a.onTimeRate - b.onTimeRate;
  }
  return b.late - a.late || collator.compare(a.unit.name, b.unit.name);
}

/** The longest range the grid is asked for: a year of daily periods at most. */
export const MAX_RANGE_DAYS = 366;

export interface ReportingRange {
  /** First and last day, YYYY-MM-DD (Vietnam): periods DUE on these days or between are in. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/**
 * The range asked for, or the current quarter (Vietnam time) for what is missing: `from` alone
 * runs to its quarter's end, `to` alone from its quarter's start. Not a date, `from` after `to`,
 * or more than MAX_RANGE_DAYS days: InvalidReportingRangeError (400).
 */
export function reportingRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
): ReportingRange {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value))
      throw new InvalidReportingRangeError(`${name} must be a calendar date YYYY-MM-DD`);
  }
  const anchor = from ?? to ?? vietnamDate(now);
  const quarter = quarterOf(anchor);
  const range = { from: from ?? (to ? quarterOf(to).from : quarter.from), to: to ?? quarter.to };
  if (range.from > range.to) throw new InvalidReportingRangeError('from must not be after to');
  if (dayNumber(range.to) - dayNumber(range.from) + 1 > MAX_RANGE_DAYS)
    throw new InvalidReportingRangeError(`the range may span at most ${MAX_RANGE_DAYS} days`);
  return range;
}

/** The quarter (quý) a date falls in: its first and last day. */
export function quarterOf(date: string): ReportingRange {
  const year = Number(date.slice(0, 4));
  const first = Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1;
  const last = new Date(Date.UTC(year, first + 2, 0)).toISOString().slice(0, 10);
  return {
    from: `${String(year).padStart(4, '0')}-${String(first).padStart(2, '0')}-01`,
    to: last,
  };
}

/** The range as instants: periods with `from ≤ due_at < until` are in it. */
export function rangeInstants(range: ReportingRange): { from: Date; until: Date } {
  return {
    from: new Date(`${range.from}T00:00:00+07:00`),
    until: new Date(Date.parse(`${range.to}T00:00:00+07:00`) + DAY_MS),
  };
}
