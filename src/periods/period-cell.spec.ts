import {
  CELL_SEVERITY,
  type CellInput,
  MAX_RANGE_DAYS,
  periodCellAt,
  periodFigures,
  periodWorstFirst,
  quarterOf,
  rangeInstants,
  reportingRange,
} from './period-cell.js';
import { InvalidReportingRangeError } from './periods.errors.js';

// A weekly period: Saturday 28/11 to Friday 4/12/2026, due Friday 15:00 in Hà Nội (08:00 UTC).
const DUE = new Date('2026-12-04T08:00:00Z');
const period = (overrides: Partial<CellInput> = {}): CellInput => ({
  status: 'open',
  startsOn: '2026-11-28',
  dueAt: DUE,
  firstSubmittedAt: null,
  ...overrides,
});
const ms = (offset: number) => new Date(DUE.getTime() + offset);

describe(periodCellAt.name, () => {
  it('should be not due before the span starts, in Vietnam time', () => {
    // Friday 27/11, 23:59:59.999 in Hà Nội: the span starts at midnight.
    expect(periodCellAt(period(), new Date('2026-11-27T16:59:59.999Z'))).toBe('not_due');
    expect(periodCellAt(period(), new Date('2026-11-27T17:00:00Z'))).toBe('open');
  });

  it('should be open until the due instant and missed from it on', () => {
    expect(periodCellAt(period(), ms(-1))).toBe('open');
    expect(periodCellAt(period(), ms(0))).toBe('missed');
    expect(periodCellAt(period({ status: 'missed' }), ms(1))).toBe('missed');
  });

  it('should judge a report on its first submission, whatever its status now', () => {
    expect(periodCellAt(period({ status: 'submitted', firstSubmittedAt: ms(0) }), ms(5))).toBe(
      'on_time',
    );
    expect(periodCellAt(period({ status: 'accepted', firstSubmittedAt: ms(1) }), ms(5))).toBe(
      'late',
    );
    // Returned and sent again after the due instant: still on time, as first judged.
    expect(
      periodCellAt(period({ status: 'submitted', firstSubmittedAt: ms(-60_000) }), ms(9e6)),
    ).toBe('on_time');
    // Returned and waiting: the first report was late, the cell stays late.
    expect(
      periodCellAt(period({ status: 'returned', firstSubmittedAt: ms(3_600_000) }), ms(9e6)),
    ).toBe('late');
    // Sent early, before the span started.
    expect(
      periodCellAt(
        period({ status: 'submitted', firstSubmittedAt: ms(-10 * 86_400_000) }),
        ms(-9 * 86_400_000),
      ),
    ).toBe('on_time');
  });

  it('should leave cancelled periods out', () => {
    expect(periodCellAt(period({ status: 'cancelled' }), ms(1))).toBeNull();
  });

  it('should rank cells from best to worst', () => {
    expect(CELL_SEVERITY).toEqual(['on_time', 'not_due', 'open', 'late', 'missed']);
  });
});

describe(periodFigures.name, () => {
  it('should count judged periods as due and rate on time among them', () => {
    expect(periodFigures({ onTime: 3, late: 1, missed: 0, open: 1, notDue: 8 })).toMatchObject({
      due: 4,
      onTimeRate: 0.75,
    });
    expect(periodFigures({ onTime: 0, late: 0, missed: 0, open: 1, notDue: 8 }).onTimeRate).toBe(
      null,
    );
  });
});

describe(periodWorstFirst.name, () => {
  const row = (name: string, counts: { onTime: number; late: number; missed: number }) => ({
    unit: { name },
    ...periodFigures({ ...counts, open: 0, notDue: 0 }),
  });

  it('should put the most missed first, then the lowest on-time rate, then the most late, then the name', () => {
    const rows = [
      row('Xã Đa Lộc', { onTime: 4, late: 0, missed: 0 }),
      row('Xã An Lạc', { onTime: 4, late: 0, missed: 0 }),
      row('Xã Bình', { onTime: 0, late: 0, missed: 0 }),
      row('Xã Cát', { onTime: 1, late: 3, missed: 0 }),
      row('Xã Dương', { onTime: 3, late: 0, missed: 1 }),
      row('Xã Ê', { onTime: 1, late: 1, missed: 0 }),
      row('Xã Giang', { onTime: 0, late: 0, missed: 2 }),
    ];
    expect(rows.sort(periodWorstFirst).map((r) => r.unit.name)).toEqual([
      'Xã Giang',
      'Xã Dương',
      'Xã Cát',
      'Xã Ê',
      'Xã An Lạc',
      'Xã Đa Lộc',
      'Xã Bình',
    ]);
  });
});

describe(reportingRange.name, () => {
  // Thursday 10/12/2026, 00:30 in Hà Nội (still the 9th in UTC).
  const now = new Date('2026-12-09T17:30:00Z');

  it('should default to the current quarter in Vietnam time', () => {
    expect(reportingRange(undefined, undefined, now)).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(reportingRange(undefined, undefined, new Date('2026-12-31T17:00:00Z'))).toEqual({
      from: '2027-01-01',
      to: '2027-03-31',
    });
  });

  it("should fill a missing end from the given end's quarter", () => {
    expect(reportingRange('2026-11-15', undefined, now)).toEqual({
      from: '2026-11-15',
      to: '2026-12-31',
    });
    expect(reportingRange(undefined, '2026-05-10', now)).toEqual({
      from: '2026-04-01',
      to: '2026-05-10',
    });
  });

  it('should refuse bad dates, a reversed range and one too long', () => {
    expect(() => reportingRange('2026-02-30', undefined, now)).toThrow(InvalidReportingRangeError);
    expect(() => reportingRange('2026-12-01', '2026-11-30', now)).toThrow(/after/);
    expect(reportingRange('2026-01-01', '2026-12-31', now).to).toBe('2026-12-31');
    expect(reportingRange('2026-01-01', '2027-01-01', now).to).toBe('2027-01-01');
    expect(() => reportingRange('2026-01-01', '2027-01-02', now)).toThrow(
      `at most ${MAX_RANGE_DAYS} days`,
    );
    expect(reportingRange('2028-01-01', '2028-12-31', now).from).toBe('2028-01-01');
  });

  it('should read quarters and their instants', () => {
    expect(quarterOf('2028-02-29')).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(quarterOf('2026-08-01')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(rangeInstants({ from: '2026-10-01', to: '2026-12-31' })).toEqual({
      from: new Date('2026-09-30T17:00:00Z'),
      until: new Date('2026-12-31T17:00:00Z'),
    });
  });
});
