import { type ChainFigureRow, rollUp } from './target-rollup.js';

const row = (
  directiveId: string,
  parentDirectiveId: string,
  parentUnitId: string,
  unitId: string | null,
  value: number | null,
  asOf: string | null = '2026-11-20',
): ChainFigureRow => ({ directiveId, parentDirectiveId, parentUnitId, unitId, value, asOf });

describe('rollUp', () => {
  it('gives a unit its own figure when it reported one, whatever lies under it', () => {
    const result = rollUp(
      'p',
      ['district'],
      new Map([['district', { value: 7, asOf: '2026-11-01' }]]),
      [row('d', 'p', 'district', 'commune-a', 100)],
    );
    expect(result.get('district')).toEqual({ value: 7, asOf: '2026-11-01', rolledUp: false });
  });

  it('sums the communes under a district that reported nothing, the newest "as of" winning', () => {
    const result = rollUp('p', ['district', 'other'], new Map(), [
      row('d', 'p', 'district', 'commune-a', 100, '2026-11-10'),
      row('d', 'p', 'district', 'commune-b', 50, '2026-11-12'),
    ]);
    expect(result.get('district')).toEqual({ value: 150, asOf: '2026-11-12', rolledUp: true });
    expect(result.has('other')).toBe(false);
  });

  it('rolls up to any depth: villages → commune → district → province, own figures stopping it', () => {
    const result = rollUp('p', ['district'], new Map(), [
      row('d', 'p', 'district', 'commune-a', null),
      row('d', 'p', 'district', 'commune-b', 40),
      row('c', 'd', 'commune-a', 'village-1', 3),
      row('c', 'd', 'commune-a', 'village-2', 4),
      row('c2', 'd', 'commune-b', 'village-3', 1000), // commune-b reported: its own 40 counts
    ]);
    expect(result.get('district')?.value).toBe(47);
  });

  it('adds up every directive a task was carried down with', () => {
    const result = rollUp('p', ['district'], new Map(), [
      row('d1', 'p', 'district', 'commune-a', 10),
      row('d2', 'p', 'district', 'commune-b', 5),
    ]);
    expect(result.get('district')?.value).toBe(15);
  });

  it('leaves a unit without figures anywhere under it without one', () => {
    const result = rollUp('p', ['district'], new Map(), [row('d', 'p', 'district', null, null)]);
    expect(result.has('district')).toBe(false);
  });

  it('terminates on a cycle (a directive carrying down a task of its own descendant)', () => {
    const result = rollUp('p', ['district'], new Map(), [
      row('d', 'p', 'district', null, null),
      row('c', 'd', 'commune', 'village', 2),
      row('d', 'c', 'village', null, null),
      row('p', 'c', 'commune', null, null),
    ]);
    expect(result.get('district')?.value).toBe(2);
  });
});
