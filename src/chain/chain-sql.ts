/**
 * The chain tree's query (issue 16, part 4); the recursive walk itself is `chainCte`
 * (directives/directive-chain-sql.ts), shared with compliance and targets.
 */
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
 * The chain tree in one query: a row per task of every directive of the chain (a directive
 * without a task shown: one row with null task columns), with the directive's columns repeated,
 * and each task's flags by the rules of `task-flags.sql.ts` (the SQL form of `taskFlags()`,
 * proven equal to it): thousands of tasks, each judged in the scan rather than walked day by day
 * through the working calendar. Parameters: `$1` the root, `$2` now, `$3` and `$4` the flag
 * bounds (`flagBounds()`: due soon before, stale before)[, `$5` the viewer's own unit].
 *
 * A province's chain is thousands of tasks spread over the table, so each task is read from
 * `IDX_tasks_directive_compliance` alone (it holds every column read here: no heap visit), and
 * the rows come ordered by directive only — text ordering under a collation costs more than
 * the whole scan; the tree orders each directive's tasks (chain-tree.ts).
 */
export function chainTreeSql(ownOnly: boolean): string {
  const own = ownOnly ? '$5' : null;
  const now = '$2::timestamptz';
  return `WITH RECURSIVE ${chainCte('$1', own)}
    SELECT c.id AS directive_id, c.parent_task_id, c.depth, d.number, d.subject, d.issuer,
           to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on,
           b.id AS body_id, b.code AS body_code, b.name AS body_name,
           t.id AS task_id, t.status, t.requested, t.due_at, u.id AS unit_id, u.code, u.name,
           ${categorySql('t', now)} AS category, ${overdueSql('t', now)} AS overdue,
           ${daysOverdueSql('t', now)} AS days_overdue,
           ${dueSoonSql('t', now, '$3::date')} AS due_soon, ${noDeadlineSql('t')} AS no_deadline,
           ${staleSql('t', '$4::date')} AS stale
      FROM chain c
      JOIN directives d ON d.id = c.id
      JOIN units b ON b.id = d.issuing_unit_id
      LEFT JOIN LATERAL (
        SELECT t.id, t.status, t.requested, t.due_at, t.reported_at, t.last_unit_activity_at,
               t.unit_id
          FROM tasks t
         WHERE t.directive_id = c.id AND t.status <> 'cancelled' AND ${shownTaskSql(own)}) t ON true
      LEFT JOIN units u ON u.id = t.unit_id
     ORDER BY c.depth, c.id`;
}

/** A row of {@link chainTreeSql}, as pg returns it. */
export interface ChainTreeSqlRow {
  directive_id: string;
  parent_task_id: string | null;
  depth: number;
  number: string | null;
  subject: string | null;
  issuer: string | null;
  issued_on: string | null;
  body_id: string;
  body_code: string;
  body_name: string;
  task_id: string | null;
  status: string | null;
  requested: boolean | null;
  due_at: Date | null;
  unit_id: string | null;
  code: string | null;
  name: string | null;
  /** `CATEGORY_CODES`' integer; null for a cancelled task (never shown) or no task. */
  category: number | null;
  overdue: boolean | null;
  days_overdue: number | null;
  due_soon: boolean | null;
  no_deadline: boolean | null;
  stale: boolean | null;
}
