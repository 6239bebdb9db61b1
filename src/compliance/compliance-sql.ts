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
  const overdue = `t.status NOT IN ('completed', 'cancelled', 'paused') AND t.due_at < ${now}`;
  const onTime = `t.status = 'completed' AND (t.due_at IS NULL OR t.reported_at <= t.due_at)`;
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
 * The same, pre-aggregated for many tasks at once: one pass over the escalations instead of an
 * index probe per task (tens of thousands in a month's ranking).
 */
export const ESCALATION_LEVEL_BY_TASK = `LEFT JOIN (
  SELECT e.task_id, max(e.level) AS level FROM escalations e GROUP BY e.task_id) esc ON esc.task_id = t.id`;

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
 * Every unit's figures over the published directives issued in a period, with totals
 * (GROUPING(unit) = 1), split by `requested`. Parameters: now, from, to[, unit id].
 */
export function unitsComplianceSql(unitOnly: boolean): string {
  return `WITH g AS (
     SELECT t.unit_id, t.requested, GROUPING(t.unit_id) AS grouping,
            ${countColumns(1)}, max(esc.level) AS escalation_level,
            count(DISTINCT t.directive_id)::int AS directives
       FROM directives d
       JOIN tasks t ON t.directive_id = d.id
       ${ESCALATION_LEVEL_BY_TASK}
      WHERE d.status = 'published' AND d.issued_on BETWEEN $2::date AND $3::date
        AND t.status <> 'cancelled' ${unitOnly ? 'AND t.unit_id = $4' : ''}
      GROUP BY GROUPING SETS ((t.requested), (t.requested, t.unit_id)))
   SELECT g.*, u.code, u.name FROM g LEFT JOIN units u ON u.id = g.unit_id`;
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
