import { bodyOf, MAX_TREE_DEPTH, type TreeUnit } from './unit-body.js';
import { ISSUING_KINDS, isIssuingKind, UNIT_KINDS, type UnitKind } from './unit-kind.js';

/** A directory from `[id, kind, parent]` rows. */
function tree(rows: Array<[string, UnitKind, string | null]>): Map<string, TreeUnit> {
  return new Map(rows.map(([id, kind, parentId]) => [id, { kind, parentId }]));
}

// Hưng Yên before 2025 (province → district → commune, offices at each level) and after
// (province → departments and communes, wards, a special zone).
const directory = tree([
  ['tinh', 'province_committee', null],
  ['vp-tinh', 'office', 'tinh'],
  ['so-yte', 'department', 'tinh'],
  ['ttyt-tinh', 'public_service', 'so-yte'],
  ['ca-tinh', 'police_military', 'tinh'],
  ['huyen', 'district_committee', 'tinh'],
  ['vp-huyen', 'office', 'huyen'],
  ['phong-vhtt', 'office', 'huyen'],
  ['mttq-huyen', 'mass_organisation', 'huyen'],
  ['xa', 'commune', 'huyen'],
  ['ca-xa', 'police_military', 'xa'],
  ['phuong', 'ward', 'tinh'],
  ['vp-phuong', 'office', 'phuong'],
  ['dac-khu', 'special_zone', 'tinh'],
  ['loose', 'office', null],
  ['orphan', 'office', 'gone'],
]);

describe(bodyOf.name, () => {
  it('should make an issuing unit its own body, at every level', () => {
    for (const id of ['tinh', 'so-yte', 'huyen', 'xa', 'phuong', 'dac-khu']) {
      expect(bodyOf(id, directory)).toBe(id);
    }
  });

  it('should give a unit inside a body that body (the nearest committee or department)', () => {
    expect(bodyOf('vp-huyen', directory)).toBe('huyen');
    expect(bodyOf('mttq-huyen', directory)).toBe('huyen');
    expect(bodyOf('ca-xa', directory)).toBe('xa');
    expect(bodyOf('vp-phuong', directory)).toBe('phuong');
    expect(bodyOf('ttyt-tinh', directory)).toBe('so-yte');
    expect(bodyOf('vp-tinh', directory)).toBe('tinh');
    expect(bodyOf('ca-tinh', directory)).toBe('tinh');
  });

  it('should fall back to the top of the tree when no unit up it issues', () => {
    expect(bodyOf('loose', directory)).toBe('loose');
    expect(bodyOf('orphan', directory)).toBe('orphan');
  });

  it('should answer null for a unit it does not know', () => {
    expect(bodyOf('missing', directory)).toBeNull();
  });

  it('should stop on a cycle written into the table', () => {
    const cycle = tree([
      ['a', 'office', 'b'],
      ['b', 'office', 'a'],
    ]);
    expect(['a', 'b']).toContain(bodyOf('a', cycle));
    const chain = tree(
      Array.from({ length: MAX_TREE_DEPTH + 5 }, (_, i): [string, UnitKind, string | null] => [
        `u${i}`,
        'office',
        `u${i + 1}`,
      ]),
    );
    expect(bodyOf('u0', chain)).toBe(`u${MAX_TREE_DEPTH - 1}`);
  });
});

describe(isIssuingKind.name, () => {
  it('should name committees of every level and departments, nothing inside them', () => {
    expect(UNIT_KINDS.filter(isIssuingKind)).toEqual([...ISSUING_KINDS]);
    for (const kind of [
      'office',
      'public_service',
      'mass_organisation',
      'police_military',
    ] as const)
      expect(isIssuingKind(kind)).toBe(false);
  });
});
