import { DEMO_UNITS } from '../demo/demo-directory.js';
import { DEMO_DIRECTORY } from '../demo/demo-unit-directory.js';
import type { UnitKind } from './unit-kind.js';
import { type UnitDirectory, UnitResolver } from './unit-resolver.js';

/**
 * Names resolved relative to the issuing body (issue 16, item 1): "các xã, phường" in a
 * provincial letter means the province's communes and wards; "Công an xã" or "các phòng, ban"
 * in a commune's letter means that commune's own. Written before the resolver knew the issuer.
 */

// The demo's three tiers, each unit's code standing in for its id.
const demo: UnitDirectory = DEMO_DIRECTORY;
const anThiCommunes = DEMO_UNITS.filter((unit) => unit.kind === 'commune').map((u) => u.code);
// "Phòng, ban chuyên môn" are the committee's specialised offices, not its public service units.
const anThiOffices = DEMO_UNITS.filter(
  (unit) => unit.parent === 'ubnd-huyen' && unit.kind === 'office',
).map((u) => u.code);

// A two-tier province after 1 July 2025: communes and a ward right under the province, each
// with offices named after their place, as real directories name them.
const unit = (code: string, name: string, kind: UnitKind, parentId: string | null) => ({
  id: code,
  code,
  name,
  shortName: null,
  aliases: [],
  active: true,
  kind,
  parentId,
});
const twoTier: UnitDirectory = {
  units: [
    unit('tinh', 'Ủy ban nhân dân tỉnh Hưng Yên', 'province_committee', null),
    unit('so-y-te', 'Sở Y tế', 'department', 'tinh'),
    unit('so-noi-vu', 'Sở Nội vụ', 'department', 'tinh'),
    unit('cong-an-tinh', 'Công an tỉnh Hưng Yên', 'police_military', 'tinh'),
    ...(
      [
        ['xa-an-thi', 'xã', 'Ân Thi', 'commune'],
        ['xa-xuan-truc', 'xã', 'Xuân Trúc', 'commune'],
        ['phuong-pho-hien', 'phường', 'Phố Hiến', 'ward'],
      ] as const
    ).flatMap(([code, level, place, kind]) => [
      unit(code, `Ủy ban nhân dân ${level} ${place}`, kind, 'tinh'),
      unit(`${code}-vp`, `Văn phòng HĐND và UBND ${level} ${place}`, 'office', code),
      unit(`${code}-vhxh`, `Phòng Văn hóa - Xã hội ${level} ${place}`, 'office', code),
      unit(`${code}-ca`, `Công an ${level} ${place}`, 'police_military', code),
      unit(`${code}-thon-1`, `Thôn 1 ${level} ${place}`, 'other', code),
    ]),
  ],
  groups: [],
  places: [],
};

describe('resolving names relative to the issuing body', () => {
  describe('a province of three tiers (the demo)', () => {
    const province = new UnitResolver(demo, undefined, 'tinh');
    const district = new UnitResolver(demo, undefined, 'ubnd-huyen');

    it.each([
      'Ủy ban nhân dân các xã, phường, thị trấn',
      'UBND các xã, phường, thị trấn',
      'Ủy ban nhân dân cấp xã',
    ])('should read "%s" in a provincial letter as every commune of the province', (name) => {
      const result = province.resolve(name);
      expect(result.status).toBe('matched');
      expect([...result.unitIds].sort()).toEqual([...anThiCommunes].sort());
    });

    it('should read "Các phòng, ban chuyên môn" in An Thi’s letter as An Thi’s offices', () => {
      const result = district.resolve('Các phòng, ban chuyên môn');
      expect(result.status).toBe('matched');
      expect([...result.unitIds].sort()).toEqual([...anThiOffices].sort());
    });

    it('should still read the seed letter’s bodies as before', () => {
      expect(district.resolve('Ủy ban nhân dân các xã, thị trấn').unitIds).toHaveLength(21);
      expect(district.resolve('Phòng Văn hoá và Thông tin huyện').unitIds).toEqual(['phong-vhtt']);
      expect(province.resolve('Sở Y tế').status).toBe('matched');
    });
  });

  describe('a province of two tiers', () => {
    const province = new UnitResolver(twoTier, undefined, 'tinh');
    const anThi = new UnitResolver(twoTier, undefined, 'xa-an-thi');
    const xuanTruc = new UnitResolver(twoTier, undefined, 'xa-xuan-truc');

    it('should read "Ủy ban nhân dân các xã, phường" as the province’s communes and ward', () => {
      const result = province.resolve('Ủy ban nhân dân các xã, phường');
      expect(result.status).toBe('matched');
      expect([...result.unitIds].sort()).toEqual(['phuong-pho-hien', 'xa-an-thi', 'xa-xuan-truc']);
    });

    it('should read "Các sở, ban, ngành" as the province’s departments', () => {
      expect([...province.resolve('Các sở, ban, ngành tỉnh').unitIds].sort()).toEqual([
        'so-noi-vu',
        'so-y-te',
      ]);
    });

    it.each([
      ['Công an xã', 'xa-an-thi-ca', 'xa-xuan-truc-ca'],
      ['Văn phòng HĐND và UBND xã', 'xa-an-thi-vp', 'xa-xuan-truc-vp'],
      ['Phòng Văn hóa - Xã hội xã', 'xa-an-thi-vhxh', 'xa-xuan-truc-vhxh'],
    ])('should read "%s" in a commune’s letter as that commune’s own', (name, own, sibling) => {
      expect(anThi.resolve(name).unitIds).toEqual([own]);
      expect(xuanTruc.resolve(name).unitIds).toEqual([sibling]);
    });

    it('should read "các phòng, ban" in a commune’s letter as that commune’s offices only', () => {
      const result = anThi.resolve('Các phòng, ban chuyên môn');
      expect([...result.unitIds].sort()).toEqual(['xa-an-thi-vhxh', 'xa-an-thi-vp']);
    });

    it('should still find a body outside the issuer’s own, for a request (Đề nghị)', () => {
      expect(anThi.resolve('Công an tỉnh Hưng Yên').unitIds).toEqual(['cong-an-tinh']);
      expect(anThi.resolve('Sở Y tế').unitIds).toEqual(['so-y-te']);
    });

    it('should not pick one commune’s police for the province', () => {
      expect(province.resolve('Công an xã').unitIds).not.toHaveLength(1);
    });

    it('should read a sibling commune’s body named in full as that body', () => {
      expect(anThi.resolve('Công an xã Xuân Trúc').unitIds).toEqual(['xa-xuan-truc-ca']);
    });
  });

  // Added after a review of the first version, which answered these wrongly: a name relative to
  // the issuer never reaches another body's, and a close name is judged against every body.
  describe('what another body holds (added after review)', () => {
    const kimDong = new UnitResolver(demo, undefined, 'huyen-kim-dong');
    const hongQuang = new UnitResolver(demo, undefined, 'xa-hong-quang');

    it('should not give Kim Động’s "Công an huyện" or "các xã, thị trấn" to An Thi’s', () => {
      // An Thi's police under An Thi's committee (the demo keeps it out of the tree, where a
      // name without a place cannot say whose it is).
      const placed: UnitDirectory = {
        ...demo,
        units: demo.units.map((unit) =>
          unit.code === 'cong-an-huyen' ? { ...unit, parentId: 'ubnd-huyen' } : unit,
        ),
      };
      const fromKimDong = new UnitResolver(placed, undefined, 'huyen-kim-dong');
      expect(fromKimDong.resolve('Công an huyện')).toMatchObject({
        status: 'unmatched',
        unitIds: [],
      });
      expect(
        new UnitResolver(placed, undefined, 'xa-hong-quang').resolve('Công an huyện').unitIds,
      ).toEqual(['cong-an-huyen']);
      expect(kimDong.resolve('Ủy ban nhân dân các xã, thị trấn')).toMatchObject({
        status: 'unmatched',
        unitIds: [],
      });
    });

    it('should read "Công an huyện" in a commune’s letter as its own district’s police', () => {
      expect(hongQuang.resolve('Công an huyện').unitIds).toEqual(['cong-an-huyen']);
      expect(hongQuang.resolve('Công an tỉnh').unitIds).toEqual(['cong-an-tinh']);
    });

    it('should prefer the province’s communes to a group of some of them', () => {
      const withGroup: UnitDirectory = {
        ...twoTier,
        groups: [
          {
            id: 'some',
            code: 'some',
            name: 'Ủy ban nhân dân các xã, phường',
            aliases: [],
            memberIds: ['xa-an-thi'],
          },
        ],
      };
      const result = new UnitResolver(withGroup, undefined, 'tinh').resolve(
        'Ủy ban nhân dân các xã, phường',
      );
      expect([...result.unitIds].sort()).toEqual(['phuong-pho-hien', 'xa-an-thi', 'xa-xuan-truc']);
    });

    it('should judge a misspelt full name against every body, not the issuer’s first', () => {
      const anThi = new UnitResolver(twoTier, undefined, 'xa-an-thi');
      expect(anThi.resolve('Công an xã Xuân Trúcc').unitIds).toEqual(['xa-xuan-truc-ca']);
    });
  });
});
