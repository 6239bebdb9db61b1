import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { directiveProblems, parseDirective } from './directive-parser.js';

const letter = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../../../../shared/directives', name), 'utf8');

describe(parseDirective.name, () => {
  describe('Công văn 451/UBND-VHTT (the seed letter)', () => {
    const parsed = parseDirective(letter('451-UBND-VHTT-bluezone.txt'));

    it('should read the header', () => {
      expect(parsed).toMatchObject({
        documentType: 'Công văn',
        number: '451/UBND-VHTT',
        issuer: 'Ủy ban nhân dân huyện An Thi',
        place: 'An Thi',
        issuedOn: '2020-08-22',
        subject: 'Đẩy mạnh tuyên truyền cài đặt, sử dụng ứng dụng Bluezone',
        recipients: ['Các phòng, ngành, đoàn thể huyện', 'Ủy ban nhân dân các xã, thị trấn'],
      });
    });

    it('should read the three legal bases', () => {
      expect(parsed.references).toEqual([
        {
          documentType: 'Công văn',
          number: '2136/UBND-KGVX',
          issuedOn: '2020-08-18',
          issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
          subject: 'Đẩy mạnh tuyên truyền cài đặt, sử dụng ứng dụng Bluezone',
        },
        expect.objectContaining({
          documentType: 'Thông báo',
          number: '245/TB-UBND',
          issuedOn: '2020-08-21',
          issuer: 'UBND tỉnh Hưng Yên',
        }),
        expect.objectContaining({
          number: '732/STTTT-BCVT',
          issuer: 'Sở Thông tin và Truyền thông tỉnh Hưng Yên',
          subject: 'Báo cáo nhanh kết quả tuyên truyền cài đặt ứng dụng Bluezone',
        }),
      ]);
    });

    it('should read the Bluezone target with its baseline', () => {
      expect(parsed.targets).toEqual([
        {
          indicator: 'Tỷ lệ dân số cài đặt, sử dụng Bluezone',
          baseline: { value: 15277, of: 134494, percent: 11.3, asOf: '2020-08-21' },
          target: { percent: 60, comparator: 'min' },
        },
      ]);
    });

    it('should find the six parts in order, the last one requested', () => {
      expect(parsed.assignments.map((a) => [a.label, a.assignee, a.requested])).toEqual([
        ['1', 'Ủy ban nhân dân các xã, thị trấn', false],
        ['2', 'Phòng Văn hoá và Thông tin huyện', false],
        ['3', 'Phòng Giáo dục và Đào tạo huyện', false],
        ['4', 'Đài Truyền thanh huyện', false],
        ['5', 'Các phòng, ngành, cơ quan, đơn vị huyện', false],
        ['6', 'Ủy ban Mặt trận Tổ quốc Việt Nam, các hội đoàn thể huyện', true],
      ]);
      expect(parsed.assignments.every((a) => a.role === 'lead' && a.deadline === null)).toBe(true);
    });

    it('should keep each part’s full instruction, joining a sentence broken across paragraphs', () => {
      const [first, second] = parsed.assignments;
      expect(first.text).toMatch(/^Chỉ đạo quyết liệt, khẩn trương/);
      expect(first.text).toContain('“Đi từng ngõ, gõ từng nhà”');
      expect(first.text.split('\n')).toHaveLength(2);
      expect(second.text).toContain('sử dụng ứng dụng Bluezone trên Cổng thông tin điện tử huyện');
      expect(second.coordinators).toEqual([]); // "các cơ quan, đơn vị liên quan" is too vague
    });

    it('should read the signature and distribution', () => {
      expect(parsed.signer).toEqual({
        name: 'Phạm Văn Huế',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
      expect(parsed.distribution).toEqual([
        'Như trên',
        'Chủ tịch, các PCT UBND huyện',
        'Ủy ban MTTQVN huyện',
        'Các cơ quan, đơn vị trên địa bàn huyện',
        'Lưu: VT, VHHT',
      ]);
    });

    it('should warn about the closing remark it did not assign', () => {
      expect(parsed.warnings).toEqual(
        expect.arrayContaining([expect.stringMatching(/^line 55 skipped .*nghiêm túc/)]),
      );
      expect(directiveProblems(parsed)).toEqual([]);
    });
  });

  describe('Công văn 2136/UBND-KGVX (a province letter, two-column header)', () => {
    const parsed = parseDirective(letter('2136-UBND-KGVX-bluezone-tinh.txt'));

    it('should read the flattened two-column header', () => {
      expect(parsed).toMatchObject({
        number: '2136/UBND-KGVX',
        issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
        place: 'Hưng Yên',
        issuedOn: '2020-08-18',
        subject: 'Đẩy mạnh tuyên truyền cài đặt, sử dụng ứng dụng Bluezone',
        recipients: [
          'Các sở, ban, ngành, đoàn thể tỉnh',
          'Ủy ban nhân dân các huyện, thị xã, thành phố',
        ],
      });
      expect(parsed.signer).toEqual({
        name: 'Nguyễn Văn A',
        position: 'Phó Chủ tịch',
        capacity: 'KT. Chủ tịch',
      });
    });

    it('should split two legal bases given in one sentence', () => {
      expect(parsed.references.map((r) => [r.number, r.issuedOn, r.issuer])).toEqual([
        ['6668/VPCP-KGVX', '2020-08-12', 'Văn phòng Chính phủ'],
        ['3059/BTTTT-THH', '2020-08-14', 'Bộ Thông tin và Truyền thông'],
      ]);
    });

    it('should read a target whose baseline is only a rate', () => {
      expect(parsed.targets).toEqual([
        {
          indicator: 'Tỷ lệ người dân trên địa bàn tỉnh cài đặt ứng dụng Bluezone',
          baseline: { value: null, of: null, percent: 9.8, asOf: null },
          target: { percent: 60, comparator: 'min' },
        },
      ]);
    });

    it('should read inline parts: lead, coordinators, deadline, recurrence, request', () => {
      const [p1, p2, p3, p4, p5, p6] = parsed.assignments;
      expect(p1).toMatchObject({
        assignee: 'Sở Thông tin và Truyền thông',
        coordinators: ['Sở Y tế', 'Công an tỉnh'],
        deadline: '2020-08-25',
      });
      expect(p1.text).toMatch(/^Chủ trì, phối hợp với Sở Y tế/);
      expect(p2).toMatchObject({ assignee: 'Sở Y tế', deadline: null });
      // "trước khi bắt đầu năm học mới" names no date: no deadline is invented.
      expect(p3).toMatchObject({ assignee: 'Sở Giáo dục và Đào tạo', deadline: null });
      expect(p4.assignee).toBe('Đài Phát thanh và Truyền hình tỉnh, Báo Hưng Yên');
      expect(p5).toMatchObject({
        assignee: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
        recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: null },
      });
      expect(p6).toMatchObject({
        assignee: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh',
        requested: true,
      });
    });
  });

  describe('Công văn 318/UBND-YT (bold headings, sub-parts, times)', () => {
    const parsed = parseDirective(letter('318-UBND-YT-sot-xuat-huyet.txt'));

    it('should read the header and signature', () => {
      expect(parsed).toMatchObject({
        number: '318/UBND-YT',
        issuer: 'Ủy ban nhân dân huyện An Thi',
        issuedOn: '2021-09-07',
        signer: { name: 'Trần Văn B', position: 'Chủ tịch', capacity: 'TM. Ủy ban nhân dân' },
      });
      expect(parsed.references).toEqual([
        {
          documentType: 'Kế hoạch',
          number: '95/KH-SYT',
          issuedOn: '2021-08-30',
          issuer: 'Sở Y tế tỉnh Hưng Yên',
          subject: 'Phòng, chống dịch bệnh sốt xuất huyết năm 2021',
        },
      ]);
      expect(parsed.targets).toEqual([]);
    });

    it('should read a coordinator and a date deadline', () => {
      expect(parsed.assignments[0]).toMatchObject({
        assignee: 'Phòng Y tế huyện',
        coordinators: ['Trung tâm Y tế huyện'],
        deadline: '2021-09-20',
      });
    });

    it('should turn lettered items with their own deadlines into subtasks', () => {
      const part = parsed.assignments[1];
      expect(part.assignee).toBe('Trung tâm Y tế huyện');
      expect(part.subtasks).toEqual([
        expect.objectContaining({ label: 'a', deadline: null, recurrence: null }),
        expect.objectContaining({ label: 'b', deadline: '2021-09-15', recurrence: null }),
        expect.objectContaining({
          label: 'c',
          deadline: null,
          recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' },
        }),
      ]);
      expect(part.deadline).toBe('2021-09-15');
    });

    it('should give a deadline with a time in Vietnam time', () => {
      expect(parsed.assignments[2]).toMatchObject({
        assignee: 'Ủy ban nhân dân các xã, thị trấn',
        deadline: '2021-09-30T17:00:00+07:00',
      });
      expect(parsed.assignments[3]).toMatchObject({
        assignee: 'Đài Truyền thanh huyện',
        deadline: null,
      });
    });
  });

  describe('other shapes of the genre', () => {
    const header = [
      'ỦY BAN NHÂN DÂN HUYỆN KIM ĐỘNG',
      'Số: 77/UBND-NV',
      'V/v rà soát, kiện toàn bộ máy',
      'Kim Động, ngày 3 tháng 3 năm 2022',
      '',
      'Kính gửi: Các cơ quan, đơn vị huyện',
      '',
    ];
    const footer = ['', 'Nơi nhận:', '- Như trên;', '- Lưu: VT.', '', 'CHỦ TỊCH', '', 'Lê Văn C'];

    it('should read "1. Body: task" parts, CRLF and hard-wrapped lines', () => {
      const text = [
        ...header,
        'UBND huyện yêu cầu:',
        '1. Phòng Nội vụ: chủ trì rà soát vị trí việc làm,',
        'báo cáo UBND huyện chậm nhất ngày 15/4/2022.',
        '2. Phòng Tài chính - Kế hoạch: phối hợp với Phòng Nội vụ và Văn phòng HĐND và UBND',
        'bố trí kinh phí trước 16h00 ngày 20/4.',
        ...footer,
      ].join('\r\n');
      const parsed = parseDirective(text);
      expect(parsed).toMatchObject({
        number: '77/UBND-NV',
        issuedOn: '2022-03-03',
        recipients: ['Các cơ quan, đơn vị huyện'],
      });
      expect(parsed.assignments).toEqual([
        expect.objectContaining({
          assignee: 'Phòng Nội vụ',
          text: 'Chủ trì rà soát vị trí việc làm, báo cáo UBND huyện chậm nhất ngày 15/4/2022.',
          deadline: '2022-04-15',
        }),
        expect.objectContaining({
          assignee: 'Phòng Tài chính - Kế hoạch',
          coordinators: ['Phòng Nội vụ', 'Văn phòng HĐND và UBND'],
          deadline: '2022-04-20T16:00:00+07:00',
        }),
      ]);
      expect(parsed.signer).toEqual({ name: 'Lê Văn C', position: 'Chủ tịch', capacity: null });
    });

    it('should read "- Body: task" bullets and "Giao … chủ trì" paragraphs', () => {
      const bullets = parseDirective(
        [
          ...header,
          '- Phòng Y tế: kiểm tra an toàn thực phẩm hằng tháng vào ngày 25;',
          '- Công an huyện: bảo đảm an ninh trật tự.',
          ...footer,
        ].join('\n'),
      );
      expect(bullets.assignments.map((a) => a.assignee)).toEqual(['Phòng Y tế', 'Công an huyện']);
      expect(bullets.assignments[0].recurrence).toEqual({
        frequency: 'monthly',
        detail: 'ngày 25',
        time: null,
      });

      const giao = parseDirective(
        [
          ...header,
          'Giao Phòng Kinh tế và Hạ tầng chủ trì, phối hợp với Công an huyện, Đài Truyền thanh huyện tổ chức kiểm tra; hoàn thành trước ngày 30/6/2022.',
          '',
          'Đề nghị Ủy ban MTTQ Việt Nam huyện tuyên truyền, vận động nhân dân hằng ngày.',
          ...footer,
        ].join('\n'),
      );
      expect(giao.assignments).toEqual([
        expect.objectContaining({
          assignee: 'Phòng Kinh tế và Hạ tầng',
          coordinators: ['Công an huyện', 'Đài Truyền thanh huyện'],
          deadline: '2022-06-30',
          requested: false,
        }),
        expect.objectContaining({
          assignee: 'Ủy ban MTTQ Việt Nam huyện',
          requested: true,
          recurrence: { frequency: 'daily', detail: null, time: null },
        }),
      ]);
    });

    it('should read Roman numbering and upper-case headings', () => {
      const parsed = parseDirective(
        [
          ...header,
          'I. PHÒNG GIÁO DỤC VÀ ĐÀO TẠO',
          'Chỉ đạo các trường rà soát cơ sở vật chất trước ngày 10 tháng 8 năm 2022.',
          'II. ỦY BAN NHÂN DÂN CÁC XÃ, THỊ TRẤN',
          'Phối hợp với Phòng Giáo dục và Đào tạo kiểm tra các điểm trường.',
          ...footer,
        ].join('\n'),
      );
      expect(parsed.assignments.map((a) => [a.label, a.assignee, a.deadline])).toEqual([
        ['I', 'Phòng Giáo dục và Đào tạo', '2022-08-10'],
        ['II', 'Ủy ban nhân dân các xã, thị trấn', null],
      ]);
      expect(parsed.assignments[1].coordinators).toEqual(['Phòng Giáo dục và Đào tạo']);
    });

    it('should treat Arabic parts under Roman sections as the parts, and warn on those naming no body', () => {
      const parsed = parseDirective(
        [
          ...header,
          'I. MỤC ĐÍCH',
          '1. Nâng cao nhận thức của người dân.',
          'II. TỔ CHỨC THỰC HIỆN',
          '1. Phòng Tư pháp chủ trì triển khai kế hoạch.',
          ...footer,
        ].join('\n'),
      );
      expect(parsed.assignments.map((a) => a.assignee)).toEqual(['Phòng Tư pháp']);
      expect(parsed.warnings).toEqual(
        expect.arrayContaining([expect.stringMatching(/^line 9 skipped \(no body named/)]),
      );
    });

    it('should give a deadline without a year the directive’s year, or the next if already past', () => {
      const text = (deadline: string) =>
        [...header, `1. Phòng Nội vụ: báo cáo trước ngày ${deadline}.`, ...footer].join('\n');
      expect(parseDirective(text('15/9')).assignments[0].deadline).toBe('2022-09-15');
      expect(parseDirective(text('15/1')).assignments[0].deadline).toBe('2023-01-15');
      expect(parseDirective(text('31/2/2022')).assignments[0].deadline).toBeNull();
    });

    it('should report a letter with no parts as not a directive', () => {
      const parsed = parseDirective(
        [...header, 'Đề nghị các đơn vị nghiên cứu.', ...footer].join('\n'),
      );
      expect(parsed.assignments).toEqual([]);
      expect(directiveProblems(parsed)).toEqual([
        'no part of the text assigns work to a named body',
      ]);
    });

    it('should not mistake prose or junk for a directive, and never throw', () => {
      for (const junk of [
        '',
        'hello world',
        '\u0000\u0001binary',
        '1. 2. 3.',
        'Số:',
        '#'.repeat(10_000),
        'a) b) c)',
      ]) {
        const parsed = parseDirective(junk);
        expect(directiveProblems(parsed).length).toBeGreaterThan(0);
      }
    });
  });
});
