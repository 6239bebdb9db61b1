import type { EntityManager } from 'typeorm';
import type { PeriodSpan } from './period-schedule.js';

/** Periods for many tasks, column by column (entry i of each array is one period). */
export class PeriodColumns {
  readonly taskIds: string[] = [];
  readonly numbers: number[] = [];
  readonly startsOn: string[] = [];
  readonly endsOn: string[] = [];
  readonly dueAts: Date[] = [];

  get count(): number {
    return this.taskIds.length;
  }

  add(taskId: string, spans: readonly PeriodSpan[]): void {
    for (const span of spans) {
      this.taskIds.push(taskId);
      this.numbers.push(span.number);
      this.startsOn.push(span.from);
      this.endsOn.push(span.to);
      this.dueAts.push(span.dueAt);
    }
  }
}

/**
 * The status as of `$now` in SQL (an open period past due reads as missed): the same rule as
 * `periodStatusAt` (period-status.ts). `alias` is the task_periods alias, `now` a placeholder.
 */
export function periodStatusSql(alias: string, now: string): string {
  return `CASE WHEN ${alias}.status = 'open' AND ${alias}.due_at <= ${now} THEN 'missed' ELSE ${alias}.status END`;
}

/**
 * The grid cell as of `$now` in SQL (on_time, late, missed, open, not_due; NULL when cancelled):
 * the same rule as `periodCellAt` (period-cell.ts), built on `periodStatusSql`. The span has
 * started when its first day is on or before the Vietnam date of `now`, whatever the session's
 * time zone.
 */
export function periodCellSql(alias: string, now: string): string {
  return `CASE
    WHEN ${alias}.status = 'cancelled' THEN NULL
    WHEN ${alias}.first_submitted_at IS NOT NULL THEN
      CASE WHEN ${alias}.first_submitted_at > ${alias}.due_at THEN 'late' ELSE 'on_time' END
    WHEN ${periodStatusSql(alias, now)} = 'missed' THEN 'missed'
    WHEN ${alias}.starts_on <= (${now} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'open'
    ELSE 'not_due' END`;
}

/** Whether a period's first report was not in by its due instant (SQL, for the streak). */
export function missedAtDueSql(alias: string): string {
  return `(${alias}.first_submitted_at IS NULL OR ${alias}.first_submitted_at > ${alias}.due_at)`;
}

/** Inserts periods (one statement, however many); an existing (task, number) is left alone. */
export async function insertPeriods(
  manager: EntityManager,
  periods: PeriodColumns,
): Promise<number> {
  if (periods.count === 0) return 0;
  const rows = await manager.query<Array<{ id: string }>>(
    `INSERT INTO task_periods (task_id, number, starts_on, ends_on, due_at)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::date[], $4::date[], $5::timestamptz[])
     ON CONFLICT (task_id, number) DO NOTHING
     RETURNING id`,
    [periods.taskIds, periods.numbers, periods.startsOn, periods.endsOn, periods.dueAts],
  );
  return rows.length;
}

/**
 * The periods of a publication: every lead task of these parts gets its part's spans, in one
 * INSERT … SELECT joining the tasks just created (the spans are the same for every unit of a
 * part, so they travel once per part, not once per task).
 */
export async function insertPublicationPeriods(
  manager: EntityManager,
  directiveId: string,
  perPart: ReadonlyArray<{ assignmentId: string; spans: readonly PeriodSpan[] }>,
): Promise<number> {
  const parts: string[] = [];
  const numbers: number[] = [];
  const startsOn: string[] = [];
  const endsOn: string[] = [];
  const dueAts: Date[] = [];
  for (const { assignmentId, spans } of perPart) {
    for (const span of spans) {
      parts.push(assignmentId);
      numbers.push(span.number);
      startsOn.push(span.from);
      endsOn.push(span.to);
      dueAts.push(span.dueAt);
    }
  }
  if (parts.length === 0) return 0;
  const rows = await manager.query<Array<{ n: number }>>(
    `WITH created AS (
       INSERT INTO task_periods (task_id, number, starts_on, ends_on, due_at)
       SELECT t.id, s.number, s.starts_on, s.ends_on, s.due_at
         FROM unnest($2::uuid[], $3::int[], $4::date[], $5::date[], $6::timestamptz[])
              AS s(assignment_id, number, starts_on, ends_on, due_at)
         JOIN tasks t ON t.assignment_id = s.assignment_id AND t.directive_id = $1 AND t.role = 'lead'
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM created`,
    [directiveId, parts, numbers, startsOn, endsOn, dueAts],
  );
  return rows[0].n;
}

/** Open periods due by `now` become missed (the reads already say so; this stores it). */
export async function markMissed(manager: EntityManager, now: Date): Promise<number> {
  const [, count] = await manager.query<[unknown, number]>(
    `UPDATE task_periods SET status = 'missed' WHERE status = 'open' AND due_at <= $1`,
    [now],
  );
  return count;
}

/**
 * Open periods not yet due become cancelled: of these tasks (a recurrence change), or of every
 * closed task (completed or cancelled) when `taskIds` is null.
 */
export async function cancelOpenPeriods(
  manager: EntityManager,
  taskIds: string[] | null,
  now: Date,
): Promise<number> {
  const [, count] = await manager.query<[unknown, number]>(
    taskIds
      ? `UPDATE task_periods SET status = 'cancelled', cancelled_at = $1
          WHERE status = 'open' AND due_at > $1 AND task_id = ANY($2::uuid[])`
      : `UPDATE task_periods p SET status = 'cancelled', cancelled_at = $1
           FROM tasks t
          WHERE p.status = 'open' AND p.due_at > $1 AND t.id = p.task_id
            AND t.status IN ('completed', 'cancelled')`,
    taskIds ? [now, taskIds] : [now],
  );
  return count;
}
