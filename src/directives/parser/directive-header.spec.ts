import { parseDirective } from './directive-parser.js';

const letter = (header: string) =>
  `${header}

Kính gửi: Các phòng chuyên môn.

1. Phòng Văn hóa - Xã hội chủ trì tổng hợp, báo cáo trước ngày 10/3/2026.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Nam
`;

describe('readHeader', () => {
  it('should name a body under its committee with the committee’s place', () => {
    const parsed = parseDirective(
      letter(`UBND TỈNH TUYÊN QUANG                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ LAO ĐỘNG, VIỆC LÀM VÀ AN SINH             Độc lập - Tự do - Hạnh phúc

Số: 77/SLĐ-VL                                Tuyên Quang, ngày 02 tháng 3 năm 2026
V/v rà soát lao động`),
    );
    expect(parsed.issuer).toBe('Sở Lao động, Việc làm và An sinh tỉnh Tuyên Quang');
  });

  it.each([
    [
      'UBND THÀNH PHỐ CẦN THƠ',
      'SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI',
      'Sở Lao động - Thương binh và Xã hội thành phố Cần Thơ',
    ],
    [
      'UBND TỈNH HÀ TĨNH',
      'BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH',
      'Ban Chỉ đạo phòng, chống dịch tỉnh Hà Tĩnh',
    ],
    ['UBND XÃ TÂN LẬP', 'TRẠM Y TẾ', 'Trạm Y tế xã Tân Lập'],
  ])('should write "%s / %s" as "%s"', (committee, body, issuer) => {
    const parsed = parseDirective(
      letter(`${committee.padEnd(41)}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
${body.padEnd(41)}Độc lập - Tự do - Hạnh phúc

Số: 77/SLĐ-VL                                Hà Nội, ngày 02 tháng 3 năm 2026
V/v rà soát lao động`),
    );
    expect(parsed.issuer).toBe(issuer);
  });

  it('should write the place of a level the case rules do not list', () => {
    const parsed = parseDirective(
      letter(`ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
ĐẶC KHU CÔN ĐẢO                              Độc lập - Tự do - Hạnh phúc

Số: 15/UBND-VP                               Côn Đảo, ngày 02 tháng 3 năm 2026
V/v rà soát lao động`),
    );
    expect(parsed.issuer).toBe('Ủy ban nhân dân đặc khu Côn Đảo');
  });

  it('should read a V/v whose second line opens with a name', () => {
    const parsed = parseDirective(
      letter(`ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN PHÚ                                    Độc lập - Tự do - Hạnh phúc

Số: 15/UBND-VP                               An Phú, ngày 02 tháng 3 năm 2026
V/v chuẩn bị tổ chức
Lễ hội Đền Hùng năm 2026`),
    );
    expect(parsed.subject).toBe('Chuẩn bị tổ chức Lễ hội Đền Hùng năm 2026');
  });

  it('should read a subject under a title that opens like a legal basis', () => {
    const parsed =
      parseDirective(`ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN PHÚ                                    Độc lập - Tự do - Hạnh phúc

Số: 16/KH-UBND                               An Phú, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện Phong trào thi đua "Dân vận khéo"
năm 2026

Căn cứ Kế hoạch số 5/KH-UBND ngày 10/01/2026 của UBND tỉnh, UBND xã ban hành Kế hoạch như sau:

1. Phòng Văn hóa - Xã hội chủ trì tổng hợp, báo cáo trước ngày 10/3/2026.
`);
    expect(parsed.subject).toBe('Thực hiện Phong trào thi đua "Dân vận khéo" năm 2026');
    expect(parsed.references.map((r) => r.number)).toEqual(['5/KH-UBND']);
  });

  it('should not take the text after a title for a subject when it cites a document', () => {
    const parsed =
      parseDirective(`ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN PHÚ                                    Độc lập - Tự do - Hạnh phúc

Số: 16/KH-UBND                               An Phú, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện Kế hoạch số 5/KH-UBND ngày 10/01/2026 của UBND tỉnh, UBND xã ban hành Kế hoạch như sau:

1. Phòng Văn hóa - Xã hội chủ trì tổng hợp, báo cáo trước ngày 10/3/2026.
`);
    expect(parsed.subject).toBeNull();
  });
});
