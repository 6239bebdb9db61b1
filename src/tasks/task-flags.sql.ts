import {
  VIETNAM_TIME_ZONE,
  vietnamDate,
  type WorkingCalendar,
} from '../calendar/working-calendar.js';
import {
  DEADLINE_STOPPED_STATUSES,
  DEFAULT_FLAG_OPTIONS,
  type FlagOptions,
  type TaskCategory,
  UNITS_TURN_STATUSES,
} from './task-flags.js';
import { CLOSED_STATUSES } from './task-workflow.js';

/*
 * The rules of `task-flags.ts` as SQL fragments, for every query that counts, lists or picks
 * tasks by them (compliance, the overview, reports, the escalation planner, task lists).
 * `test/task-flags.property.e2e-spec.ts` evaluates these very fragments in PostgreSQL and proves
 * them equal to `taskFlags()`.
 *
 * Each builder takes the alias of the `tasks` row (`t`) and, where the rule depends on time, SQL
 * expressions for the instants — parameters such as `$1::timestamptz`, never the database's
 * `now()` — and returns plain SQL text: no function of ours, nothing that hides a column from an
 * index (`IDX_tasks_open_due_at` is chosen by the very predicate `deadlineRunsSql` writes, and
 * `IDX_tasks_directive_compliance` covers every column read here). Every boolean fragment is
 * TRUE or FALSE, never NULL, so that NOT of it is safe: a NULL would drop a task from a category.
 */

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** The Vietnamese calendar date of an instant (a timestamptz expression), as `vietnamDate()`. */
export function vietnamDateSql(instant: string): string {
  return `(${instant} AT TIME ZONE '${VIETNAM_TIME_ZONE}')::date`;
}

/** The first instant of a Vietnamese calendar date (a date expression). */
function startOfDateSql(date: string): string {
  return `((${date})::timestamp AT TIME ZONE '${VIETNAM_TIME_ZONE}')`;
}

/** Open: not completed, not cancelled (a paused task is open). */
export function openSql(t: string): string {
  return `${t}.status NOT IN (${list(CLOSED_STATUSES)})`;
}

/** The deadline clock runs: open and not paused. The predicate of `IDX_tasks_open_due_at`. */
export function deadlineRunsSql(t: string): string {
  return `${t}.status NOT IN (${list(DEADLINE_STOPPED_STATUSES)})`;
}

/** Không thời hạn: no deadline. */
export function noDeadlineSql(t: string): string {
  return `${t}.due_at IS NULL`;
}

/** Quá hạn (and the fourth category, quá hạn chưa hoàn thành): the clock runs and the deadline has passed at `now`. */
export function overdueSql(t: string, now: string): string {
  return `(${deadlineRunsSql(t)} AND ${t}.due_at IS NOT NULL AND ${t}.due_at < ${now})`;
}

/** The accepted report came in time: no deadline, or reported by it (no report instant: late). */
function reportOnTimeSql(t: string): string {
  return `(${t}.due_at IS NULL OR (${t}.reported_at IS NOT NULL AND ${t}.reported_at <= ${t}.due_at))`;
}

/** Hoàn thành đúng hạn. */
export function completedOnTimeSql(t: string): string {
  return `(${t}.status = 'completed' AND ${reportOnTimeSql(t)})`;
}

/** Hoàn thành quá hạn. */
export function completedLateSql(t: string): string {
  return `(${t}.status = 'completed' AND NOT ${reportOnTimeSql(t)})`;
}

/** Đang thực hiện trong hạn: open and not overdue (also: paused, or no deadline). */
export function inProgressOnTimeSql(t: string, now: string): string {
  return `(${openSql(t)} AND NOT ${overdueSql(t, now)})`;
}

/** The small integer `categorySql` gives each category. */
export const CATEGORY_CODES = {
  completed_on_time: 1,
  completed_late: 2,
  in_progress_on_time: 3,
  overdue: 4,
} as const satisfies Record<TaskCategory, number>;

/**
 * The task's category as its `CATEGORY_CODES` integer (NULL for a cancelled task), evaluated
 * once per task where a query counts all four.
 */
export function categorySql(t: string, now: string): string {
  const codes = CATEGORY_CODES;
  return `CASE WHEN ${t}.status = 'completed' THEN
                   CASE WHEN ${reportOnTimeSql(t)} THEN ${codes.completed_on_time} ELSE ${codes.completed_late} END
                 WHEN ${overdueSql(t, now)} THEN ${codes.overdue}
                 WHEN ${openSql(t)} THEN ${codes.in_progress_on_time} END`;
}

/** Calendar days (in Vietnam) from an overdue task's deadline to `now`: its days overdue. */
export function daysPastDueSql(t: string, now: string): string {
  return `(${vietnamDateSql(now)} - ${vietnamDateSql(`${t}.due_at`)})`;
}

/**
 * Days overdue of any task, as `taskFlags().daysOverdue`: to `now` while overdue, to the report
 * instant (else `now`) once completed late, otherwise 0.
 */
export function daysOverdueSql(t: string, now: string): string {
  const end = vietnamDateSql(`COALESCE(${t}.reported_at, ${now})`);
  return `CASE WHEN ${overdueSql(t, now)} THEN ${daysPastDueSql(t, now)}
               WHEN ${completedLateSql(t)} THEN GREATEST(0, ${end} - ${vietnamDateSql(`${t}.due_at`)})
               ELSE 0 END`;
}

/**
 * Sắp quá hạn: the clock runs, the deadline has not passed, and it falls before
 * `dueSoonBefore` (a date expression: `flagBounds().dueSoonBefore`).
 */
export function dueSoonSql(t: string, now: string, dueSoonBefore: string): string {
  return `(${deadlineRunsSql(t)} AND ${t}.due_at IS NOT NULL AND ${t}.due_at >= ${now}
           AND ${t}.due_at < ${startOfDateSql(dueSoonBefore)})`;
}

/**
 * Stale: the unit's turn, and its last word came before `staleBefore` (a date expression:
 * `flagBounds().staleBefore`).
 */
export function staleSql(t: string, staleBefore: string): string {
  return `(${t}.status IN (${list(UNITS_TURN_STATUSES)})
           AND ${t}.last_unit_activity_at < ${startOfDateSql(staleBefore)})`;
}

/** The Vietnamese calendar dates the working-day rules come down to at one instant. */
export interface FlagBounds {
  /** Due soon: a deadline (Vietnamese date) before this date, `YYYY-MM-DD`. */
  dueSoonBefore: string;
  /** Stale: the unit's last word (Vietnamese date) before this date, `YYYY-MM-DD`. */
  staleBefore: string;
}

/**
 * The working calendar lives in TypeScript (statutory holidays from a library, admins'
 * adjustments), so SQL gets the two working-day thresholds as dates, computed here at `now`:
 * - due soon: workingDaysBetween(today, due) ≤ N ⇔ due < the (N+1)-th working day after today;
 * - stale: workingDaysBetween(last, today) ≥ S ⇔ last < the S-th most recent working day up to
 *   today (today itself when worked).
 */
export function flagBounds(
  now: Date,
  calendar: WorkingCalendar,
  options: FlagOptions = DEFAULT_FLAG_OPTIONS,
): FlagBounds {
  const today = vietnamDate(now);
  const back = calendar.isWorkingDay(today)
    ? options.staleWorkingDays - 1
    : options.staleWorkingDays;
  return {
    dueSoonBefore: calendar.addWorkingDays(today, options.dueSoonWorkingDays + 1),
    staleBefore: calendar.addWorkingDays(today, -back),
  };
}
