import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { linkedNotice } from '../directives/carrying-down.js';
import { parseDirective } from '../directives/parser/directive-parser.js';
import { vi } from './i18n/vi.js';
import { showWarning } from './parser-warnings.js';

const labels = vi.directivesPages.parserWarnings;
// The sample letters, the older unseen ones, and the letter corpus (its text and Markdown
// letters; its Word and PDF ones reach the parser as the same kinds of text).
const CORPUS = resolve(import.meta.dirname, '../../test/fixtures/letters');
const LETTERS = [
  resolve(import.meta.dirname, '../../../shared/directives'),
  resolve(import.meta.dirname, '../../test/fixtures/directives'),
  CORPUS,
  resolve(CORPUS, 'last'),
].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.txt') || name.endsWith('.md'))
    .filter((name) => name !== 'README.md' && name !== 'FIRST-RUN.md')
    .map((name) => readFileSync(resolve(dir, name), 'utf8')),
);

describe('parser warnings on the pages', () => {
  it('should word in Vietnamese every warning the parser gives on the sample and unseen letters, and on broken copies of them', () => {
    // Broken copies give the warnings a clean letter does not: no header, no parts, no signature.
    const variants = LETTERS.flatMap((text) => {
      const lines = text.split('\n');
      return [
        text,
        lines.slice(Math.floor(lines.length / 3)).join('\n'),
        lines.slice(0, Math.floor(lines.length / 2)).join('\n'),
        `Trang 1\n${text.replace(/\n/g, '\nTrang 2\n')}`,
      ];
    });
    const warnings = new Set(variants.flatMap((text) => parseDirective(text).warnings));
    expect(warnings.size).toBeGreaterThan(10);
    const untranslated = [...warnings].filter((text) => showWarning(text, labels).lang === 'en');
    expect(untranslated).toEqual([]);
  });

  it.each([
    [
      'no numbered or bulleted parts assigning work to named bodies were found',
      { line: null, text: labels.noParts },
    ],
    [
      'issuer "UBND huyện An Thi" inferred from the number, the place and the text',
      {
        line: null,
        text: 'Cơ quan ban hành „UBND huyện An Thi” được suy ra từ số hiệu, địa danh và nội dung văn bản',
      },
    ],
    ['no document number ("Số: …") found', { line: null, text: labels.noNumber }],
    ['no date of issue ("…, ngày … tháng … năm …") found', { line: null, text: labels.noDate }],
    ['no subject ("V/v …") found', { line: null, text: labels.noSubject }],
    ['no signature block ("TM." / "KT." …) found', { line: null, text: labels.noSignature }],
    [
      'part 3 (Phòng Văn hóa và Thông tin) has no instruction text',
      { line: null, text: 'Mục 3 (Phòng Văn hóa và Thông tin) không có nội dung công việc' },
    ],
    [
      'line 7 skipped (page number or running header): "Trang 2"',
      {
        line: 7,
        text: 'Đã bỏ qua dòng (số trang hoặc tiêu đề lặp lại ở đầu trang): „Trang 2”',
      },
    ],
    [
      'line 40 skipped (closing remark, not a part): "Đề nghị các đơn vị thực hiện…"',
      {
        line: 40,
        text: 'Đã bỏ qua dòng (lời kết, không phải một mục giao việc): „Đề nghị các đơn vị thực hiện…”',
      },
    ],
    [
      'line 12 skipped (text of section I "MỤC ĐÍCH, YÊU CẦU", not a part): "Nâng cao…"',
      {
        line: 12,
        text: 'Đã bỏ qua dòng (nội dung của phần I „MỤC ĐÍCH, YÊU CẦU”, không phải một mục giao việc): „Nâng cao…”',
      },
    ],
    [
      'line 15 skipped (part I.2 is in section I "MỤC ĐÍCH", which assigns no work): "2. Bảo đảm…"',
      {
        line: 15,
        text: 'Đã bỏ qua dòng (mục I.2 thuộc phần I „MỤC ĐÍCH”, phần này không giao việc): „2. Bảo đảm…”',
      },
    ],
    [
      'line 21 skipped (no body named in part 4): "4. Tăng cường…"',
      {
        line: 21,
        text: 'Đã bỏ qua dòng (mục 4 không nêu cơ quan, đơn vị thực hiện): „4. Tăng cường…”',
      },
    ],
  ])('should word %j', (warning, shown) => {
    expect(showWarning(warning, labels)).toEqual(shown);
  });

  it('should word in Vietnamese what the parser says of a task table row', () => {
    const letter = [
      'Số: 5/KH-UBND                 Hà Nội, ngày 10 tháng 11 năm 2025',
      'KẾ HOẠCH',
      'II. NHIỆM VỤ',
      '| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |',
      '|---|---|---|---|---|',
      '| 1 | Thăm hỏi hộ nghèo | Sở Y tế | Công an tỉnh | Trước Tết Nguyên đán |',
      '| 2 | Rà soát | | | 31/12/2025 |',
    ].join('\n');
    const warnings = parseDirective(letter).warnings.filter((w) => w.startsWith('table row'));
    expect(warnings).toHaveLength(2);
    const shown = warnings.map((w) => showWarning(w, labels));
    expect(shown.every((w) => w.lang === undefined)).toBe(true);
    expect(shown[0].text).toContain('2026-02-13');
  });

  it('should word in Vietnamese the import’s notice of a task carried down', () => {
    const notice = linkedNotice({ label: '5', number: '2136/UBND-KGVX' });
    expect(showWarning(notice, labels)).toEqual({
      line: null,
      text: labels.carriesDown('5', '2136/UBND-KGVX'),
    });
  });

  it('should show a warning of a shape it does not know as it is, marked English, with its line', () => {
    expect(showWarning('line 9 looks odd', labels)).toEqual({
      line: 9,
      text: 'line 9 looks odd',
      lang: 'en',
    });
    expect(showWarning('line 9 skipped (a new reason): "x"', labels)).toEqual({
      line: 9,
      text: 'line 9 skipped (a new reason): "x"',
      lang: 'en',
    });
  });

  it('should never throw, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const shown = showWarning(text, labels);
        expect(typeof shown.text).toBe('string');
      }),
    );
  });
});
