import { buildPeriodGrid, type GridUnitInput } from './period-grid.js';

// Friday 27/11/2026 and Friday 4/12/2026 at 15:00 in Hà Nội, in seconds; spans as day numbers
// since 2000-01-01 (27/11/2026 is day 9827).
const FRI1 = Date.parse('2026-11-27T08:00:00Z') / 1000;
const FRI2 = Date.parse('2026-12-04T08:00:00Z') / 1000;
const END_NOV = Date.parse('2026-11-30T16:59:00Z') / 1000;

const unit = (name: string, periods: Array<[number, number, number, number]>): GridUnitInput => ({
  id: name,
  code: name,
  name,
  due: periods.map((p) => p[0]),
  start: periods.map((p) => p[1]),
  days: periods.map((p) => p[2]),
  cell: periods.map((p) => p[3]),
});

describe(buildPeriodGrid.name, () => {
  it('should give each (due instant, span) a column, worst cell per column, units worst first', () => {
    const { columns, rows, totals } = buildPeriodGrid([
      // Weekly: on time (0) then open (2).
      unit('Xã An', [
        [FRI2, 9828, 6, 2],
        [FRI1, 9821, 6, 0],
      ]),
      // Weekly and a monthly part: missed (4) on the 27th, and a late (3) monthly report.
      unit('Xã Bình', [
        [FRI1, 9821, 6, 4],
        [END_NOV, 9801, 29, 3],
      ]),
      // Two weekly parts on one schedule: on time and missed in one column → missed shows.
      unit('Xã Cát', [
        [FRI1, 9821, 6, 0],
        [FRI1, 9821, 6, 4],
        [FRI1, 9821, 6, 0],
      ]),
    ]);
    expect(columns).toEqual([
      { from: '2026-11-21', to: '2026-11-27', dueAt: '2026-11-27T08:00:00.000Z' },
      { from: '2026-11-01', to: '2026-11-30', dueAt: '2026-11-30T16:59:00.000Z' },
      { from: '2026-11-28', to: '2026-12-04', dueAt: '2026-12-04T08:00:00.000Z' },
    ]);
    expect(rows.map((r) => [r.unit.name, r.cells, r.due, r.onTimeRate])).toEqual([
      ['Xã Bình', ['missed', 'late', null], 2, 0],
      ['Xã Cát', ['missed', null, null], 3, 0.6667],
      ['Xã An', ['on_time', null, 'open'], 1, 1],
    ]);
    expect(totals).toEqual({ onTime: 3, late: 1, missed: 2, open: 1, notDue: 0 });
  });

  it('should answer no columns for no periods', () => {
    expect(buildPeriodGrid([])).toEqual({
      columns: [],
      rows: [],
      totals: { onTime: 0, late: 0, missed: 0, open: 0, notDue: 0 },
    });
  });
});
