import { periodCellSql } from '../periods/period.sql.js';

/** The one row `periodGridSql` answers: columns, and per unit its counts and cells. */
export interface PeriodGridSqlRow {
  grid: {
    columns: Array<{ from: string; to: string; dueAt: string }> | null;
    units: Array<{
      id: string;
      code: string;
      name: string;
      onTime: number;
      late: number;
      missed: number;
      open: number;
      notDue: number;
      /** Column indexes (ascending) where the unit has a period… */
      at: number[];
      /** …and the worst cell there, as its index in CELL_SEVERITY. */
      worst: number[];
    }> | null;
  };
}

/**
 * The period grid of one directive in one statement: its periods due in [$3, $4) (cancelled
 * ones left out), each read as a cell at `$2` (`periodCellSql`); the columns are the distinct
 * (due instant, span) in due order; per unit, the counts of each cell and, per column, the worst
 * cell (its index in `$5`, CELL_SEVERITY). Parameters: directive id, now, from, until, severity
 * order[, unit id]. The periods are reached from the directive's tasks through
 * IDX_task_periods_task_due (task_id, due_at), only those due in the range.
 */
export function periodGridSql(unitOnly: boolean): string {
  return `WITH p AS MATERIALIZED (
     SELECT t.unit_id, p.due_at, p.starts_on, p.ends_on,
            array_position($5::text[], ${periodCellSql('p', '$2::timestamptz')}) - 1 AS severity
       FROM tasks t
       JOIN task_periods p ON p.task_id = t.id
      WHERE t.directive_id = $1 ${unitOnly ? 'AND t.unit_id = $6' : ''}
        AND p.due_at >= $3 AND p.due_at < $4 AND p.status <> 'cancelled'
   ),
   cols AS (
     SELECT due_at, starts_on, ends_on,
            (row_number() OVER (ORDER BY due_at, starts_on, ends_on))::int - 1 AS i
       FROM (SELECT DISTINCT due_at, starts_on, ends_on FROM p) d
   ),
   cells AS (
     SELECT p.unit_id, c.i, max(p.severity) AS worst,
            count(*) FILTER (WHERE p.severity = 0) AS on_time,
            count(*) FILTER (WHERE p.severity = 3) AS late,
            count(*) FILTER (WHERE p.severity = 4) AS missed,
            count(*) FILTER (WHERE p.severity = 2) AS open,
            count(*) FILTER (WHERE p.severity = 1) AS not_due
       FROM p JOIN cols c USING (due_at, starts_on, ends_on)
      GROUP BY p.unit_id, c.i
   ),
   rows AS (
     SELECT unit_id, sum(on_time)::int AS on_time, sum(late)::int AS late,
            sum(missed)::int AS missed, sum(open)::int AS open, sum(not_due)::int AS not_due,
            array_agg(i ORDER BY i) AS at, array_agg(worst ORDER BY i) AS worst
       FROM cells GROUP BY unit_id
   )
   SELECT json_build_object(
     'columns', (SELECT json_agg(json_build_object(
                   'from', to_char(starts_on, 'YYYY-MM-DD'), 'to', to_char(ends_on, 'YYYY-MM-DD'),
                   'dueAt', due_at) ORDER BY i) FROM cols),
     'units', (SELECT json_agg(json_build_object(
                 'id', u.id, 'code', u.code, 'name', u.name, 'onTime', r.on_time, 'late', r.late,
                 'missed', r.missed, 'open', r.open, 'notDue', r.not_due, 'at', r.at,
                 'worst', r.worst))
                 FROM rows r JOIN units u ON u.id = r.unit_id)
   ) AS grid`;
}
