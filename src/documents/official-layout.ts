import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
  type FileChild,
} from 'docx';
import type { DocumentSigner, OfficialDocumentInput } from './document-inputs.js';

/**
 * The layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman, the two-column header
 * (issuing body and number left, national motto and place-date right), Nơi nhận bottom-left and
 * the signature block bottom-right.
 */

const FONT = 'Times New Roman';
const BODY_SIZE = 28; // half-points: 14 pt
const HEADER_SIZE = 26; // 13 pt
const NOI_NHAN_SIZE = 22; // 11 pt
const PAGE_WIDTH_TWIP = convertMillimetersToTwip(210 - 30 - 20);

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

export function run(text: string, options: RunOptions = {}): TextRun {
  return new TextRun({ text, font: FONT, size: options.size ?? BODY_SIZE, ...options });
}

/** A centred line, as the header and signature blocks use. */
export function centred(text: string | ParagraphChild[], options: RunOptions = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: typeof text === 'string' ? [run(text, options)] : text,
  });
}

/** A justified body paragraph with the first line indented, 6 pt after. */
export function body(children: string | ParagraphChild[], options: RunOptions = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: convertMillimetersToTwip(10) },
    spacing: { after: 120, line: 300 },
    children: typeof children === 'string' ? [run(children, options)] : children,
  });
}

/** A short rule under a header line, drawn as a centred underscore-free border paragraph. */
function rule(): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [run('───────', { size: 20 })],
  });
}

function cell(children: Paragraph[], widthPercent: number): TableCell {
  return new TableCell({
    borders: NO_BORDERS,
    width: { size: widthPercent, type: WidthType.PERCENTAGE },
    children,
  });
}

/** "An Thi, ngày 05 tháng 12 năm 2026": days below 10 and months 1 and 2 take a leading zero. */
export function placeAndDate(place: string, date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/** "21/8/2020" from "2020-08-21"; a time is read as "16 giờ 00 ngày 4/12/2026". */
export function vietnameseDate(value: string): string {
  const [date, time] = value.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const text = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
  if (!time) return text;
  const [hours, minutes] = time.split(':');
  return `${Number(hours)} giờ ${minutes ?? '00'} ngày ${text}`;
}

/** "85,7%", or "—" when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1).replace('.', ',')}%`;
}

/** The first words of a long instruction, cut at a word. */
export function excerpt(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).replace(/[,;:.]$/, '')}…`;
}

/** The symbol after the slash: "451/UBND-VHTT" gives "UBND-VHTT". */
export function numberSymbol(number: string): string {
  const slash = number.indexOf('/');
  return slash >= 0 ? number.slice(slash + 1) : number;
}

/**
 * The header table: issuing body and "Số:      /<symbol>" (and the trích yếu of a công văn) on
 * the left; the national motto and the place and date on the right.
 */
export function header(
  input: OfficialDocumentInput,
  symbol: string,
  summary: string | null,
): Table {
  const left = [
    centred(input.issuingBody.toLocaleUpperCase('vi'), { bold: true, size: HEADER_SIZE }),
    rule(),
    centred(`Số:      /${symbol}`, { size: HEADER_SIZE }),
  ];
  if (summary) left.push(centred(summary, { size: 24 }));
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: HEADER_SIZE }),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, size: BODY_SIZE }),
    rule(),
    centred(placeAndDate(input.place, input.date), { italics: true, size: BODY_SIZE }),
  ];
  return new Table({
    width: { size: PAGE_WIDTH_TWIP, type: WidthType.DXA },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, 40), cell(right, 60)] })],
  });
}

/** TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, room for the signature, the name. */
export function signatureLines(collective: string, signer: DocumentSigner): Paragraph[] {
  const upper = (text: string) => text.toLocaleUpperCase('vi');
  const lines = [`TM. ${upper(collective)}`];
  if (signer.capacity) lines.push(upper(signer.capacity));
  lines.push(upper(signer.position));
  return [
    ...lines.map((line) => centred(line, { bold: true })),
    ...[1, 2, 3, 4].map(() => centred('')),
    centred(signer.name, { bold: true }),
  ];
}

/** Nơi nhận bottom-left, the signature block bottom-right. */
export function footer(input: OfficialDocumentInput, addressed: boolean): Table {
  const recipients = [
    ...(addressed ? ['Như trên'] : []),
    ...(input.recipients ?? ['Chủ tịch, các Phó Chủ tịch UBND huyện', 'Lưu: VT']),
  ];
  const noiNhan = [
    new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 24 })] }),
    ...recipients.map(
      (name, i) =>
        new Paragraph({
          children: [
            run(`- ${name}${i === recipients.length - 1 ? '.' : ';'}`, { size: NOI_NHAN_SIZE }),
          ],
        }),
    ),
  ];
  return new Table({
    width: { size: PAGE_WIDTH_TWIP, type: WidthType.DXA },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [cell(noiNhan, 45), cell(signatureLines(input.collective, input.signer), 55)],
      }),
    ],
  });
}

/** A bordered data table with a bold header row. */
export function dataTable(headings: string[], rows: string[][], widths: number[]): Table {
  const line = (texts: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: texts.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i], type: WidthType.PERCENTAGE },
            children: [
              new Paragraph({
                alignment: i === 1 && !bold ? AlignmentType.LEFT : AlignmentType.CENTER,
                children: [run(text, { bold, size: 24 })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: PAGE_WIDTH_TWIP, type: WidthType.DXA },
    rows: [line(headings, true), ...rows.map((row) => line(row, false))],
  });
}

/** An A4 document, margins 20/20/30/20 mm, Times New Roman 14 pt. */
export async function pack(children: FileChild[]): Promise<Buffer> {
  const document = new Document({
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(20),
              bottom: convertMillimetersToTwip(20),
              left: convertMillimetersToTwip(30),
              right: convertMillimetersToTwip(20),
            },
          },
        },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(document));
}

/** An empty line between blocks. */
export function gap(): Paragraph {
  return new Paragraph({ children: [] });
}
