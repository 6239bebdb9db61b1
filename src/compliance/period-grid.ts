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
  /** The due instant, in seconds since 1970. */
  due: number[];
  /** The span's first day, in days since 2000-01-01. */
  start: number[];
  /** The span's length in days after its first day (0: one day). */
  days: number[];
  /** The cell (`periodCellSql`), as its index in CELL_SEVERITY. */
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
/** The count a severity index adds to. */
const COUNT_KEYS = CELL_SEVERITY.map((cell) => COUNT_OF[cell]);

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
  // Columns keyed by due instant, then by span (start, length): numbers, not strings, since
  // a quarter of a province is some 13,000 periods.
  const byDue = new Map<number, Map<number, number>>();
  const spans: Array<{ due: number; start: number; days: number }> = [];
  for (const unit of units) {
    unit.due.forEach((due, k) => {
      let bySpan = byDue.get(due);
      if (!bySpan) byDue.set(due, (bySpan = new Map<number, number>()));
      const span = unit.start[k] * 1024 + unit.days[k];
      if (!bySpan.has(span)) {
        bySpan.set(span, spans.length);
        spans.push({ due, start: unit.start[k], days: unit.days[k] });
      }
    });
  }
  const order = spans
    .map((_, i) => i)
    .sort(
      (a, b) =>
        spans[a].due - spans[b].due ||
        spans[a].start - spans[b].start ||
        spans[a].days - spans[b].days,
    );
  const columnOf = new Array<number>(spans.length);
  order.forEach((span, column) => (columnOf[span] = column));
  const columns = order.map((i) => ({
    from: dateOf(spans[i].start),
    to: dateOf(spans[i].start + spans[i].days),
    dueAt: new Date(spans[i].due * 1000).toISOString(),
  }));
  const totals: PeriodCounts = { onTime: 0, late: 0, missed: 0, open: 0, notDue: 0 };
  const rows = units.map((unit): PeriodGridRow => {
    const worst = new Array<number>(columns.length).fill(-1);
    const counts: PeriodCounts = { onTime: 0, late: 0, missed: 0, open: 0, notDue: 0 };
    unit.due.forEach((due, k) => {
      const column = columnOf[byDue.get(due)!.get(unit.start[k] * 1024 + unit.days[k])!];
      const severity = unit.cell[k];
      counts[COUNT_KEYS[severity]]++;
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
