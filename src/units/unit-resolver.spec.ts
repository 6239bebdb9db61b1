import { DEMO_UNITS } from '../demo/demo-directory.js';
import { DEMO_DIRECTORY } from '../demo/demo-unit-directory.js';
import { type UnitDirectory, UnitResolver } from './unit-resolver.js';

// The demo district, with each unit's code standing in for its id.
const directory: UnitDirectory = DEMO_DIRECTORY;
const communes = DEMO_UNITS.filter((unit) => unit.kind === 'commune').map((unit) => unit.code);

describe(UnitResolver.name, () => {
  const resolver = new UnitResolver(directory);

  describe('the six bodies of Công văn 451/UBND-VHTT', () => {
    it('should map "Ủy ban nhân dân các xã, thị trấn" to the 21 communes', () => {
      const result = resolver.resolve('Ủy ban nhân dân các xã, thị trấn');
      expect(result.status).toBe('matched');
      expect(result.method).toBe('exact');
      expect(result.matches.map((match) => match.code)).toEqual(['cac-xa-thi-tran']);
      expect(result.unitIds.sort()).toEqual([...communes].sort());
      expect(result.unitIds).toHaveLength(21);
    });

    it.each([
      ['Phòng Văn hoá và Thông tin huyện', 'phong-vhtt'],
      ['Phòng Giáo dục và Đào tạo huyện', 'phong-gddt'],
      ['Đài Truyền thanh huyện', 'dai-truyen-thanh'],
    ])('should map "%s" to the unit %s', (written, code) => {
      const result = resolver.resolve(written);
      expect(result).toMatchObject({ status: 'matched', confidence: 1, unitIds: [code] });
    });

    it('should map "Các phòng, ngành, cơ quan, đơn vị huyện" to the district bodies', () => {
      const result = resolver.resolve('Các phòng, ngành, cơ quan, đơn vị huyện');
      expect(result.matches.map((match) => match.code)).toEqual(['cac-phong-nganh-huyen']);
      expect(result.unitIds).toContain('phong-vhtt');
      expect(result.unitIds).toContain('cong-an-huyen');
      expect(result.unitIds).not.toContain('xa-hong-quang');
      expect(result.unitIds).not.toContain('hoi-nong-dan');
    });

    it('should split the Front and the mass organisations into a unit and a group', () => {
      const result = resolver.resolve(
        'Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam, các hội đoàn thể huyện',
      );
      expect(result.status).toBe('matched');
      expect(result.method).toBe('compound');
      expect(result.matches.map((match) => [match.type, match.code])).toEqual([
        ['unit', 'mttq-huyen'],
        ['group', 'cac-hoi-doan-the-huyen'],
      ]);
      expect(result.unitIds.sort()).toEqual(
        ['mttq-huyen', 'hoi-lhpn', 'hoi-nong-dan', 'hoi-ccb', 'huyen-doan', 'ldld-huyen'].sort(),
      );
    });
  });

  it.each([
    ['PHÒNG VĂN HÓA VÀ THÔNG TIN', 'phong-vhtt'],
    ['Phòng  Văn hoá  và Thông tin', 'phong-vhtt'],
    ['Phòng VH&TT huyện', 'phong-vhtt'],
    ['phong van hoa va thong tin', 'phong-vhtt'],
    ['Uỷ ban nhân dân xã Hồng Quang', 'xa-hong-quang'],
    ['UBND thị trấn An Thi', 'tt-an-thi'],
    ['Phòng Tài chính và Kế hoạch', 'phong-tckh'],
    ['Phòng Lao động, Thương binh và Xã hội huyện', 'phong-ldtbxh'],
    ['Ủy ban MTTQ Việt Nam huyện An Thi', 'mttq-huyen'],
  ])('should match "%s" whatever its accents, case, spacing or abbreviation', (written, code) => {
    const result = resolver.resolve(written);
    expect(result.status).toBe('matched');
    expect(result.unitIds).toEqual([code]);
  });

  it('should accept a close misspelling with a confidence below 1', () => {
    const result = resolver.resolve('Phòng Giáo dục và Đào tạ huyện');
    expect(result.status).toBe('matched');
    expect(result.unitIds).toEqual(['phong-gddt']);
    expect(result.confidence).toBeLessThan(1);
    expect(result.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('should report a body it does not know as unmatched instead of guessing', () => {
    const result = resolver.resolve('Sở Giao thông vận tải tỉnh');
    expect(result).toMatchObject({ status: 'unmatched', confidence: 0, matches: [], unitIds: [] });
  });

  it('should not guess between two similar bodies', () => {
    const result = resolver.resolve('Hội huyện');
    expect(result.status).toBe('unmatched');
  });

  it('should offer near names as candidates when unmatched', () => {
    const result = resolver.resolve('Phòng Văn hóa');
    expect(result.status).toBe('unmatched');
    expect(result.candidates.map((candidate) => candidate.code)).toContain('phong-vhtt');
  });

  it('should list several bodies separated by commas', () => {
    const result = resolver.resolve('Phòng Y tế, Trung tâm Y tế huyện và Công an huyện');
    expect(result.method).toBe('compound');
    expect(result.unitIds).toEqual(['phong-yte', 'trung-tam-y-te', 'cong-an-huyen']);
  });

  it('should leave inactive units out of a group', () => {
    const withClosed: UnitDirectory = {
      ...directory,
      units: directory.units.map((unit) =>
        unit.code === 'xa-da-loc' ? { ...unit, active: false } : unit,
      ),
    };
    const result = new UnitResolver(withClosed).resolve('các xã, thị trấn');
    expect(result.unitIds).toHaveLength(20);
    expect(result.unitIds).not.toContain('xa-da-loc');
  });
});
