import type { GridUnitInput } from './period-grid.js';
import { periodCellSql } from '../periods/period.sql.js';

/** A unit's periods in the range, column by column (entry k of each array is one period). */
export type PeriodGridSqlUnit = GridUnitInput;

/** The one row `periodGridSql` answers (units null when no period is in the range). */
export interface PeriodGridSqlRow {
  units: PeriodGridSqlUnit[] | null;
}

/** Day numbers count from here (plain integers travel lighter than dates). */
export const GRID_EPOCH = '2000-01-01';

/**
 * The period grid's data in one statement and one pass: the directive's periods due in [$3, $4)
 * (cancelled ones left out), each read as a cell at `$2` (`periodCellSql`, the rule written
 * once), grouped per unit into parallel arrays of integers; the columns (distinct due instant and
 * span) are formed from them in TypeScript (`buildPeriodGrid`). Parameters: directive id, now,
 * from, until, severity order (CELL_SEVERITY)[, unit id].
 */
export function periodGridSql(unitOnly: boolean): string {
  return `SELECT json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name,
            'due', r.due, 'start', r.start, 'days', r.days, 'cell', r.cell)) AS units
     FROM (SELECT t.unit_id,
                  array_agg(extract(epoch FROM p.due_at)::bigint) AS due,
                  array_agg(p.starts_on - DATE '${GRID_EPOCH}') AS start,
                  array_agg(p.ends_on - p.starts_on) AS days,
                  array_agg(array_position($5::text[], ${periodCellSql('p', '$2::timestamptz')}) - 1) AS cell
             FROM tasks t
             JOIN task_periods p ON p.task_id = t.id
            WHERE t.directive_id = $1 ${unitOnly ? 'AND t.unit_id = $6' : ''}
              AND p.due_at >= $3 AND p.due_at < $4 AND p.status <> 'cancelled'
            GROUP BY t.unit_id) r
     JOIN units u ON u.id = r.unit_id`;
}
