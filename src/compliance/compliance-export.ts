import ExcelJS from 'exceljs';

/** A column of an exported table: a Vietnamese header, a width in characters, a value type. */
export interface ExportColumn<Row> {
  header: string;
  width: number;
  type?: 'text' | 'number' | 'rate' | 'date';
  value: (row: Row) => string | number | boolean | null;
}

// Tables of different row types travel together; each table's columns match its own rows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ExportTable<Row = any> {
  /** Sheet name (≤ 31 characters) and the CSV section's title. */
  title: string;
  columns: ExportColumn<Row>[];
  rows: Row[];
}

const BOM = '\uFEFF';

/** What Excel, LibreOffice and Sheets read as the start of a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's value made inert: text that a spreadsheet would take for a formula (a directive's
 * subject such as `=HYPERLINK("http://…"&A1,"…")`, or `-5 ngày`) gets OWASP's single-quote prefix,
 * so it is shown, never evaluated. Numbers stay numbers (-5 is a value, not a formula). Every
 * CSV and XLSX cell dondoc writes, headers and titles included, goes through here.
 */
export function spreadsheetText<T extends string | number | boolean | null | undefined>(
  value: T,
): T {
  return (typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value) as T;
}

/** One CSV field (RFC 4180), neutralised, and quoted when it holds a comma, quote, or line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(spreadsheetText(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * UTF-8 CSV with a BOM (so Excel reads Vietnamese), CRLF line ends. One table: header and rows.
 * Several: each as a title line, header and rows, with a blank line between.
 */
export function toCsv(tables: ExportTable[]): string {
  const sections = tables.map((table) => {
    const lines = [table.columns.map((column) => csvField(column.header)).join(',')];
    for (const row of table.rows) {
      lines.push(table.columns.map((column) => csvField(column.value(row))).join(','));
    }
    return (tables.length > 1 ? [csvField(table.title), ...lines] : lines).join('\r\n');
  });
  return `${BOM}${sections.join('\r\n\r\n')}\r\n`;
}

/** An .xlsx workbook: one sheet per table, bold frozen header, widths, rates as %, dates as dates. */
export async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((column) => ({
      header: spreadsheetText(column.header),
      width: column.width,
      style:
        column.type === 'rate'
          ? { numFmt: '0.0%' }
          : column.type === 'date'
            ? { numFmt: 'dd/mm/yyyy hh:mm' }
            : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(
        table.columns.map((column) => {
          const value = column.value(row);
          return column.type === 'date' && typeof value === 'string'
            ? new Date(value)
            : spreadsheetText(value);
        }),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
