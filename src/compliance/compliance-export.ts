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

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
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
      header: column.header,
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
          return column.type === 'date' && typeof value === 'string' ? new Date(value) : value;
        }),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
