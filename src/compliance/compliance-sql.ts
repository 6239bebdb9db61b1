import type { ComplianceCounts } from './compliance-figures.js';

/** Dates are read in Vietnam, as `task-flags.ts` does. */
export const COMPLIANCE_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The aggregate columns of one compliance row over tasks `t`, as `task-flags.ts` defines the
 * categories, with `now` the Clock's instant passed as parameter `$<nowParam>` (never the
 * database's `now()`). Callers exclude cancelled tasks in their WHERE.
 */
export function countColumns(nowParam: number): string {
  const now = `$${nowParam}::timestamptz`;
  // Written so that no task's test is NULL (a NULL would drop it from every category): an open
  // task without a deadline is in progress on time, a completed one with a deadline but no report
  // instant is late — as task-flags.ts has it.
  const overdue = `t.status NOT IN ('completed', 'cancelled', 'paused') AND t.due_at IS NOT NULL AND t.due_at < ${now}`;
  const onTime = `t.status = 'completed' AND (t.due_at IS NULL OR (t.reported_at IS NOT NULL AND t.reported_at <= t.due_at))`;
  const days = `((${now} AT TIME ZONE '${COMPLIANCE_ZONE}')::date - (t.due_at AT TIME ZONE '${COMPLIANCE_ZONE}')::date)`;
  return `count(*)::int AS total,
          count(*) FILTER (WHERE ${onTime})::int AS completed_on_time,
          count(*) FILTER (WHERE t.status = 'completed' AND NOT (${onTime}))::int AS completed_late,
          count(*) FILTER (WHERE t.status <> 'completed' AND NOT (${overdue}))::int AS in_progress_on_time,
          count(*) FILTER (WHERE ${overdue})::int AS overdue,
          count(*) FILTER (WHERE t.status = 'assigned')::int AS not_received,
          COALESCE(max(${days}) FILTER (WHERE ${overdue}), 0)::int AS days_overdue_max,
          COALESCE(sum(${days}) FILTER (WHERE ${overdue}), 0)::int AS days_overdue_sum,
          max(t.last_unit_activity_at) AS last_activity_at`;
}

/** The highest escalation level a task reached (0 for reminders only, null for none). */
export const ESCALATION_LEVEL_JOIN = `LEFT JOIN LATERAL (
  SELECT max(e.level) AS level FROM escalations e WHERE e.task_id = t.id) esc ON true`;

/**
 * One directive's figures in one scan, three groupings — totals, per assignment, per unit — each
 * split by `requested` (GROUPING(...) = 3, 1, 2). Parameters: directive id, now[, unit id].
 */
export function directiveComplianceSql(unitOnly: boolean): string {
  return `WITH g AS (
     SELECT t.requested, t.assignment_id, t.unit_id,
            GROUPING(t.assignment_id, t.unit_id) AS grouping,
            ${countColumns(2)}, max(esc.level) AS escalation_level
       FROM tasks t ${ESCALATION_LEVEL_JOIN}
      WHERE t.directive_id = $1 AND t.status <> 'cancelled' ${unitOnly ? 'AND t.unit_id = $3' : ''}
      GROUP BY GROUPING SETS ((t.requested), (t.requested, t.assignment_id), (t.requested, t.unit_id)))
   SELECT g.*, a.ordinal, a.label, a.text, u.code, u.name
     FROM g
     LEFT JOIN assignments a ON a.id = g.assignment_id
     LEFT JOIN units u ON u.id = g.unit_id`;
}

/**
 * A task's category as `countColumns` counts it, as a small integer evaluated once per task:
 * 1 completed on time, 2 completed late (also: a deadline but no report instant), 3 in progress
 * on time (also: no deadline), 4 overdue — every task in exactly one, as in `countColumns`.
 */
function categoryOf(now: string): string {
  return `CASE WHEN t.status = 'completed' THEN
                   CASE WHEN t.due_at IS NULL OR t.reported_at <= t.due_at THEN 1 ELSE 2 END
                 WHEN t.status IN ('cancelled', 'paused') THEN 3
                 WHEN t.due_at < ${now} THEN 4
                 ELSE 3 END`;
}

/** The Vietnamese calendar date of `instant`, as `countColumns` reads days overdue. */
const localDate = (instant: string) => `(${instant} AT TIME ZONE '${COMPLIANCE_ZONE}')::date`;

/** Days are summed as offsets from this date, so that the sum is over plain integers. */
const EPOCH = `DATE '2000-01-01'`;

/**
 * Every unit's figures over the published directives issued in a period, with totals
 * (GROUPING(unit) = 1), split by `requested`, ordered by unit id — the ranking's order among
 * equally bad units, as the sorted GROUP BY of the first version of this query gave it.
 * Parameters: now, from, to[, unit id]. The totals rows carry no `escalation_level` nor
 * `directives` (nobody reads them).
 *
 * A month is tens of thousands of tasks, so each is touched once and cheaply:
 * - they are read from `IDX_tasks_directive_compliance` alone (an index-only scan per directive
 *   of the period), which yields each directive's tasks ordered by (requested, unit);
 * - in that order, `row_number()` marks a unit's first task of each directive, so counting the
 *   marks counts the unit's directives without a DISTINCT (a sort of the whole month);
 * - the category and the overdue task's local due date are computed once per task, in the
 *   lateral subquery, instead of once per aggregate that filters on them; days overdue are then
 *   derived per unit: max = today − earliest due date, sum = overdue × today − Σ due dates;
 * - tasks are aggregated per unit once, and the totals from those few hundred rows;
 * - the escalation levels come from a second pass over the same index, hash-joined to the
 *   escalations: one probe per task, no aggregate over the whole escalations table.
 */
export function unitsComplianceSql(unitOnly: boolean): string {
  const now = '$1::timestamptz';
  const period = `d.status = 'published' AND d.issued_on BETWEEN $2::date AND $3::date`;
  const tasks = `t.status <> 'cancelled' ${unitOnly ? 'AND t.unit_id = $4' : ''}`;
  return `WITH per_unit AS (
     SELECT x.requested, x.unit_id,
            count(*)::int AS total,
            count(*) FILTER (WHERE x.category = 1)::int AS completed_on_time,
            count(*) FILTER (WHERE x.category = 2)::int AS completed_late,
            count(*) FILTER (WHERE x.category = 3)::int AS in_progress_on_time,
            count(*) FILTER (WHERE x.category = 4)::int AS overdue,
            count(*) FILTER (WHERE x.not_received)::int AS not_received,
            min(x.overdue_due_on) AS overdue_due_min,
            sum(x.overdue_due_on - ${EPOCH}) AS overdue_due_sum,
            max(x.last_unit_activity_at) AS last_activity_at,
            count(*) FILTER (WHERE x.first_of_directive)::int AS directives
       FROM directives d
       CROSS JOIN LATERAL (
         SELECT t.requested, t.unit_id, t.last_unit_activity_at,
                t.status = 'assigned' AS not_received,
                ${categoryOf(now)} AS category,
                CASE WHEN t.status NOT IN ('completed', 'cancelled', 'paused') AND t.due_at < ${now}
                     THEN ${localDate('t.due_at')} END AS overdue_due_on,
                row_number() OVER (PARTITION BY t.requested, t.unit_id) = 1 AS first_of_directive
           FROM tasks t
          WHERE t.directive_id = d.id AND ${tasks}) x
      WHERE ${period}
      GROUP BY x.requested, x.unit_id
   ), esc AS (
     SELECT t.requested, t.unit_id, max(e.level) AS level
       FROM directives d
       JOIN tasks t ON t.directive_id = d.id
       JOIN escalations e ON e.task_id = t.id
      WHERE ${period} AND ${tasks}
      GROUP BY t.requested, t.unit_id
   ), g AS (
     SELECT p.unit_id, p.requested, GROUPING(p.unit_id) AS grouping,
            sum(p.total)::int AS total,
            sum(p.completed_on_time)::int AS completed_on_time,
            sum(p.completed_late)::int AS completed_late,
            sum(p.in_progress_on_time)::int AS in_progress_on_time,
            sum(p.overdue)::bigint AS overdue,
            sum(p.not_received)::int AS not_received,
            min(p.overdue_due_min) AS overdue_due_min,
            sum(p.overdue_due_sum) AS overdue_due_sum,
            max(p.last_activity_at) AS last_activity_at,
            CASE WHEN GROUPING(p.unit_id) = 0 THEN sum(p.directives)::int END AS directives
       FROM per_unit p
      GROUP BY GROUPING SETS ((p.requested), (p.requested, p.unit_id)))
   SELECT g.unit_id, g.requested, g.grouping, g.total, g.completed_on_time, g.completed_late,
          g.in_progress_on_time, g.overdue::int AS overdue, g.not_received,
          COALESCE(${localDate(now)} - g.overdue_due_min, 0)::int AS days_overdue_max,
          COALESCE(g.overdue * (${localDate(now)} - ${EPOCH}) - g.overdue_due_sum, 0)::int AS days_overdue_sum,
          g.last_activity_at, esc.level AS escalation_level, g.directives, u.code, u.name
     FROM g
     LEFT JOIN esc ON esc.requested = g.requested AND esc.unit_id = g.unit_id
     LEFT JOIN units u ON u.id = g.unit_id
    ORDER BY g.requested, g.unit_id`;
}

export type RawRow = Record<string, unknown>;

export function countsOf(row: RawRow): ComplianceCounts {
  return {
    total: Number(row.total),
    completedOnTime: Number(row.completed_on_time),
    completedLate: Number(row.completed_late),
    inProgressOnTime: Number(row.in_progress_on_time),
    overdue: Number(row.overdue),
    notReceived: Number(row.not_received),
    daysOverdueMax: Number(row.days_overdue_max),
    daysOverdueSum: Number(row.days_overdue_sum),
  };
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string).toISOString();
}
