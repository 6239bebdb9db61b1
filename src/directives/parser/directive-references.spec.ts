import type { Paragraph } from './directive-lines.js';
import { readReferences } from './directive-references.js';

const preamble = (...texts: string[]): Paragraph[] =>
  texts.map((text, no) => ({ text, marker: null, no: no + 1 }));

describe('readReferences', () => {
  it('should read a law cited by its name and year, or name and date, without a number', () => {
    const references = readReferences(
      preamble(
        'Căn cứ Luật Thủy lợi năm 2017; Bộ luật Lao động ngày 20 tháng 11 năm 2019; Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;',
      ),
    );
    expect(references).toEqual([
      {
        documentType: 'Luật',
        number: null,
        issuedOn: '2017',
        issuer: null,
        subject: 'Thủy lợi',
      },
      {
        documentType: 'Bộ luật',
        number: null,
        issuedOn: '2019-11-20',
        issuer: null,
        subject: 'Lao động',
      },
      {
        documentType: 'Luật',
        number: '06/2022/QH15',
        issuedOn: '2022-06-15',
        issuer: null,
        subject: 'Thi đua, khen thưởng',
      },
    ]);
  });

  it('should read Party-style numbers and end the issuer before its predicate', () => {
    const references = readReferences(
      preamble(
        'Thực hiện Kết luận số 36-KL/TW ngày 23/6/2022 của Bộ Chính trị về bảo đảm an ninh nguồn nước; Nghị định số 53/2024/NĐ-CP ngày 16/5/2024 của Chính phủ quy định chi tiết thi hành Luật Tài nguyên nước, Ủy ban nhân dân huyện yêu cầu:',
      ),
    );
    expect(references.map((r) => [r.number, r.issuer, r.subject])).toEqual([
      ['36-KL/TW', 'Bộ Chính trị', 'Bảo đảm an ninh nguồn nước'],
      ['53/2024/NĐ-CP', 'Chính phủ', 'Quy định chi tiết thi hành Luật Tài nguyên nước'],
    ]);
  });

  it('should read a Party conclusion notice by its full type', () => {
    const [reference] = readReferences(
      preamble(
        'Thực hiện Thông báo kết luận số 214-TB/TU ngày 09/3/2026 của Ban Thường vụ Tỉnh ủy về công tác phòng, chống thiên tai;',
      ),
    );
    expect(reference).toEqual({
      documentType: 'Thông báo kết luận',
      number: '214-TB/TU',
      issuedOn: '2026-03-09',
      issuer: 'Ban Thường vụ Tỉnh ủy',
      subject: 'Công tác phòng, chống thiên tai',
    });
  });

  it('should keep a document cited inside another one’s subject within that subject', () => {
    const [reference, ...others] = readReferences(
      preamble(
        'Căn cứ Thông tư số 10/2024/TT-BTC ngày 01/3/2024 của Bộ Tài chính sửa đổi Thông tư số 96/2021/TT-BTC về quản lý kinh phí.',
      ),
    );
    expect(others).toEqual([]);
    expect(reference.subject).toBe('Sửa đổi Thông tư số 96/2021/TT-BTC về quản lý kinh phí');
  });

  it('should end the subject before the main clause and before a purpose', () => {
    const references = readReferences(
      preamble(
        'Thực hiện Công văn số 77/STC-NS ngày 02/4/2026 của Sở Tài chính về việc lập dự toán năm 2027, Phòng Kinh tế đề nghị các xã thực hiện các nội dung sau:',
        'Căn cứ Quyết định số 15/QĐ-UBND ngày 05/01/2026 của UBND huyện về việc giao chỉ tiêu thu ngân sách, để hoàn thành kế hoạch năm, UBND huyện yêu cầu:',
      ),
    );
    expect(references.map((r) => [r.issuer, r.subject])).toEqual([
      ['Sở Tài chính', 'Lập dự toán năm 2027'],
      ['UBND huyện', 'Giao chỉ tiêu thu ngân sách'],
    ]);
  });

  it('should read documents cited in the running text and skip the letter’s own number', () => {
    const references = readReferences(
      preamble(
        'Phòng Văn hóa nhận được Báo cáo số 9/BC-TTVH ngày 03/02/2026 của Trung tâm Văn hóa.',
      ),
      [
        'Văn bản này thay thế Văn bản số 101/UBND-VX ngày 10/01/2026 của UBND xã./.',
        '(Kèm theo Quyết định số 55/QĐ-UBND ngày 20/02/2026 của UBND xã)',
      ],
      '55/QĐ-UBND',
    );
    expect(references.map((r) => [r.documentType, r.number, r.issuer, r.subject])).toEqual([
      ['Báo cáo', '9/BC-TTVH', 'Trung tâm Văn hóa', null],
      ['Văn bản', '101/UBND-VX', 'UBND xã', null],
    ]);
  });

  it('should leave an aside out and keep a committee named after its remit whole', () => {
    const references = readReferences(
      preamble(
        'Thực hiện Công văn số 100/UBND-VX ngày 5/1/2026 của UBND tỉnh (sau đây gọi tắt là Công văn 100); Kế hoạch số 12/KH-BCĐ ngày 2/2/2026 của Ban Chỉ đạo thực hiện các chương trình mục tiêu quốc gia tỉnh về giảm nghèo, Sở Nông nghiệp và Môi trường hướng dẫn:',
        'Căn cứ Hiến pháp năm 2013;',
      ),
    );
    expect(references.map((r) => [r.documentType, r.issuedOn, r.issuer, r.subject])).toEqual([
      ['Công văn', '2026-01-05', 'UBND tỉnh', null],
      [
        'Kế hoạch',
        '2026-02-02',
        'Ban Chỉ đạo thực hiện các chương trình mục tiêu quốc gia tỉnh',
        'Giảm nghèo',
      ],
      ['Hiến pháp', '2013', null, null],
    ]);
  });

  it('should give a proposal’s author as the body, not its head', () => {
    const [reference] = readReferences(
      preamble('Xét đề nghị của Trưởng phòng Nội vụ tại Tờ trình số 12/TTr-NV ngày 04/3/2026.'),
    );
    expect(reference.issuer).toBe('Phòng Nội vụ');
  });
});
