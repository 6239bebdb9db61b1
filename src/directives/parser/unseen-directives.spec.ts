import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { directiveProblems, parseDirective } from './directive-parser.js';
import type { ParsedAssignment, ParsedDirective } from './parsed-directive.js';

/**
 * Directives the parser was not written against: twelve letters of the genre in the shapes they
 * arrive in (Chỉ thị, Kế hoạch, Công điện, Thông báo kết luận; bullets, "Giao …" paragraphs, PDF
 * and docx extractions, converter Markdown, upper-case headings, CRLF and tabs). The expectations
 * are what a clerk reads in each letter, written down before the parser was run on it.
 *
 * Conventions the expectations follow:
 * - a part under a section heading is labelled with both ("II.3"; "1.a" in a docx whose
 *   regenerated labels put sections at "1." and parts at "a)");
 * - "trong tháng 10/2023" is a deadline: the end of that month (2023-10-31); "trong quý IV/2023"
 *   the end of that quarter (2023-12-31); a month or quarter already over is not a deadline;
 * - "định kỳ 6 tháng, năm" is half-yearly (issue 14's convention; "6 tháng (trước ngày …)", a
 *   dated step, is none).
 */
const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/directives');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');

/** The same letter as other sources deliver it (see document-text.ts). */
const SHAPES: Record<string, (text: string) => string> = {
  // One line per printed line, spaces collapsed, no blank lines.
  pdf: (text) =>
    text
      .split(/\r?\n/u)
      .map((line) => line.replace(/\s+/gu, ' ').trim())
      .filter(Boolean)
      .join('\n'),
  // Every typed line a paragraph of its own, paragraphs separated by a blank line.
  docx: (text) =>
    text
      .split(/\r?\n/u)
      .filter((line) => line.trim())
      .join('\n\n'),
  crlf: (text) => text.replace(/\r?\n/gu, '\r\n'),
};

/** Everything a clerk would check, line numbers and wording of the text left aside. */
const reading = (parsed: ParsedDirective) => ({
  header: [parsed.number, parsed.issuer, parsed.issuedOn, parsed.subject, parsed.recipients],
  references: parsed.references,
  assignments: parsed.assignments.map((a) => ({ ...summary(a), subtasks: subtasksOf(a) })),
  signer: parsed.signer,
  distribution: parsed.distribution,
});

/** The fields a clerk checks on each part, in one comparable shape. */
const summary = (a: ParsedAssignment) => ({
  label: a.label,
  assignee: a.assignee,
  requested: a.requested,
  coordinators: a.coordinators,
  deadline: a.deadline,
  recurrence: a.recurrence,
});

const subtasksOf = (a: ParsedAssignment) =>
  a.subtasks?.map((s) => ({ label: s.label, deadline: s.deadline, recurrence: s.recurrence }));

const skipped = (parsed: ParsedDirective, line: number) =>
  parsed.warnings.some((warning) => warning.startsWith(`line ${line} skipped`));

describe(parseDirective.name, () => {
  describe('Chỉ thị 08/CT-UBND (Roman sections, Arabic parts, lettered sub-parts)', () => {
    const parsed = parseDirective(fixture('01-chi-thi-phong-chong-thien-tai.txt'));

    it('should read the header of a Chỉ thị, whose subject follows its title', () => {
      expect(parsed).toMatchObject({
        documentType: 'Chỉ thị',
        number: '08/CT-UBND',
        issuer: 'Ủy ban nhân dân tỉnh Quảng Bình',
        place: 'Quảng Bình',
        issuedOn: '2024-04-16',
        subject: 'Tăng cường công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2024',
        recipients: [],
      });
    });

    it('should end a reference’s subject where the sentence moves on', () => {
      expect(parsed.references).toEqual([
        {
          documentType: 'Chỉ thị',
          number: '05/CT-TTg',
          issuedOn: '2024-03-20',
          issuer: 'Thủ tướng Chính phủ',
          subject: 'Tăng cường công tác phòng, chống thiên tai năm 2024',
        },
      ]);
    });

    it('should read the parts of both sections, labelled by section', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: 'I.1',
          assignee: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
          requested: false,
          coordinators: [],
          deadline: '2024-05-31',
          recurrence: null,
        },
        {
          label: 'I.2',
          assignee: 'Sở Nông nghiệp và Phát triển nông thôn',
          requested: false,
          coordinators: ['Sở Công Thương', 'Sở Tài nguyên và Môi trường'],
          deadline: '2024-06-30',
          recurrence: null,
        },
        {
          label: 'I.3',
          assignee: 'Sở Tài chính',
          requested: false,
          coordinators: ['Sở Kế hoạch và Đầu tư'],
          deadline: null,
          recurrence: null,
        },
        {
          label: 'II.1',
          assignee: 'Bộ Chỉ huy Quân sự tỉnh',
          requested: false,
          coordinators: ['Công an tỉnh', 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh'],
          deadline: '2024-07-31',
          recurrence: null,
        },
        {
          label: 'II.2',
          assignee: 'Công an tỉnh',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: 'II.3',
          assignee: 'Sở Giao thông vận tải',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: 'II.4',
          assignee: 'Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Bình',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
    });

    it('should give the sub-parts their own deadlines and keep section headings out of the text', () => {
      const [first, second, third] = parsed.assignments;
      expect(subtasksOf(first)).toEqual([
        { label: 'a', deadline: '2024-05-15', recurrence: null },
        { label: 'b', deadline: '2024-05-31', recurrence: null },
        { label: 'c', deadline: null, recurrence: null },
      ]);
      expect(second.text).toContain('Tham mưu Ủy ban nhân dân tỉnh phân bổ vật tư dự trữ');
      expect(third.text).not.toContain('CÔNG TÁC ỨNG PHÓ');
    });

    it('should read a two-column signature block and warn on the unnumbered closing section', () => {
      expect(parsed.signer).toEqual({
        name: 'Đoàn Ngọc Lâm',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(parsed.distribution).toEqual([
        'Thủ tướng Chính phủ (b/c)',
        'Ban Chỉ đạo Quốc gia về PCTT (b/c)',
        'TT Tỉnh ủy, TT HĐND tỉnh',
        'Chủ tịch, các PCT UBND tỉnh',
        'Như Mục III',
        'Lưu: VT, NN',
      ]);
      expect(skipped(parsed, 44)).toBe(true);
      expect(directiveProblems(parsed)).toEqual([]);
    });
  });

  describe('Kế hoạch 38/KH-UBND (only section IV assigns work)', () => {
    const parsed = parseDirective(fixture('02-ke-hoach-pho-bien-phap-luat.txt'));

    it('should read the header and the legal bases, a law named before its number included', () => {
      expect(parsed).toMatchObject({
        documentType: 'Kế hoạch',
        number: '38/KH-UBND',
        issuer: 'Ủy ban nhân dân huyện Văn Lâm',
        issuedOn: '2024-01-25',
        subject: 'Tuyên truyền, phổ biến, giáo dục pháp luật trên địa bàn huyện năm 2024',
        recipients: [],
      });
      expect(parsed.references).toEqual([
        {
          documentType: 'Luật',
          number: '14/2012/QH13',
          issuedOn: '2012-06-20',
          issuer: null,
          subject: 'Phổ biến, giáo dục pháp luật',
        },
        {
          documentType: 'Kế hoạch',
          number: '12/KH-UBND',
          issuedOn: '2024-01-10',
          issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
          subject: 'Tuyên truyền, phổ biến, giáo dục pháp luật năm 2024',
        },
        {
          documentType: 'Công văn',
          number: '45/STP-PBGDPL',
          issuedOn: '2024-01-15',
          issuer: 'Sở Tư pháp',
          subject: 'Hướng dẫn triển khai công tác phổ biến, giáo dục pháp luật năm 2024',
        },
      ]);
    });

    it('should take the parts of "TỔ CHỨC THỰC HIỆN" only', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: 'IV.1',
          assignee: 'Phòng Tư pháp',
          requested: false,
          coordinators: [
            'Phòng Văn hóa và Thông tin',
            'Trung tâm Văn hóa, Thông tin và Thể thao huyện',
          ],
          deadline: '2024-12-10',
          recurrence: null,
        },
        {
          label: 'IV.2',
          assignee: 'Phòng Tài chính - Kế hoạch',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: 'IV.3',
          assignee: 'Phòng Tài nguyên và Môi trường',
          requested: false,
          coordinators: ['Huyện đoàn'],
          deadline: '2024-09-30',
          recurrence: null,
        },
        {
          label: 'IV.4',
          assignee: 'Ủy ban nhân dân các xã, thị trấn',
          requested: false,
          coordinators: [],
          deadline: '2024-02-15',
          recurrence: { frequency: 'half-yearly', detail: null, time: null },
        },
        {
          label: 'IV.5',
          assignee:
            'Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện',
          requested: true,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
    });

    it('should warn on every line of the purpose, content and budget sections', () => {
      for (const line of [26, 28, 30, 32, 34, 36, 40, 42, 44, 46, 50]) {
        expect([line, skipped(parsed, line)]).toEqual([line, true]);
      }
      expect(skipped(parsed, 54)).toBe(false);
      expect(parsed.signer).toEqual({
        name: 'Nguyễn Thị Hằng',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
    });
  });

  describe('Công điện 14/CĐ-UBND (urgent, "… điện:" recipients)', () => {
    const parsed = parseDirective(fixture('03-cong-dien-ung-pho-bao.txt'));

    it('should read the header without taking the urgency mark for the issuer', () => {
      expect(parsed).toMatchObject({
        documentType: 'Công điện',
        number: '14/CĐ-UBND',
        issuer: 'Ủy ban nhân dân tỉnh Quảng Trị',
        place: 'Quảng Trị',
        issuedOn: '2024-09-08',
        subject: 'Chủ động ứng phó với bão số 3 (bão Yagi)',
      });
    });

    it('should read the bodies the chairman wires to as recipients', () => {
      expect(parsed.recipients).toEqual([
        'Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố',
        'Giám đốc các Sở: Nông nghiệp và Phát triển nông thôn, Công Thương, Giao thông vận tải, Xây dựng',
        'Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh',
        'Giám đốc Công an tỉnh',
        'Giám đốc Đài Phát thanh - Truyền hình Quảng Trị',
      ]);
      expect(parsed.references).toEqual([
        {
          documentType: 'Công điện',
          number: '86/CĐ-TTg',
          issuedOn: '2024-09-07',
          issuer: 'Thủ tướng Chính phủ',
          subject: 'Tập trung ứng phó bão số 3',
        },
      ]);
    });

    it('should read the six parts with times of day and a daily report', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1',
          // The head's title is kept apart (assigneeTitle "Chủ tịch"), issue 14's convention.
          assignee: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
          requested: false,
          coordinators: [],
          deadline: '2024-09-08T17:00:00+07:00',
          recurrence: { frequency: 'daily', detail: null, time: '16:00' },
        },
        {
          label: '2',
          assignee: 'Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '3',
          assignee: 'Sở Nông nghiệp và Phát triển nông thôn',
          requested: false,
          coordinators: ['Sở Công Thương'],
          deadline: null,
          recurrence: null,
        },
        {
          label: '4',
          assignee: 'Sở Giao thông vận tải',
          requested: false,
          coordinators: ['Ủy ban nhân dân các huyện, thị xã, thành phố'],
          deadline: null,
          recurrence: null,
        },
        {
          label: '5',
          assignee: 'Đài Phát thanh - Truyền hình Quảng Trị',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '6',
          assignee: 'Văn phòng Ủy ban nhân dân tỉnh',
          requested: false,
          coordinators: [],
          deadline: '2024-09-08T20:00:00+07:00',
          recurrence: null,
        },
      ]);
      expect(parsed.signer).toEqual({
        name: 'Hoàng Nam',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(skipped(parsed, 34)).toBe(true);
    });
  });

  describe('Công văn 1245/UBND-TNMT ("- Body: task" bullets with "+" sub-items)', () => {
    const parsed = parseDirective(fixture('04-gach-dau-dong-moi-truong.txt'));

    it('should read the header, recipients and the target in the situation paragraph', () => {
      expect(parsed).toMatchObject({
        number: '1245/UBND-TNMT',
        issuer: 'Ủy ban nhân dân huyện Gia Lâm',
        issuedOn: '2023-06-12',
        subject: 'Tăng cường công tác bảo vệ môi trường, thu gom, xử lý rác thải sinh hoạt',
        recipients: [
          'Các phòng, ban, ngành thuộc huyện',
          'Ủy ban nhân dân các xã, thị trấn',
          'Công ty TNHH MTV Môi trường đô thị Gia Lâm',
        ],
        references: [],
      });
      expect(parsed.targets).toEqual([
        {
          indicator: 'Tỷ lệ rác thải sinh hoạt được thu gom, xử lý',
          baseline: { value: null, of: null, percent: 87.5, asOf: null },
          target: { percent: 95, comparator: 'min' },
        },
      ]);
    });

    it('should take each bullet naming a body as a part, and "+" items as its content', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '-',
          assignee: 'Phòng Tài nguyên và Môi trường',
          requested: false,
          coordinators: ['Công an huyện', 'Đội Quản lý trật tự xây dựng đô thị huyện'],
          deadline: '2023-06-30',
          recurrence: null,
        },
        {
          label: '-',
          assignee: 'Ủy ban nhân dân các xã, thị trấn',
          requested: false,
          coordinators: [],
          deadline: '2023-07-15',
          recurrence: { frequency: 'monthly', detail: 'ngày 25', time: null },
        },
        {
          label: '-',
          assignee: 'Công ty TNHH MTV Môi trường đô thị Gia Lâm',
          requested: false,
          coordinators: [],
          deadline: '2023-06-20T17:00:00+07:00',
          recurrence: null,
        },
        {
          label: '-',
          assignee: 'Đài Truyền thanh huyện, Trung tâm Văn hóa - Thông tin và Thể thao huyện',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '-',
          assignee: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp Phụ nữ huyện',
          requested: true,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
      expect(parsed.assignments[1].text).toContain('Bố trí đủ điểm tập kết rác thải tạm thời');
      expect(skipped(parsed, 25)).toBe(true);
      expect(parsed.signer).toEqual({
        name: 'Nguyễn Văn Tĩnh',
        position: 'Chủ tịch',
        capacity: 'TM. Ủy ban nhân dân',
      });
    });
  });

  describe('Công văn 672/UBND-KT ("Giao … chủ trì" paragraphs)', () => {
    const parsed = parseDirective(fixture('05-giao-chu-tri-vu-dong.txt'));

    it('should read two legal bases in one sentence, one issued by a body named before it', () => {
      expect(parsed).toMatchObject({
        number: '672/UBND-KT',
        issuer: 'Ủy ban nhân dân thành phố Hưng Yên',
        issuedOn: '2023-10-03',
        subject: 'Triển khai thu hoạch lúa mùa và sản xuất vụ đông năm 2023',
      });
      expect(parsed.references).toEqual([
        {
          documentType: 'Kế hoạch',
          number: '156/KH-UBND',
          issuedOn: '2023-08-20',
          issuer: 'UBND tỉnh Hưng Yên',
          subject: 'Sản xuất vụ đông năm 2023',
        },
        {
          documentType: 'Tờ trình',
          number: '45/TTr-KT',
          issuedOn: '2023-09-28',
          issuer: 'Phòng Kinh tế thành phố',
          subject: null,
        },
      ]);
    });

    it('should take each "Giao …" and "Đề nghị …" paragraph as a part', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: 'Giao',
          assignee: 'Phòng Kinh tế thành phố',
          requested: false,
          coordinators: [
            'Trung tâm Dịch vụ nông nghiệp thành phố',
            'Ủy ban nhân dân các xã, phường',
          ],
          deadline: '2023-10-10',
          recurrence: null,
        },
        {
          label: 'Giao',
          assignee: 'Phòng Tài chính - Kế hoạch thành phố',
          requested: false,
          coordinators: ['Phòng Kinh tế thành phố'],
          deadline: '2023-10-20',
          recurrence: null,
        },
        {
          label: 'Giao',
          assignee: 'Ủy ban nhân dân các xã, phường',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Năm', time: null },
        },
        {
          label: 'Giao',
          assignee: 'Trung tâm Văn hóa - Thông tin và Thể thao thành phố',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: 'Đề nghị',
          assignee: 'Hội Nông dân thành phố',
          requested: true,
          coordinators: ['Phòng Kinh tế thành phố'],
          deadline: null,
          recurrence: null,
        },
        {
          label: 'Giao',
          assignee: 'Phòng Kinh tế thành phố',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
      expect(parsed.signer).toEqual({ name: 'Đỗ Mạnh Quân', position: 'Chủ tịch', capacity: null });
    });
  });

  describe('Công văn 1520/UBND-NN (text extracted from a PDF)', () => {
    const parsed = parseDirective(fixture('06-pdf-dich-ta-lon.txt'));

    it('should read a header whose two columns were run together with single spaces', () => {
      expect(parsed).toMatchObject({
        number: '1520/UBND-NN',
        issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh',
        place: 'Bắc Ninh',
        issuedOn: '2023-07-12',
        subject: 'Triển khai các biện pháp cấp bách phòng, chống bệnh Dịch tả lợn Châu Phi',
        recipients: [
          'Sở Nông nghiệp và Phát triển nông thôn',
          'Sở Tài chính',
          'Công an tỉnh',
          'Ủy ban nhân dân các huyện, thị xã, thành phố',
        ],
      });
      expect(parsed.references).toEqual([
        {
          documentType: 'Công điện',
          number: '597/CĐ-TTg',
          issuedOn: '2023-06-30',
          issuer: 'Thủ tướng Chính phủ',
          subject:
            'Tập trung triển khai quyết liệt các giải pháp phòng, chống bệnh Dịch tả lợn Châu Phi',
        },
      ]);
    });

    it('should read parts wrapped one printed line at a time, across a page break', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1',
          assignee: 'Sở Nông nghiệp và Phát triển nông thôn',
          requested: false,
          coordinators: ['Ủy ban nhân dân các huyện, thị xã, thành phố'],
          deadline: '2023-07-20',
          recurrence: null,
        },
        {
          label: '2',
          assignee: 'Sở Tài chính',
          requested: false,
          coordinators: ['Sở Nông nghiệp và Phát triển nông thôn'],
          deadline: '2023-07-31',
          recurrence: null,
        },
        {
          label: '3',
          assignee: 'Công an tỉnh',
          requested: false,
          coordinators: ['Chi cục Chăn nuôi và Thú y', 'Cục Quản lý thị trường tỉnh'],
          deadline: null,
          recurrence: null,
        },
        {
          label: '4',
          assignee: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
          requested: false,
          coordinators: [],
          deadline: '2023-07-25T16:00:00+07:00',
          recurrence: null,
        },
        {
          label: '5',
          assignee: 'Đài Phát thanh và Truyền hình tỉnh, Báo Bắc Ninh',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
      expect(subtasksOf(parsed.assignments[3])).toEqual([
        { label: 'a', deadline: '2023-07-15', recurrence: null },
        { label: 'b', deadline: '2023-07-25T16:00:00+07:00', recurrence: null },
        {
          label: 'c',
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: null },
        },
      ]);
    });

    it('should drop the page number and running header, warning about each', () => {
      const third = parsed.assignments[2].text;
      expect(third).toContain('Chi cục Chăn nuôi và Thú y, Cục Quản lý thị trường tỉnh');
      expect(third).not.toContain('BẮC NINH');
      expect(parsed.assignments[4].text).toMatch(/chủ động phòng, chống\.$/);
      expect(skipped(parsed, 22)).toBe(true);
      expect(skipped(parsed, 23)).toBe(true);
      expect(skipped(parsed, 35)).toBe(true);
    });

    it('should read a signature block run into the distribution list', () => {
      expect(parsed.signer).toEqual({
        name: 'Vương Quốc Tuấn',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(parsed.distribution).toEqual([
        'Như trên',
        'Bộ Nông nghiệp và PTNT (b/c)',
        'TT Tỉnh ủy, TT HĐND tỉnh (b/c)',
        'Chủ tịch, các PCT UBND tỉnh',
        'Lưu: VT, NN',
      ]);
    });
  });

  describe('Công văn 245/UBND-TNMT (Markdown from a converter)', () => {
    const parsed = parseDirective(fixture('07-markdown-dat-dai.txt'));

    it('should read the header through bold, italics and hard breaks', () => {
      expect(parsed).toMatchObject({
        number: '245/UBND-TNMT',
        issuer: 'Ủy ban nhân dân huyện Tiên Lữ',
        place: 'Tiên Lữ',
        issuedOn: '2024-03-14',
        subject: 'Tăng cường quản lý đất đai, trật tự xây dựng trên địa bàn huyện',
        recipients: [
          'Phòng Tài nguyên và Môi trường',
          'Phòng Kinh tế và Hạ tầng',
          'Thanh tra huyện',
          'Ủy ban nhân dân các xã, thị trấn',
        ],
        references: [
          {
            documentType: 'Chỉ thị',
            number: '03/CT-UBND',
            issuedOn: '2024-02-05',
            issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
            subject: 'Tăng cường quản lý nhà nước về đất đai, trật tự xây dựng',
          },
        ],
      });
    });

    it('should read escaped "1\\." parts with bold bodies', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1',
          assignee: 'Phòng Tài nguyên và Môi trường',
          requested: false,
          coordinators: ['Thanh tra huyện', 'Phòng Kinh tế và Hạ tầng'],
          deadline: '2024-04-30',
          recurrence: null,
        },
        {
          label: '2',
          assignee: 'Phòng Kinh tế và Hạ tầng',
          requested: false,
          coordinators: [],
          deadline: '2024-03-31',
          recurrence: null,
        },
        {
          label: '3',
          assignee: 'Thanh tra huyện',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'quarterly', detail: null, time: null },
        },
        {
          label: '4',
          assignee: 'Ủy ban nhân dân các xã, thị trấn',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '5',
          assignee: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện',
          requested: true,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
      expect(subtasksOf(parsed.assignments[1])).toEqual([
        { label: 'a', deadline: '2024-03-31', recurrence: null },
        { label: 'b', deadline: null, recurrence: null },
      ]);
    });

    it('should read the signature and distribution', () => {
      expect(parsed.signer).toEqual({
        name: 'Đào Quang Hưng',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(parsed.distribution).toEqual([
        'Như trên',
        'TT Huyện ủy, TT HĐND huyện (b/c)',
        'Chủ tịch, các PCT UBND huyện',
        'Lưu: VT, TNMT',
      ]);
      expect(skipped(parsed, 35)).toBe(true);
    });
  });

  describe('Công văn 890/UBND-GDĐT (upper-case part headings)', () => {
    const parsed = parseDirective(fixture('08-chu-hoa-nam-hoc-moi.txt'));

    it('should read the header and the legal basis', () => {
      expect(parsed).toMatchObject({
        number: '890/UBND-GDĐT',
        issuer: 'Ủy ban nhân dân huyện Khoái Châu',
        issuedOn: '2023-08-10',
        subject: 'Chuẩn bị các điều kiện cho năm học 2023 - 2024',
        references: [
          {
            documentType: 'Kế hoạch',
            number: '102/KH-SGDĐT',
            issuedOn: '2023-07-25',
            issuer: 'Sở Giáo dục và Đào tạo tỉnh Hưng Yên',
            subject: 'Thực hiện nhiệm vụ năm học 2023 - 2024',
          },
        ],
      });
    });

    it('should write upper-case bodies in normal case, "ĐỀ NGHỊ" included', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1',
          assignee: 'Phòng Giáo dục và Đào tạo',
          requested: false,
          coordinators: [],
          deadline: '2023-08-25',
          recurrence: null,
        },
        {
          label: '2',
          assignee: 'Phòng Tài chính - Kế hoạch',
          requested: false,
          coordinators: ['Phòng Giáo dục và Đào tạo'],
          deadline: '2023-08-20',
          recurrence: null,
        },
        {
          label: '3',
          assignee: 'Phòng Nội vụ',
          requested: false,
          coordinators: ['Phòng Giáo dục và Đào tạo'],
          deadline: '2023-08-31',
          recurrence: null,
        },
        {
          label: '4',
          assignee: 'Ủy ban nhân dân các xã, thị trấn',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '5',
          assignee: 'Hội Khuyến học huyện',
          requested: true,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
      expect(parsed.signer).toEqual({
        name: 'Nguyễn Văn Phú',
        position: 'Chủ tịch',
        capacity: 'TM. Ủy ban nhân dân',
      });
      expect(parsed.distribution).toHaveLength(4);
    });
  });

  describe('Công văn 1876/UBND-YT (CRLF and tabs)', () => {
    const parsed = parseDirective(fixture('09-crlf-tab-dich-cum.txt'));

    it('should read a header laid out with tabs', () => {
      expect(parsed).toMatchObject({
        number: '1876/UBND-YT',
        issuer: 'Ủy ban nhân dân thành phố Hải Dương',
        place: 'Hải Dương',
        issuedOn: '2022-12-05',
        subject: 'Tăng cường phòng, chống dịch cúm mùa và bệnh tay chân miệng',
        recipients: [
          'Trung tâm Y tế thành phố',
          'Phòng Y tế thành phố',
          'Phòng Giáo dục và Đào tạo thành phố',
          'Ủy ban nhân dân các xã, phường',
        ],
        references: [
          {
            documentType: 'Công văn',
            number: '3345/SYT-NVY',
            issuedOn: '2022-11-28',
            issuer: 'Sở Y tế tỉnh Hải Dương',
            subject: 'Tăng cường công tác phòng, chống dịch bệnh mùa đông xuân 2022 - 2023',
          },
        ],
      });
    });

    it('should read indented parts and sub-parts', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1',
          assignee: 'Trung tâm Y tế thành phố',
          requested: false,
          coordinators: [],
          deadline: '2022-12-20',
          recurrence: null,
        },
        {
          label: '2',
          assignee: 'Phòng Y tế thành phố',
          requested: false,
          coordinators: ['Trung tâm Y tế thành phố'],
          deadline: '2022-12-31',
          recurrence: null,
        },
        {
          label: '3',
          assignee: 'Phòng Giáo dục và Đào tạo thành phố',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '4',
          assignee: 'Ủy ban nhân dân các xã, phường',
          requested: false,
          coordinators: [],
          deadline: '2022-12-25T17:00:00+07:00',
          recurrence: null,
        },
      ]);
      expect(subtasksOf(parsed.assignments[0])).toEqual([
        { label: 'a', deadline: null, recurrence: null },
        { label: 'b', deadline: '2022-12-20', recurrence: null },
        {
          label: 'c',
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Hai', time: '10:00' },
        },
      ]);
      expect(parsed.signer).toEqual({
        name: 'Trần Minh Đức',
        position: 'Chủ tịch',
        capacity: 'TM. Ủy ban nhân dân',
      });
    });
  });

  describe('Công văn 1032/UBND-TCKH (deadlines in every written form)', () => {
    const parsed = parseDirective(fixture('10-thoi-han-du-toan-ngan-sach.txt'));

    it('should read a date of issue written as digits', () => {
      expect(parsed).toMatchObject({
        number: '1032/UBND-TCKH',
        issuer: 'Ủy ban nhân dân huyện Văn Giang',
        place: 'Văn Giang',
        issuedOn: '2023-09-22',
        subject: 'Xây dựng dự toán ngân sách năm 2024 và kế hoạch đầu tư công',
        references: [
          {
            documentType: 'Quyết định',
            number: '1520/QĐ-UBND',
            issuedOn: '2023-09-15',
            issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
            subject: 'Giao chỉ tiêu lập dự toán ngân sách nhà nước năm 2024',
          },
        ],
      });
    });

    it('should read each form of deadline, a month and a quarter as their last day', () => {
      expect(parsed.assignments.map((a) => [a.label, a.assignee, a.deadline])).toEqual([
        ['1', 'Phòng Tài chính - Kế hoạch', '2023-10-05T17:00:00+07:00'],
        ['2', 'Các phòng, ban, đơn vị dự toán thuộc huyện', '2023-10-15'],
        ['3', 'Ủy ban nhân dân các xã, thị trấn', '2023-10-20'],
        ['4', 'Phòng Tài nguyên và Môi trường', '2023-10-31'],
        ['5', 'Ban Quản lý dự án đầu tư xây dựng huyện', '2023-11-30'],
        ['6', 'Kho bạc Nhà nước Văn Giang', '2023-10-10'],
        ['7', 'Chi cục Thuế khu vực Văn Giang - Văn Lâm', '2023-12-31'],
      ]);
      expect(parsed.assignments[3].coordinators).toEqual(['Phòng Tài chính - Kế hoạch']);
      expect(parsed.assignments[5].coordinators).toEqual(['Phòng Tài chính - Kế hoạch']);
      expect(subtasksOf(parsed.assignments[4])).toEqual([
        { label: 'a', deadline: '2023-09-29T16:30:00+07:00', recurrence: null },
        { label: 'b', deadline: '2023-11-30', recurrence: null },
        {
          label: 'c',
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: '09:00' },
        },
      ]);
      expect(parsed.signer).toEqual({
        name: 'Trịnh Xuân Đạt',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(skipped(parsed, 33)).toBe(true);
    });
  });

  describe('Công văn 2210/UBND-NC (a docx with regenerated list labels; recurrences)', () => {
    const parsed = parseDirective(fixture('11-docx-bao-cao-dinh-ky.txt'));

    it('should read a header laid out one table cell after another', () => {
      expect(parsed).toMatchObject({
        number: '2210/UBND-NC',
        issuer: 'Ủy ban nhân dân tỉnh Thái Bình',
        place: 'Thái Bình',
        issuedOn: '2023-05-18',
        subject: 'Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính',
        recipients: ['Các sở, ban, ngành tỉnh', 'Ủy ban nhân dân các huyện, thành phố'],
      });
      expect(parsed.references.map((r) => [r.number, r.issuer, r.subject])).toEqual([
        ['01/2023/TT-BNV', 'Bộ Nội vụ', 'Chế độ báo cáo công tác cải cách hành chính'],
        ['25/KH-UBND', 'UBND tỉnh', 'Cải cách hành chính năm 2023'],
      ]);
    });

    it('should take the lettered items as parts under the "1." sections', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1.a',
          assignee: 'Sở Nội vụ',
          requested: false,
          coordinators: [],
          deadline: '2023-12-15',
          recurrence: null,
        },
        {
          label: '1.b',
          assignee: 'Các sở, ban, ngành tỉnh',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'monthly', detail: 'ngày 20', time: null },
        },
        {
          label: '1.c',
          assignee: 'Sở Thông tin và Truyền thông',
          requested: false,
          coordinators: ['Sở Nội vụ'],
          deadline: null,
          recurrence: { frequency: 'monthly', detail: null, time: null },
        },
        {
          label: '1.d',
          assignee: 'Sở Tài chính',
          requested: false,
          coordinators: [],
          deadline: '2023-12-15',
          recurrence: null,
        },
        {
          label: '2.a',
          assignee: 'Ủy ban nhân dân các huyện, thành phố',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'daily', detail: null, time: '16:30' },
        },
        {
          label: '2.b',
          assignee: 'Công an tỉnh',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'monthly', detail: 'ngày 25', time: '15:00' },
        },
        {
          label: '3.a',
          assignee: 'Văn phòng Ủy ban nhân dân tỉnh',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Hai', time: null },
        },
        {
          label: '3.b',
          assignee: 'Sở Nội vụ',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
      ]);
    });

    it('should read the "1)" items of a part as its subtasks, a quarterly one included', () => {
      expect(subtasksOf(parsed.assignments[0])).toEqual([
        {
          label: '1',
          deadline: null,
          recurrence: {
            frequency: 'quarterly',
            detail: 'ngày 20 của tháng cuối quý',
            time: null,
          },
        },
        { label: '2', deadline: '2023-12-15', recurrence: null },
      ]);
      expect(parsed.distribution).toEqual([
        'Như trên',
        'Bộ Nội vụ (b/c)',
        'Chủ tịch, các PCT UBND tỉnh',
        'Lưu: VT, NC',
      ]);
      expect(parsed.signer).toEqual({
        name: 'Vũ Minh Khôi',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(skipped(parsed, 48)).toBe(true);
    });
  });

  describe('Thông báo 187/TB-UBND (conclusions assigning work inside sentences)', () => {
    const parsed = parseDirective(fixture('12-thong-bao-ket-luan-gpmb.txt'));

    it('should read the header of a Thông báo with no recipients', () => {
      expect(parsed).toMatchObject({
        documentType: 'Thông báo',
        number: '187/TB-UBND',
        issuer: 'Ủy ban nhân dân tỉnh Hà Tĩnh',
        place: 'Hà Tĩnh',
        issuedOn: '2024-05-24',
        subject:
          'Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về tiến độ giải phóng mặt bằng các dự án trọng điểm',
        recipients: [],
        references: [],
      });
    });

    it('should take every "Giao …" sentence inside a part as an assignment', () => {
      expect(parsed.assignments.map(summary)).toEqual([
        {
          label: '1',
          assignee: 'UBND huyện Cẩm Xuyên',
          requested: false,
          coordinators: ['Sở Tài nguyên và Môi trường', 'Sở Xây dựng'],
          deadline: '2024-06-30',
          recurrence: null,
        },
        {
          label: '1',
          assignee: 'Sở Tài chính',
          requested: false,
          coordinators: [],
          deadline: '2024-06-10',
          recurrence: null,
        },
        {
          label: '2',
          assignee: 'Sở Xây dựng',
          requested: false,
          coordinators: ['UBND thị xã Kỳ Anh'],
          deadline: '2024-06-30',
          recurrence: null,
        },
        {
          label: '2',
          assignee: 'Sở Kế hoạch và Đầu tư',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: null,
        },
        {
          label: '3',
          assignee: 'Sở Kế hoạch và Đầu tư',
          requested: false,
          coordinators: ['Sở Tài chính'],
          deadline: '2024-06-05T16:00:00+07:00',
          recurrence: null,
        },
        {
          label: '4',
          assignee: 'UBND các huyện Kỳ Anh, Cẩm Xuyên, Thạch Hà',
          requested: false,
          coordinators: [],
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Năm', time: null },
        },
      ]);
      expect(parsed.assignments.map((a) => a.ordinal)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(parsed.assignments[0].text).toMatch(/^Chủ trì, phối hợp với Sở Tài nguyên/);
      expect(parsed.assignments[3].text).toBe('Tham mưu bố trí vốn cho dự án.');
    });

    it('should read a signature given by delegation twice over', () => {
      expect(parsed.signer).toEqual({
        name: 'Lê Thị Thu Hà',
        position: 'Phó Chánh Văn phòng',
        capacity: 'KT. Chánh Văn phòng',
      });
      expect(skipped(parsed, 26)).toBe(true);
      expect(directiveProblems(parsed)).toEqual([]);
    });
  });

  describe('every fixture in the shapes other sources deliver', () => {
    const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt'));

    it.each(names.flatMap((name) => Object.keys(SHAPES).map((shape) => [name, shape])))(
      'should read %s the same as %s text',
      (name, shape) => {
        const text = fixture(name);
        expect(reading(parseDirective(SHAPES[shape](text)))).toEqual(reading(parseDirective(text)));
      },
    );
  });
});
