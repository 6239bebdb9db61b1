import { isoInstantSql } from '../core/database/iso-instant.sql.js';
import {
  CATEGORY_CODES,
  categorySql,
  completedLateSql,
  completedOnTimeSql,
  daysPastDueSql,
  inProgressOnTimeSql,
  overdueSql,
  vietnamDateSql,
} from '../tasks/task-flags.sql.js';
import { chainCte } from '../directives/directive-chain-sql.js';
import type { TaskStatus } from '../tasks/task-status.js';
import type { ComplianceCounts } from './compliance-figures.js';
import type { DirectiveRef, OverdueTaskRow } from './compliance.types.js';

/**
 * The aggregate columns of one compliance row over tasks `t`, with the categories as
 * `task-flags.sql.ts` writes them (never NULL: every task in exactly one) and `now` the Clock's
 * instant passed as parameter `$<nowParam>` (never the database's `now()`). Callers exclude
 * cancelled tasks in their WHERE.
 */
export function countColumns(nowParam: number): string {
  const now = `$${nowParam}::timestamptz`;
  const overdue = overdueSql('t', now);
  const days = daysPastDueSql('t', now);
  return `count(*)::int AS total,
          count(*) FILTER (WHERE ${completedOnTimeSql('t')})::int AS completed_on_time,
          count(*) FILTER (WHERE ${completedLateSql('t')})::int AS completed_late,
          count(*) FILTER (WHERE ${inProgressOnTimeSql('t', now)})::int AS in_progress_on_time,
          count(*) FILTER (WHERE ${overdue})::int AS overdue,
          count(*) FILTER (WHERE t.status = 'assigned')::int AS not_received,
          COALESCE(max(${days}) FILTER (WHERE ${overdue}), 0)::int AS days_overdue_max,
          COALESCE(sum(${days}) FILTER (WHERE ${overdue}), 0)::int AS days_overdue_sum,
          ${isoInstantSql('max(t.last_unit_activity_at)')} AS last_activity_at`;
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
 * `?depth=all`: the figures of every directive carried down from directive `$1` (chain-sql.ts),
 * in one scan grouped by directive — totals (GROUPING(unit) = 1) and per unit, split by
 * `requested`, exactly as {@link directiveComplianceSql} counts one directive — and a row per
 * directive with its number, subject, the task it carries down and that task's unit, sent once
 * rather than with each of its thousands of figure rows. Parameters: root, now[, the viewer's own
 * unit: only what the root's tasks of that unit carried down]. Unordered: ordering thousands of
 * rows by a collated name costs more than the scan; the service orders the few directives.
 */
export function chainComplianceSql(ownOnly: boolean): string {
  return `WITH RECURSIVE ${chainCte('$1', ownOnly ? '$3' : null)},
   g AS (
     SELECT t.directive_id, t.requested, t.unit_id, GROUPING(t.unit_id) AS grouping,
            ${countColumns(2)}, max(esc.level) AS escalation_level
       FROM chain c
       JOIN tasks t ON t.directive_id = c.id ${ESCALATION_LEVEL_JOIN}
      WHERE c.depth > 0 AND t.status <> 'cancelled'
      GROUP BY GROUPING SETS ((t.directive_id, t.requested), (t.directive_id, t.requested, t.unit_id)))
   SELECT c.id AS directive_id, c.parent_directive_id, c.parent_task_id, c.depth,
          c.number, c.issuer, c.subject, to_char(c.issued_on, 'YYYY-MM-DD') AS issued_on,
          pu.id AS parent_unit_id, pu.code AS parent_code, pu.name AS parent_name,
          NULL::boolean AS requested, NULL::uuid AS unit_id, NULL::int AS grouping,
          NULL::int AS total, NULL::int AS completed_on_time, NULL::int AS completed_late,
          NULL::int AS in_progress_on_time, NULL::int AS overdue, NULL::int AS not_received,
          NULL::int AS days_overdue_max, NULL::int AS days_overdue_sum,
          NULL::text AS last_activity_at, NULL::int AS escalation_level,
          NULL::varchar AS code, NULL::varchar AS name
     FROM chain c
     JOIN units pu ON pu.id = c.parent_unit_id
    WHERE c.depth > 0
   UNION ALL
   SELECT g.directive_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
          g.requested, g.unit_id, g.grouping, g.total, g.completed_on_time, g.completed_late,
          g.in_progress_on_time, g.overdue, g.not_received, g.days_overdue_max,
          g.days_overdue_sum, g.last_activity_at, g.escalation_level, u.code, u.name
     FROM g
     LEFT JOIN units u ON u.id = g.unit_id`;
}

/**
 * A row of `chainComplianceSql`: a carried-down directive's own (`grouping` null: the directive,
 * the task it carries down and that task's unit), or one of its figures (`grouping` 1: its
 * totals; 0: a unit's), which name only the directive's id.
 */
export interface ChainComplianceSqlRow {
  directive_id: string;
  parent_directive_id: string | null;
  parent_task_id: string | null;
  depth: number | null;
  number: string | null;
  issuer: string | null;
  subject: string | null;
  issued_on: string | null;
  parent_unit_id: string | null;
  parent_code: string | null;
  parent_name: string | null;
  requested: boolean | null;
  unit_id: string | null;
  grouping: number | null;
  total: number | null;
  completed_on_time: number;
  completed_late: number;
  in_progress_on_time: number;
  overdue: number;
  not_received: number;
  days_overdue_max: number;
  days_overdue_sum: number;
  /** ISO 8601 in UTC, as `Date.toISOString()` writes it ({@link isoInstantSql}). */
  last_activity_at: string | null;
  escalation_level: number | null;
  code: string | null;
  name: string | null;
}

/** Days are summed as offsets from this date, so that the sum is over plain integers. */
const EPOCH = `DATE '2000-01-01'`;

/**
 * Every unit's figures over the published directives issued in a period, with totals
 * (GROUPING(unit) = 1), split by `requested`, ordered by unit id — the ranking's order among
 * equally bad units, as the sorted GROUP BY of the first version of this query gave it.
 * Parameters: now, from, to[, the scope's value]; `visible` is the user's task scope over `t` and
 * `d` (`visibleTaskSql`, its value in $4). The totals rows carry no `escalation_level` nor
 * `directives` (nobody reads them).
 *
 * A month is tens of thousands of tasks, so each is touched once and cheaply:
 * - they are read from `IDX_tasks_directive_compliance` alone (an index-only scan per directive
 *   of the period), which yields each directive's tasks ordered by (requested, unit);
 * - in that order, `row_number()` marks a unit's first task of each directive, so counting the
 *   marks counts the unit's directives without a DISTINCT (a sort of the whole month);
 * - the category and the overdue task's local due date are computed once per task, in the
 *   lateral subquery, instead of once per aggregate that filters on them; days overdue
 *   (`daysPastDueSql`: today − due date) are then derived per unit: max = today − earliest due
 *   date, sum = overdue × today − Σ due dates;
 * - tasks are aggregated per unit once, and the totals from those few hundred rows;
 * - the escalation levels come from a second pass over the same index, hash-joined to the
 *   escalations: one probe per task, no aggregate over the whole escalations table.
 */
export function unitsComplianceSql(visible: string): string {
  const now = '$1::timestamptz';
  const period = `d.status = 'published' AND d.issued_on BETWEEN $2::date AND $3::date`;
  const tasks = `t.status <> 'cancelled' AND ${visible}`;
  const codes = CATEGORY_CODES;
  return `WITH per_unit AS (
     SELECT x.requested, x.unit_id,
            count(*)::int AS total,
            count(*) FILTER (WHERE x.category = ${codes.completed_on_time})::int AS completed_on_time,
            count(*) FILTER (WHERE x.category = ${codes.completed_late})::int AS completed_late,
            count(*) FILTER (WHERE x.category = ${codes.in_progress_on_time})::int AS in_progress_on_time,
            count(*) FILTER (WHERE x.category = ${codes.overdue})::int AS overdue,
            count(*) FILTER (WHERE x.not_received)::int AS not_received,
            min(x.overdue_due_on) AS overdue_due_min,
            sum(x.overdue_due_on - ${EPOCH}) AS overdue_due_sum,
            max(x.last_unit_activity_at) AS last_activity_at,
            count(*) FILTER (WHERE x.first_of_directive)::int AS directives
       FROM directives d
       CROSS JOIN LATERAL (
         SELECT t.requested, t.unit_id, t.last_unit_activity_at,
                t.status = 'assigned' AS not_received,
                ${categorySql('t', now)} AS category,
                CASE WHEN ${overdueSql('t', now)} THEN ${vietnamDateSql('t.due_at')} END AS overdue_due_on,
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
          COALESCE(${vietnamDateSql(now)} - g.overdue_due_min, 0)::int AS days_overdue_max,
          COALESCE(g.overdue * (${vietnamDateSql(now)} - ${EPOCH}) - g.overdue_due_sum, 0)::int AS days_overdue_sum,
          ${isoInstantSql('g.last_activity_at')} AS last_activity_at, esc.level AS escalation_level,
          g.directives, u.code, u.name
     FROM g
     LEFT JOIN esc ON esc.requested = g.requested AND esc.unit_id = g.unit_id
     LEFT JOIN units u ON u.id = g.unit_id
    ORDER BY g.requested, g.unit_id`;
}

/**
 * The overdue tasks the chair's home lists, longest overdue first (at most 50), read from
 * `IDX_tasks_open_due_at`. Parameters: now[, the scope's value]; `visible` is the user's task
 * scope over `t` and `d` (`visibleTaskSql`, its value in $2).
 */
export function overdueTasksSql(visible: string): string {
  const now = '$1::timestamptz';
  return `SELECT t.id, t.status, t.requested, t.deadline, t.due_at,
              ${daysPastDueSql('t', now)} AS days,
              (SELECT max(e.level) FROM escalations e WHERE e.task_id = t.id) AS escalation_level,
              u.id AS unit_id, u.code, u.name, d.id AS directive_id, d.number, d.subject,
              a.label, a.text
         FROM tasks t
         JOIN units u ON u.id = t.unit_id
         JOIN directives d ON d.id = t.directive_id
         JOIN assignments a ON a.id = t.assignment_id
        WHERE ${overdueSql('t', now)} AND ${visible}
        ORDER BY t.due_at, t.id
        LIMIT 50`;
}

/** A row of `overdueTasksSql`, as pg returns it. */
export interface OverdueTaskSqlRow {
  id: string;
  status: TaskStatus;
  requested: boolean;
  deadline: string | null;
  due_at: Date;
  days: number;
  escalation_level: number | null;
  unit_id: string;
  code: string;
  name: string;
  directive_id: string;
  number: string | null;
  subject: string | null;
  label: string;
  text: string;
}

export function overdueTaskOf(row: OverdueTaskSqlRow): OverdueTaskRow {
  return {
    taskId: row.id,
    status: row.status,
    requested: row.requested,
    deadline: row.deadline,
    dueAt: row.due_at.toISOString(),
    daysOverdue: row.days,
    escalationLevel: row.escalation_level,
    unit: { id: row.unit_id, code: row.code, name: row.name },
    directive: { id: row.directive_id, number: row.number, subject: row.subject },
    assignment: { label: row.label, text: row.text },
  };
}

/** The columns `countColumns` (and the ranking) yield, as pg returns them. */
export interface CountsSqlRow {
  total: number;
  completed_on_time: number;
  completed_late: number;
  in_progress_on_time: number;
  overdue: number;
  not_received: number;
  days_overdue_max: number;
  days_overdue_sum: number;
  /** ISO 8601 in UTC, as `Date.toISOString()` writes it ({@link isoInstantSql}). */
  last_activity_at: string | null;
}

/** What `directiveRef` reads. */
export interface DirectiveRefSqlRow {
  id: string;
  number: string | null;
  issuer: string | null;
  subject: string | null;
  /** `to_char(issued_on, 'YYYY-MM-DD')` */
  issued_on: string | null;
}

/** A row of `directiveComplianceSql`: totals, per assignment or per unit (`grouping` 3, 1, 2). */
export interface DirectiveComplianceSqlRow extends CountsSqlRow {
  requested: boolean;
  grouping: number;
  assignment_id: string | null;
  unit_id: string | null;
  escalation_level: number | null;
  ordinal: number | null;
  label: string | null;
  text: string | null;
  code: string | null;
  name: string | null;
}

/** A row of `unitsComplianceSql`: totals or per unit (`grouping` 1, 0). */
export interface UnitsComplianceSqlRow extends CountsSqlRow {
  unit_id: string | null;
  requested: boolean;
  grouping: number;
  escalation_level: number | null;
  directives: number | null;
  code: string | null;
  name: string | null;
}

export function countsOf(row: CountsSqlRow): ComplianceCounts {
  return {
    total: row.total,
    completedOnTime: row.completed_on_time,
    completedLate: row.completed_late,
    inProgressOnTime: row.in_progress_on_time,
    overdue: row.overdue,
    notReceived: row.not_received,
    daysOverdueMax: row.days_overdue_max,
    daysOverdueSum: row.days_overdue_sum,
  };
}

export function directiveRef(row: DirectiveRefSqlRow): DirectiveRef {
  return {
    id: row.id,
    number: row.number,
    issuer: row.issuer,
    subject: row.subject,
    issuedOn: row.issued_on,
  };
}

/** A column a grouping level guarantees (a unit row's unit): its absence is a bug in the SQL. */
export function present<T>(value: T | null, column: string): T {
  if (value === null) throw new Error(`compliance row without ${column}`);
  return value;
}

/**
 * The directives carrying the task `$1` down (`directives.implements_task_id`, indexed), each
 * with `countColumns` over its tasks — one statement for all of them; the lateral aggregate
 * yields a row of zeros for a draft, which has no tasks yet. Parameters: task id, now, whether
 * drafts are included.
 */
export const CARRIED_DOWN_SQL = `SELECT d.id, d.number, d.subject, d.status, c.*
     FROM directives d
     CROSS JOIN LATERAL (
       SELECT ${countColumns(2)}
         FROM tasks t
        WHERE t.directive_id = d.id AND t.status <> 'cancelled') c
    WHERE d.implements_task_id = $1 AND (d.status = 'published' OR $3::boolean)
    ORDER BY d.created_at, d.id`;

/** A row of `CARRIED_DOWN_SQL`. */
export interface CarriedDownSqlRow extends CountsSqlRow {
  id: string;
  number: string | null;
  subject: string | null;
  status: string;
}
