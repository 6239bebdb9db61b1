import {
  CELL_SEVERITY,
  type PeriodCounts,
  periodFigures,
  periodWorstFirst,
} from '../periods/period-cell.js';
import type { PeriodGridColumn, PeriodGridRow } from './compliance.types.js';

/** A unit's periods as the grid's statement answers them (period-grid-sql.ts), pure. */
export interface GridUnitInput {
  id: string;
  code: string;
  name: string;
  due: number[];
  start: number[];
  days: number[];
  cell: number[];
}

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.parse('2000-01-01T00:00:00Z');
const dateOf = (day: number) => new Date(EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10);
const COUNT_OF: Record<(typeof CELL_SEVERITY)[number], keyof PeriodCounts> = {
  on_time: 'onTime',
  not_due: 'notDue',
  open: 'open',
  late: 'late',
  missed: 'missed',
};

/**
 * The grid from each unit's periods: the columns are the distinct (due instant, span) in due
 * order, so units of parts with other schedules get columns of their own (null cells elsewhere);
 * where a unit has two periods in one column, the worse shows (CELL_SEVERITY) and both count.
 * Rows carry the figures (period-cell.ts) and come worst first.
 */
export function buildPeriodGrid(units: readonly GridUnitInput[]): {
  columns: PeriodGridColumn[];
  rows: PeriodGridRow[];
  totals: PeriodCounts;
} {
  const keys = new Map<string, { due: number; start: number; days: number }>();
  for (const unit of units) {
    unit.due.forEach((due, k) => {
      const key = `${due}/${unit.start[k]}/${unit.days[k]}`;
      if (!keys.has(key)) keys.set(key, { due, start: unit.start[k], days: unit.days[k] });
    });
  }
  const ordered = [...keys.entries()].sort(
    ([, a], [, b]) => a.due - b.due || a.start - b.start || a.days - b.days,
  );
  const index = new Map(ordered.map(([key], i) => [key, i]));
  const columns = ordered.map(([, c]) => ({
    from: dateOf(c.start),
    to: dateOf(c.start + c.days),
    dueAt: new Date(c.due * 1000).toISOString(),
  }));
  const totals: PeriodCounts = { onTime: 0, late: 0, missed: 0, open: 0, notDue: 0 };
  const rows = units.map((unit): PeriodGridRow => {
    const worst = new Array<number>(columns.length).fill(-1);
    const counts: PeriodCounts = { onTime: 0, late: 0, missed: 0, open: 0, notDue: 0 };
    unit.due.forEach((due, k) => {
      const column = index.get(`${due}/${unit.start[k]}/${unit.days[k]}`) ?? 0;
      const severity = unit.cell[k];
      counts[COUNT_OF[CELL_SEVERITY[severity]]]++;
      if (severity > worst[column]) worst[column] = severity;
    });
    for (const key of Object.keys(totals) as Array<keyof PeriodCounts>) totals[key] += counts[key];
    return {
      unit: { id: unit.id, code: unit.code, name: unit.name },
      ...periodFigures(counts),
      cells: worst.map((severity) => (severity < 0 ? null : CELL_SEVERITY[severity])),
    };
  });
  rows.sort(periodWorstFirst);
  return { columns, rows, totals };
}
