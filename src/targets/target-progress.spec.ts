import { gapTo, indicatorsByTarget, meets, percentOf } from './target-progress.js';

describe(indicatorsByTarget.name, () => {
  it('should give every reported indicator to a single target', () => {
    expect(
      indicatorsByTarget([{ indicator: 'Tỷ lệ dân số cài đặt Bluezone' }], ['Số người đã cài']),
    ).toEqual([['Số người đã cài']]);
  });

  it('should match several targets by folded indicator', () => {
    const targets = [{ indicator: 'Số người cài Bluezone' }, { indicator: 'Số hộ được thăm' }];
    expect(
      indicatorsByTarget(targets, ['so nguoi  CAI bluezone', 'Số hộ được thăm', 'khác']),
    ).toEqual([['so nguoi  CAI bluezone'], ['Số hộ được thăm']]);
  });
});

describe(percentOf.name, () => {
  it('should round to two decimals and refuse a missing denominator', () => {
    expect(percentOf(15277, 134494)).toBe(11.36);
    expect(percentOf(1, null)).toBeNull();
    expect(percentOf(1, 0)).toBeNull();
  });
});

describe(gapTo.name, () => {
  it('should count the points missing and stop at zero', () => {
    expect(gapTo({ percent: 60, comparator: 'min' }, 11.36)).toBe(48.64);
    expect(gapTo({ percent: 60, comparator: 'min' }, 75)).toBe(0);
    expect(gapTo({ percent: 5, comparator: 'max' }, 7.5)).toBe(2.5);
    expect(gapTo({ percent: 60, comparator: 'min' }, null)).toBeNull();
  });

  it('should tell whether a target is met', () => {
    expect(meets({ percent: 60, comparator: 'min' }, 60)).toBe(true);
    expect(meets({ percent: 5, comparator: 'max' }, 7)).toBe(false);
    expect(meets({ percent: 60, comparator: 'min' }, null)).toBe(false);
  });

  it('should give no gap and never meet a target with no rate to reach', () => {
    expect(gapTo(null, 40)).toBeNull();
    expect(meets(null, 100)).toBe(false);
  });
});
