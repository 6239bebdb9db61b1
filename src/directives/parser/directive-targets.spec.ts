import { readTargets } from './directive-targets.js';

const baseline = (value: number | null, of: number | null, percent: number | null) => ({
  value,
  of,
  percent,
  asOf: null,
});

describe('readTargets', () => {
  it('should read a rate with its comparator and the current figure in brackets', () => {
    expect(
      readTargets([
        'Tỷ lệ trường học đạt chuẩn quốc gia đạt tối thiểu 75% (hiện đạt 61,2%).',
        'Giảm tỷ lệ trẻ em suy dinh dưỡng thể thấp còi xuống dưới 12% vào năm 2027 (hiện là 14,5%).',
      ]),
    ).toEqual([
      {
        indicator: 'Tỷ lệ trường học đạt chuẩn quốc gia',
        baseline: baseline(null, null, 61.2),
        target: { percent: 75, comparator: 'min' },
      },
      {
        indicator: 'Tỷ lệ trẻ em suy dinh dưỡng thể thấp còi',
        baseline: baseline(null, null, 14.5),
        target: { percent: 12, comparator: 'max' },
      },
    ]);
  });

  it('should keep achieved and total of "a/b" apart, with the rate', () => {
    expect(
      readTargets([
        'Đến nay, toàn huyện có 3.120/4.800 hộ sử dụng nước sạch, đạt 65% (chỉ tiêu năm 2026 là 80%).',
      ]),
    ).toEqual([
      {
        indicator: 'Hộ sử dụng nước sạch',
        baseline: baseline(3120, 4800, 65),
        target: { percent: 80, comparator: 'min' },
      },
    ]);
  });

  it('should keep several targets of one paragraph apart', () => {
    const targets = readTargets([
      'Số lao động có việc làm mới đạt 38,5% kế hoạch năm (chỉ tiêu tối thiểu 50%); tỷ lệ thất nghiệp khu vực thành thị hiện là 3,6% (yêu cầu không vượt quá 3%).',
    ]);
    expect(targets.map((t) => [t.indicator, t.baseline?.percent, t.target])).toEqual([
      ['Số lao động có việc làm', 38.5, { percent: 50, comparator: 'min' }],
      ['Tỷ lệ thất nghiệp khu vực thành thị', 3.6, { percent: 3, comparator: 'max' }],
    ]);
  });

  it('should take a baseline with no rate to reach as a target without a goal', () => {
    expect(
      readTargets(['Năm 2026 có thêm 02 thôn đạt chuẩn văn hóa (hiện có 11/14 thôn đạt chuẩn).']),
    ).toEqual([
      {
        indicator: 'Thôn đạt chuẩn văn hóa',
        baseline: baseline(11, 14, null),
        target: null,
      },
    ]);
  });

  it('should give a goal stated later the figures stated earlier for the same thing', () => {
    const targets = readTargets([
      'Đến ngày 30/6/2026, toàn tỉnh thu ngân sách được 2.310/5.500 tỷ đồng, đạt 42% dự toán.',
      'Mục tiêu đến ngày 31/12/2026 thu ngân sách đạt 100% dự toán được giao.',
    ]);
    expect(targets).toEqual([
      {
        indicator: 'Thu ngân sách dự toán được giao',
        baseline: { ...baseline(2310, 5500, 42), asOf: '2026-06-30' },
        target: { percent: 100, comparator: 'min' },
      },
    ]);
  });

  it('should read a goal word before the rate, symbols and "không dưới"', () => {
    const targets = readTargets([
      'Phấn đấu đến hết năm 2027, tỷ lệ xã có trạm y tế đạt chuẩn đạt trên 90%.',
      'Mục tiêu: 100% hồ sơ được số hóa.',
      'Tỷ lệ người dân hài lòng với dịch vụ y tế ≥ 85%; tỷ lệ hộ nghèo không dưới 2%.',
    ]);
    expect(targets.map((t) => [t.indicator, t.target])).toEqual([
      ['Tỷ lệ xã có trạm y tế đạt chuẩn', { percent: 90, comparator: 'min' }],
      ['Tỷ lệ hồ sơ được số hóa', { percent: 100, comparator: 'min' }],
      ['Tỷ lệ người dân hài lòng với dịch vụ y tế', { percent: 85, comparator: 'min' }],
      ['Tỷ lệ hộ nghèo', { percent: 2, comparator: 'min' }],
    ]);
  });

  it('should give a goal that names nothing the rate of the clause before it', () => {
    expect(
      readTargets([
        'Năm 2025, tỷ lệ người cao tuổi được khám sức khỏe định kỳ là 61,5%; mục tiêu năm 2026 nâng lên tối thiểu 70%.',
      ]),
    ).toEqual([
      {
        indicator: 'Tỷ lệ người cao tuổi được khám sức khỏe định kỳ',
        baseline: baseline(null, null, 61.5),
        target: { percent: 70, comparator: 'min' },
      },
    ]);
  });

  it('should not take a school year for achieved over total', () => {
    const [target] = readTargets([
      'Tỷ lệ học sinh được khám sức khỏe trong năm học 2026/2027 đạt tối thiểu 98%.',
    ]);
    expect(target.baseline).toBeNull();
  });

  it('should not take a plain requirement or a past figure for a target', () => {
    expect(
      readTargets([
        'Tổ chức tổng vệ sinh tại 100% khu dân cư trước ngày 15/3/2026.',
        'Biểu dương các xã đã có tỷ lệ thu trên 70%.',
        'Tỷ lệ hồ sơ được giải quyết đúng hạn đạt 88%, chưa đạt mục tiêu 95% của tỉnh.',
        'Ngân sách huyện hỗ trợ tối đa 40% kinh phí mua sắm thiết bị.',
      ]),
    ).toEqual([]);
  });
});
