import { foldVietnamese, nameKey, slugify, trigramSimilarity } from './vietnamese-text.js';

describe(foldVietnamese.name, () => {
  it('should fold tone marks, đ, case and punctuation', () => {
    expect(foldVietnamese('Phòng Văn hoá & Thông tin')).toBe('phong van hoa va thong tin');
    expect(foldVietnamese('ĐÀI TRUYỀN THANH')).toBe('dai truyen thanh');
  });

  it('should fold either tone placement and decomposed input alike', () => {
    expect(foldVietnamese('hoá')).toBe(foldVietnamese('hóa'));
    expect(foldVietnamese('Uỷ ban')).toBe(foldVietnamese('Ủy ban'));
    expect(foldVietnamese('Ủy ban'.normalize('NFD'))).toBe('uy ban');
  });
});

describe(slugify.name, () => {
  it('should make an ASCII slug', () => {
    expect(slugify('Xã Hồng Quang')).toBe('xa-hong-quang');
    expect(slugify('  Thị trấn  Ân Thi ')).toBe('thi-tran-an-thi');
  });
});

describe(nameKey.name, () => {
  it('should expand abbreviations', () => {
    expect(nameKey('UBND xã Hồng Quang')).toBe(nameKey('Ủy ban nhân dân xã Hồng Quang'));
    expect(nameKey('Phòng VH&TT')).toBe(nameKey('Phòng Văn hóa và Thông tin'));
    expect(nameKey('Ủy ban MTTQVN huyện')).toBe(nameKey('Ủy ban Mặt trận Tổ quốc Việt Nam huyện'));
  });

  it('should drop introductory verbs and the trailing district', () => {
    expect(nameKey('Đề nghị Hội Nông dân huyện An Thi', ['an thi'])).toBe('hoi nong dan');
    expect(nameKey('Giao Phòng Y tế huyện')).toBe('phong y te');
    expect(nameKey('các xã, thị trấn trên địa bàn huyện')).toBe('cac xa thi tran');
  });

  it('should keep a name that is only a district', () => {
    expect(nameKey('Ủy ban nhân dân huyện An Thi', ['an thi'])).toBe('huyen an thi');
  });

  it('should treat "và", "-" and "," as the same joint', () => {
    expect(nameKey('Phòng Tài chính - Kế hoạch')).toBe(nameKey('Phòng Tài chính và Kế hoạch'));
  });
});

describe(trigramSimilarity.name, () => {
  it('should be 1 for equal strings and fall with difference', () => {
    expect(trigramSimilarity('phong y te', 'phong y te')).toBe(1);
    const close = trigramSimilarity('phong giao duc dao tao', 'phong giao duc dao ta');
    const far = trigramSimilarity('phong giao duc dao tao', 'hoi nong dan');
    expect(close).toBeGreaterThan(0.85);
    expect(far).toBeLessThan(0.3);
  });
});
