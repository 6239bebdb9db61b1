import mammoth from 'mammoth';
import type { OfficialDocumentInput, ReportInput, UrgingLetterInput } from './document-inputs.js';
import { placeAndDate } from './official-layout.js';
import { renderReport } from './report-document.js';
import { renderUrgingLetter } from './urging-letter-document.js';

const COMMON: OfficialDocumentInput = {
  issuingBody: 'Ủy ban nhân dân huyện An Thi',
  collective: 'Ủy ban nhân dân',
  place: 'An Thi',
  date: '2026-12-08',
  signer: { name: 'Phạm Văn Huế', position: 'Phó Chủ tịch', capacity: 'KT. Chủ tịch' },
  directive: {
    number: '451/UBND-VHTT',
    issuer: 'Ủy ban nhân dân huyện An Thi',
    subject: 'đẩy mạnh tuyên truyền cài đặt, sử dụng ứng dụng Bluezone',
    issuedOn: '2020-08-21',
  },
};

const LATE = [
  {
    unitName: 'Ủy ban nhân dân xã Hồng Quang',
    tasks: [
      {
        label: '1',
        text: 'Chỉ đạo quyết liệt, khẩn trương việc tuyên truyền cài đặt Bluezone trên địa bàn '.repeat(
          4,
        ),
        deadline: '2026-12-04',
        daysLate: 4,
      },
    ],
    reason: 'Thiếu cán bộ hướng dẫn tại các thôn',
  },
  {
    unitName: 'Phòng Giáo dục và Đào tạo',
    tasks: [
      {
        label: '3',
        text: 'Chỉ đạo Hiệu trưởng các nhà trường',
        deadline: '2026-12-04T16:00',
        daysLate: 3,
      },
    ],
    reason: null,
  },
];

const REPORT: ReportInput = {
  ...COMMON,
  totals: {
    total: 30,
    completedOnTime: 20,
    completedLate: 3,
    inProgressOnTime: 5,
    overdue: 2,
    completionRate: 0.92,
  },
  units: [
    {
      unitName: 'Ủy ban nhân dân xã Hồng Quang',
      total: 2,
      completedOnTime: 0,
      completedLate: 0,
      inProgressOnTime: 1,
      overdue: 1,
      completionRate: 0,
    },
    {
      unitName: 'Phòng Văn hóa và Thông tin',
      total: 3,
      completedOnTime: 2,
      completedLate: 1,
      inProgressOnTime: 0,
      overdue: 0,
      completionRate: 1,
    },
  ],
  lateUnits: LATE,
};

const LETTER: UrgingLetterInput = { ...COMMON, lateUnits: LATE, replyBy: '2026-12-11' };

async function text(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}

describe(renderReport.name, () => {
  it('should lay the report out with the header, figures, unit table and late units', async () => {
    const buffer = await renderReport(REPORT);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const content = await text(buffer);
    expect(content).toContain('ỦY BAN NHÂN DÂN HUYỆN AN THI');
    expect(content).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(content).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(content).toContain('Số:      /BC-UBND');
    expect(content).toContain('An Thi, ngày 08 tháng 12 năm 2026');
    expect(content).toContain('BÁO CÁO');
    expect(content).toContain('Kết quả thực hiện Công văn số 451/UBND-VHTT');
    expect(content).toContain('Tổng số nhiệm vụ được giao: 30');
    expect(content).toContain('Hoàn thành đúng hạn: 20');
    expect(content).toContain('Hoàn thành quá hạn: 3');
    expect(content).toContain('Đang thực hiện trong hạn: 5');
    expect(content).toContain('Quá hạn chưa hoàn thành: 2');
    expect(content).toContain('Tỷ lệ hoàn thành: 92,0%');
    // The unit table, cell by cell.
    expect(content).toMatch(/Phòng Văn hóa và Thông tin\s+3\s+2\s+1\s+0\s+0\s+100,0%/);
    expect(content).toMatch(/Ủy ban nhân dân xã Hồng Quang\s+2\s+0\s+0\s+1\s+1\s+0,0%/);
    expect(content).toContain('Lý do: Thiếu cán bộ hướng dẫn tại các thôn');
    expect(content).toContain('Lý do: đơn vị chưa báo cáo lý do.');
    expect(content).toContain('quá hạn 4 ngày');
    expect(content).toContain('Nơi nhận:');
    expect(content).toMatch(
      /TM\. ỦY BAN NHÂN DÂN\s+KT\. CHỦ TỊCH\s+PHÓ CHỦ TỊCH[\s\S]*Phạm Văn Huế/,
    );
  });

  it('should say so when no unit is late', async () => {
    const content = await text(await renderReport({ ...REPORT, lateUnits: [] }));
    expect(content).toContain('Không có đơn vị chậm thực hiện nhiệm vụ.');
  });
});

describe(renderUrgingLetter.name, () => {
  it('should address exactly the late units with their overdue tasks and a reply-by date', async () => {
    const content = await text(await renderUrgingLetter(LETTER));
    expect(content).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(content).toContain('Số:      /UBND-VHTT');
    expect(content).toContain('V/v đôn đốc thực hiện Công văn số 451/UBND-VHTT');
    const addressed = content.slice(
      content.indexOf('Kính gửi:'),
      content.indexOf('Ngày 21/08/2020'),
    );
    expect(addressed).toContain('- Ủy ban nhân dân xã Hồng Quang;');
    expect(addressed).toContain('- Phòng Giáo dục và Đào tạo.');
    expect(content).not.toContain('Phòng Văn hóa và Thông tin');
    expect(content).toContain('Nhiệm vụ tại mục 1:');
    expect(content).toContain('thời hạn 04/12/2026, đã quá hạn 4 ngày');
    expect(content).toContain('thời hạn 16 giờ 00 ngày 04/12/2026, đã quá hạn 3 ngày');
    expect(content).toContain('…');
    expect(content).toContain('trước ngày 11/12/2026');
    expect(content).toContain('Như trên;');
    expect(content).toContain('Phạm Văn Huế');
  });

  it('should put a single addressee on the Kính gửi line', async () => {
    const content = await text(await renderUrgingLetter({ ...LETTER, lateUnits: [LATE[1]] }));
    expect(content).toContain('Kính gửi: Phòng Giáo dục và Đào tạo.');
    expect(content).not.toContain('Hồng Quang');
  });
});

describe(placeAndDate.name, () => {
  it('should pad days below 10 and the months January and February', () => {
    expect(placeAndDate('An Thi', '2026-01-05')).toBe('An Thi, ngày 05 tháng 01 năm 2026');
    expect(placeAndDate('An Thi', '2026-12-15')).toBe('An Thi, ngày 15 tháng 12 năm 2026');
  });
});
