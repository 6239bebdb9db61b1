import { parseDirective } from './directive-parser.js';
import { findRecurrence } from './vietnamese-dates.js';

// Shapes met in the last batch of letters, written afresh here (none copied from the corpus).
const letter = (body: string) =>
  [
    'ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ',
    'Số: 77/TB-UBND                     Phú Thọ, ngày 3 tháng 3 năm 2027',
    'THÔNG BÁO',
    'Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về công tác thủy lợi',
    '',
    body,
    '',
    'Nơi nhận:',
    '- Lưu: VT.',
    'KT. CHỦ TỊCH',
    'PHÓ CHỦ TỊCH',
    'Trần Văn Nam',
  ].join('\n');

describe('conclusions that still give work', () => {
  it('reads "; giao <body>" and a clause opening with a body after a conclusion', () => {
    const parsed = parseDirective(
      letter(
        [
          '1. Công tác thủy lợi năm 2026 cơ bản hoàn thành kế hoạch.',
          '',
          '2. Về đề nghị hỗ trợ kinh phí nạo vét kênh của xã Tam Nông: chưa xem xét; giao Sở Tài chính rà soát, báo cáo trước ngày 30/4/2027.',
          '',
          '3. Đối với kiến nghị của Hội Nông dân tỉnh: không thuộc thẩm quyền của UBND tỉnh; Sở Nông nghiệp và Môi trường hướng dẫn Hội gửi cơ quan có thẩm quyền.',
          '',
          '4. Đề nghị Hiệp hội Doanh nghiệp tỉnh vận động hội viên tham gia.',
        ].join('\n'),
      ),
    );
    expect(parsed.assignments.map((a) => [a.label, a.assignee, a.deadline, a.requested])).toEqual([
      ['2', 'Sở Tài chính', '2027-04-30', false],
      ['3', 'Sở Nông nghiệp và Môi trường', null, false],
      ['4', 'Hiệp hội Doanh nghiệp tỉnh', null, true],
    ]);
  });

  it('keeps each dated step of a table cell as a milestone', () => {
    const parsed = parseDirective(
      letter(
        [
          '| STT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành |',
          '|---|---|---|---|',
          '| 1 | Kiểm tra hồ chứa | Sở Nông nghiệp và Môi trường | Đợt 1 trước ngày 15/5/2027; đợt 2 trước ngày 15/9/2027 |',
        ].join('\n'),
      ),
    );
    expect(parsed.assignments[0].deadline).toBe('2027-09-15');
    expect(parsed.assignments[0].milestones?.map((m) => m.deadline)).toEqual([
      '2027-05-15',
      '2027-09-15',
    ]);
  });
});

describe('reports by period: the due day, not the cut-off', () => {
  it.each([
    [
      'Báo cáo quý: số liệu tính từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý, gửi trước ngày 18 của tháng cuối quý.',
      { frequency: 'quarterly', detail: 'ngày 18 của tháng cuối quý' },
    ],
    [
      'Báo cáo tuần (số liệu chốt đến 16 giờ thứ Tư), gửi trước 8 giờ thứ Năm hằng tuần.',
      { frequency: 'weekly', detail: 'thứ Năm', time: '08:00' },
    ],
    [
      'Báo cáo về Sở Nội vụ theo quý, trước ngày 12 của tháng đầu quý sau.',
      { frequency: 'quarterly', detail: 'ngày 12 của tháng đầu quý sau' },
    ],
    [
      'Tổng hợp, báo cáo UBND tỉnh trước ngày 25 của tháng cuối quý.',
      { frequency: 'quarterly', detail: 'ngày 25 của tháng cuối quý' },
    ],
  ])('%s', (text, expected) => {
    expect(findRecurrence(text)).toMatchObject(expected);
  });

  it('takes a period report with a dated deadline for one report', () => {
    expect(findRecurrence('Gửi báo cáo năm về Sở Tài chính trước ngày 20/11/2027.')).toBeNull();
  });
});
