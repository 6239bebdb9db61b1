/**
 * The chain tree's query (issue 16, part 4); the recursive walk itself is `chainCte`
 * (directives/directive-chain-sql.ts), shared with compliance and targets.
 */
import { isoInstantSql } from '../core/database/iso-instant.sql.js';
import { chainCte } from '../directives/directive-chain-sql.js';
import {
  categorySql,
  daysOverdueSql,
  dueSoonSql,
  noDeadlineSql,
  overdueSql,
  staleSql,
} from '../tasks/task-flags.sql.js';

/** SQL: the task `t` of the chain's directive `c` is shown (all of it, or the root's own rows). */
function shownTaskSql(ownUnit: string | null): string {
  return ownUnit === null ? 'TRUE' : `(c.depth > 0 OR t.unit_id = ${ownUnit})`;
}

/**
 * The chain tree in one query, in two kinds of row: a row per directive of the chain (task
 * columns null) and a row per task of each (directive columns null but its id), each task with
 * its flags by the rules of `task-flags.sql.ts` (the SQL form of `taskFlags()`, proven equal to
 * it): thousands of tasks, each judged in the scan rather than walked day by day through the
 * working calendar. Parameters: `$1` the root, `$2` now, `$3` and `$4` the flag bounds
 * (`flagBounds()`: due soon before, stale before)[, `$5` the viewer's own unit].
 *
 * A province's chain is thousands of tasks spread over the table, so each task is read from
 * `IDX_tasks_directive_compliance` alone (it holds every column read here: no heap visit); a
 * directive's number, subject and body are sent once, not with each of its tasks (they were half
 * the bytes); and the rows come unordered — sorting them costs more than the tree's ordering of
 * each directive's few tasks (chain-tree.ts).
 */
export function chainTreeSql(ownOnly: boolean): string {
  const own = ownOnly ? '$5' : null;
  const now = '$2::timestamptz';
  return `WITH RECURSIVE ${chainCte('$1', own)}
    SELECT c.id AS directive_id, c.parent_task_id, c.depth, c.number, c.subject, c.issuer,
           to_char(c.issued_on, 'YYYY-MM-DD') AS issued_on,
           b.id AS body_id, b.code AS body_code, b.name AS body_name,
           NULL::uuid AS task_id, NULL::varchar AS status, NULL::boolean AS requested,
           NULL::text AS due_at, NULL::uuid AS unit_id, NULL::varchar AS code,
           NULL::varchar AS name, NULL::int AS category, NULL::boolean AS overdue,
           NULL::int AS days_overdue, NULL::boolean AS due_soon, NULL::boolean AS no_deadline,
           NULL::boolean AS stale
      FROM chain c
      JOIN units b ON b.id = c.issuing_unit_id
    UNION ALL
    SELECT t.directive_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           t.id, t.status, t.requested, ${isoInstantSql('t.due_at')}, u.id, u.code, u.name,
           ${categorySql('t', now)}, ${overdueSql('t', now)}, ${daysOverdueSql('t', now)},
           ${dueSoonSql('t', now, '$3::date')}, ${noDeadlineSql('t')}, ${staleSql('t', '$4::date')}
      FROM chain c
      JOIN tasks t ON t.directive_id = c.id
      JOIN units u ON u.id = t.unit_id
     WHERE t.status <> 'cancelled' AND ${shownTaskSql(own)}`;
}

/**
 * A row of {@link chainTreeSql} as pg returns it in array mode, in the statement's column order:
 * a directive's (`task_id` null) or a task's.
 */
export type ChainTreeSqlRow = [
  directive_id: string,
  parent_task_id: string | null,
  depth: number | null,
  number: string | null,
  subject: string | null,
  issuer: string | null,
  issued_on: string | null,
  body_id: string | null,
  body_code: string | null,
  body_name: string | null,
  task_id: string | null,
  status: string | null,
  requested: boolean | null,
  /** ISO 8601 (`isoInstantSql`). */
  due_at: string | null,
  unit_id: string | null,
  code: string | null,
  name: string | null,
  /** `CATEGORY_CODES`' integer; null for a cancelled task (never shown) or no task. */
  category: number | null,
  overdue: boolean | null,
  days_overdue: number | null,
  due_soon: boolean | null,
  no_deadline: boolean | null,
  stale: boolean | null,
];
