import { findMilestones } from './directive-milestones.js';
import { findDatedSteps, findRecurrence } from './vietnamese-dates.js';

// Examples written for these rules, not taken from the letter corpus.
const context = { issuedOn: '2026-03-02' };

describe('findMilestones', () => {
  it('gives each clause with a date its own step, the date closing the words before it', () => {
    const text =
      'Chủ trì khảo sát hiện trạng các tuyến kênh nội đồng trước ngày 20/3/2026; lập phương án nạo vét, trình UBND xã phê duyệt trước ngày 15/4/2026; báo cáo kết quả về UBND xã trước ngày 30/6/2026.';
    expect(findMilestones(text, context)).toEqual([
      {
        text: 'Chủ trì khảo sát hiện trạng các tuyến kênh nội đồng',
        deadline: '2026-03-20',
        kind: 'work',
      },
      {
        text: 'Lập phương án nạo vét, trình UBND xã phê duyệt',
        deadline: '2026-04-15',
        kind: 'work',
      },
      { text: 'Báo cáo kết quả về UBND xã', deadline: '2026-06-30', kind: 'report' },
    ]);
  });

  it('cuts one clause at the comma between two dates, and reads a span as its end', () => {
    const text =
      'Tổ chức kiểm tra đợt 1 trước ngày 10/4/2026, đợt 2 trước ngày 10/9/2026 và tổ chức tập huấn từ ngày 05/5/2026 đến ngày 20/5/2026.';
    expect(findMilestones(text, context).map((m) => [m.deadline, m.kind])).toEqual([
      ['2026-04-10', 'work'],
      ['2026-09-10', 'work'],
      ['2026-05-20', 'work'],
    ]);
  });

  it('knows a report step by its verb or by the body it goes to, and a draft report as work', () => {
    const kinds = (text: string) => findMilestones(text, context).map((m) => m.kind);
    expect(kinds('Tổng hợp, báo cáo Thường trực HĐND trước ngày 05/4/2026.')).toEqual(['report']);
    expect(kinds('Rà soát hồ sơ, gửi Sở Nội vụ trước ngày 05/4/2026.')).toEqual(['report']);
    expect(kinds('Kiểm tra các điểm, báo cáo UBND phường kết quả trước ngày 05/4/2026.')).toEqual([
      'report',
    ]);
    expect(kinds('Dự thảo báo cáo của UBND xã, trình Chủ tịch ký trước ngày 05/4/2026.')).toEqual([
      'work',
    ]);
  });

  it('puts the words after a date first in its clause with it', () => {
    expect(findMilestones('Trước ngày 31/3/2026, hoàn thành việc cắm mốc.', context)).toEqual([
      { text: 'Hoàn thành việc cắm mốc', deadline: '2026-03-31', kind: 'work' },
    ]);
  });
});

describe('dated steps', () => {
  it('gives a later time "cùng ngày" the day named before it', () => {
    const steps = findDatedSteps(
      'Sơ tán xong trước 17 giờ 00 ngày 12/3/2026; báo cáo trước 19 giờ 30 cùng ngày.',
      context,
    );
    expect(steps.map((s) => s.deadline)).toEqual([
      '2026-03-12T17:00:00+07:00',
      '2026-03-12T19:30:00+07:00',
    ]);
  });

  it('reads "trước Tết Nguyên đán" in running text as the last working day before Tết, and says so', () => {
    const warnings: string[] = [];
    const steps = findDatedSteps('Cấp phát quà trước Tết Nguyên đán Đinh Mùi 2027.', {
      issuedOn: '2026-11-20',
      warn: (w) => warnings.push(w),
    });
    expect(steps.map((s) => s.deadline)).toEqual(['2027-02-04']);
    expect(warnings).toHaveLength(1);
  });

  it('takes no deadline from the day of a yearly report', () => {
    expect(findDatedSteps('Báo cáo năm gửi trước ngày 10/12 hằng năm.', context)).toEqual([]);
  });
});

describe('reports named by their period (Nghị định 09/2019)', () => {
  it.each([
    ['Báo cáo tháng: trước ngày 22 hằng tháng.', 'monthly', 'ngày 22'],
    [
      'Gửi báo cáo quý trước ngày 12 của tháng cuối quý.',
      'quarterly',
      'ngày 12 của tháng cuối quý',
    ],
    ['Báo cáo 6 tháng: trước ngày 10/6 hằng năm.', 'half-yearly', 'ngày 10/6'],
    ['Báo cáo năm: trước ngày 20/11 hằng năm.', 'yearly', 'ngày 20/11'],
  ])('%s', (text, frequency, detail) => {
    expect(findRecurrence(text)).toMatchObject({ frequency, detail });
  });

  it('does not read a report of one named period as recurring', () => {
    expect(findRecurrence('Gửi báo cáo năm 2026 trước ngày 15/01/2027.')).toBeNull();
    expect(findRecurrence('Hoàn thành báo cáo tháng 3/2026.')).toBeNull();
  });
});
