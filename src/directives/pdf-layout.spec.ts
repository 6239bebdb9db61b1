import { layoutPdfPage, type PdfTextItem } from './pdf-layout.js';

// Items as pdf.js reports them: 12 pt text, the left margin at 72 pt, baselines 14 pt apart.
// Width: half an em per character, near enough for these tests.
const item = (str: string, x: number, line: number): PdfTextItem => ({
  str,
  x,
  y: 800 - line * 14,
  width: str.length * 6,
  fontSize: 12,
});

describe('layoutPdfPage', () => {
  it('joins running text with single spaces, top to bottom, whatever the drawing order', () => {
    const text = layoutPdfPage([
      item('ngày 20/12/2025.', 72, 1),
      item('Sở Tài chính bố trí kinh phí, hoàn thành trước', 72, 0),
      item('ỦY BAN NHÂN DÂN', 72, -2),
      item('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 300, -2),
    ]);
    expect(text.split('\n')).toEqual([
      'ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Sở Tài chính bố trí kinh phí, hoàn thành trước',
      'ngày 20/12/2025.',
    ]);
  });

  it('glues items that touch, and puts a space where a small gap is', () => {
    const text = layoutPdfPage([
      { str: 'Ng', x: 72, y: 800, width: 12, fontSize: 12 },
      { str: 'uyễn', x: 84, y: 800, width: 24, fontSize: 12 },
      { str: 'Văn', x: 111, y: 800.5, width: 18, fontSize: 12 },
    ]);
    expect(text).toBe('Nguyễn Văn');
  });

  it('keeps a table drawn in columns aligned, wrapped cells under their column', () => {
    const columns = [72, 110, 280, 400];
    const rows: Array<[number, string[]]> = [
      [0, ['STT', 'Nội dung', 'Cơ quan chủ trì', 'Thời gian']],
      [1, ['1', 'Rà soát nhu cầu', 'Sở Dân tộc và', 'Trước ngày']],
      [2, ['', 'hỗ trợ gạo', 'Tôn giáo', '05/12/2025']],
      [3, ['2', 'Cấp phát gạo', 'UBND các xã', '']],
      [4, ['', '', '', 'Quý I/2026']],
    ];
    const items = rows.flatMap(([line, cells]) =>
      cells.flatMap((cell, k) => (cell ? [item(cell, columns[k], line)] : [])),
    );
    items.push(item('II. TỔ CHỨC THỰC HIỆN', 72, 5));
    const lines = layoutPdfPage(items).split('\n');
    // One unit is a quarter em (3 pt): the columns start at 0, 38/3, 208/3 and 328/3 units.
    const at = (line: string, text: string) => line.indexOf(text);
    expect(lines).toHaveLength(6);
    for (const [k, line] of lines.slice(0, 5).entries()) {
      const [, cells] = rows[k];
      cells.forEach((cell, c) => {
        if (cell) expect(at(line, cell)).toBe(Math.round((columns[c] - 72) / 3));
      });
    }
    expect(lines[5]).toBe('II. TỔ CHỨC THỰC HIỆN');
  });

  it('ends a column region at a paragraph that runs across the columns', () => {
    const text = layoutPdfPage([
      item('1', 72, 0),
      item('Rà soát', 110, 0),
      item('Sở Tài chính', 280, 0),
      item('Tháng 12', 400, 0),
      item(
        'Sở Tài chính bố trí kinh phí từ nguồn dự phòng ngân sách tỉnh, hoàn thành trước',
        110,
        1,
      ),
    ]);
    expect(text.split('\n')[1]).toBe(
      'Sở Tài chính bố trí kinh phí từ nguồn dự phòng ngân sách tỉnh, hoàn thành trước',
    );
  });

  it('keeps an overflowing date in its column region', () => {
    const lines = layoutPdfPage([
      item('1', 72, 0),
      item('Rà soát', 110, 0),
      item('Sở Tài chính', 280, 0),
      item('Từ', 400, 0),
      item('28/02/2026', 400, 1),
    ]).split('\n');
    expect(lines[1].indexOf('28/02/2026')).toBe(Math.round((400 - 72) / 3));
  });

  it('is empty for a page without text', () => {
    expect(layoutPdfPage([{ str: ' ', x: 0, y: 0, width: 3, fontSize: 12 }])).toBe('');
  });
});
