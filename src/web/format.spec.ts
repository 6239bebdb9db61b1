import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  todayInVietnam,
} from './format.js';

describe('web formatting', () => {
  it('writes calendar dates as dd/mm/yyyy without moving them across time zones', () => {
    expect(formatDate('2020-08-22')).toBe('22/08/2020');
    expect(formatDate(null)).toBe('—');
  });

  it('writes instants in Vietnam time (UTC+7), also across midnight', () => {
    expect(formatDateTime('2026-11-27T03:00:00Z')).toBe('27/11/2026 10:00');
    expect(formatDate(new Date('2026-11-27T18:30:00Z'))).toBe('28/11/2026');
    expect(todayInVietnam(new Date('2026-11-27T18:30:00Z'))).toBe('2026-11-28');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('uses Vietnamese separators', () => {
    expect(formatNumber(15277)).toBe('15.277');
    expect(formatNumber(134494)).toBe('134.494');
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatPercent(15277 / 134494)).toBe('11,4%');
    expect(formatPercent(0.113)).toBe('11,3%');
    expect(formatPercent(0.6, 0)).toBe('60%');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('writes sizes for people', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1536 * 1024)).toBe('1,5 MB');
    expect(formatBytes(2048)).toBe('2 KB');
  });
});
