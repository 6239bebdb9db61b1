import { fileTypeFromBuffer, type FileTypeResult } from 'file-type';
import mammoth from 'mammoth';
import { extractTextItems, getDocumentProxy } from 'unpdf';
import { polyglotProblem } from '../core/files/file-polyglots.js';
import {
  bufferReader,
  inspectZip,
  OFFICE_ZIP_LIMITS,
  ZipInspectionError,
  type ZipLimits,
} from '../core/files/zip-inspection.js';
import {
  DocumentTooLargeError,
  EmptyDocumentError,
  UnreadableDocumentError,
} from './document-text.errors.js';
import { layoutPdfPage } from './pdf-layout.js';

export type DocumentFormat = 'text' | 'markdown' | 'docx' | 'pdf';

export interface ExtractedDocument {
  text: string;
  format: DocumentFormat;
}

export interface DocumentInput {
  data: Uint8Array;
  /** As uploaded; only its extension is used, and only when the bytes do not say. */
  filename?: string;
  mediaType?: string;
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const EXTRACTION_TIMEOUT_MS = 20_000;

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ACCEPTED = '.txt, .md, .docx or .pdf';
/** Fewer letters than this per page on average means a scan with at most a stamp on it. */
const MIN_PDF_LETTERS_PER_PAGE = 20;

/**
 * Turns an uploaded directive (công văn) into plain text for the directive parser.
 *
 * The format is decided by the bytes first (docx, pdf), then by the filename extension and media
 * type; a file whose bytes and name disagree is read by its bytes. Whatever the format, the text
 * is Unicode NFC with `\n` line ends, no control characters, no trailing spaces, and at most one
 * blank line in a row. What the parser can rely on, per format:
 * - text/markdown: the lines as written; markdown is not interpreted. Decoded as UTF-8, or
 *   UTF-16 when a BOM says so; bytes that are not UTF-8 are read as Windows-1258 (the legacy
 *   Vietnamese code page). TCVN3 (ABC) and VNI font-encoded files cannot be told apart from
 *   Windows-1252/1258 and come out garbled.
 * - docx: one paragraph per block, separated by a blank line; line breaks inside a paragraph stay
 *   single `\n`; tabs stay. Table cells are read row by row, left to right (so the usual two-cell
 *   header gives the issuer block, then the "CỘNG HÒA …" block). Word list numbering is not text
 *   in the file: the labels are regenerated as `1.`, `2.` (level 1), `a)`, `b)` (level 2), `1)`
 *   (deeper) and `-` (bullets), the Vietnamese administrative convention, because mammoth reports
 *   only a list's level and whether it is ordered, not its real format or start number. Labels
 *   typed as text are kept as typed. Footnotes, comments and headers/footers are left out.
 * - pdf: one line per visual line, top to bottom (wrapped paragraphs arrive as several lines; no
 *   blank lines between paragraphs), pages joined with `\n`; page headers, footers and numbers
 *   appear inline. Running text has single spaces; a table drawn in columns keeps its columns,
 *   aligned with spaces (pdf-layout.ts).
 *
 * Throws `DocumentTooLargeError`, `EmptyDocumentError`, or `UnreadableDocumentError` (with a
 * `reason`). The docx and pdf libraries run under a timeout; it rejects promptly when a library
 * stalls between steps, but cannot interrupt a library stuck in one synchronous loop.
 */
export async function extractDocumentText(
  input: DocumentInput,
  options: { timeoutMs?: number } = {},
): Promise<ExtractedDocument> {
  const { data } = input;
  const subject = describeSubject(input.filename);
  if (data.byteLength > MAX_DOCUMENT_BYTES) {
    throw new DocumentTooLargeError(data.byteLength, MAX_DOCUMENT_BYTES);
  }
  if (data.byteLength === 0) throw new EmptyDocumentError(subject);

  const timeoutMs = options.timeoutMs ?? EXTRACTION_TIMEOUT_MS;
  const claimed = claimedFormat(input);
  const detected = await sniff(data);
  const format = chooseFormat(data, detected, claimed, subject);

  let raw: string;
  switch (format) {
    case 'docx':
      await checkArchive(data, subject);
      await checkPolyglot(data, subject, 'docx');
      raw = await readDocx(data, subject, timeoutMs);
      break;
    case 'pdf':
      await checkPolyglot(data, subject, 'pdf');
      raw = await readPdf(data, subject, timeoutMs);
      break;
    case 'text':
    case 'markdown':
      raw = readText(data, subject, detected, claimed);
      break;
  }
  const text = tidy(raw);
  if (text === '') throw new EmptyDocumentError(subject);
  return { text, format };
}

function describeSubject(filename: string | undefined): string {
  const name = filename?.split(/[/\\]/).pop()?.trim();
  if (!name) return 'the file';
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name);
}

const FORMAT_BY_EXTENSION = new Map<string, DocumentFormat>([
  ['txt', 'text'],
  ['text', 'text'],
  ['md', 'markdown'],
  ['markdown', 'markdown'],
  ['docx', 'docx'],
  ['pdf', 'pdf'],
]);

const FORMAT_BY_MEDIA_TYPE = new Map<string, DocumentFormat>([
  ['text/plain', 'text'],
  ['text/markdown', 'markdown'],
  ['text/x-markdown', 'markdown'],
  [DOCX_MIME, 'docx'],
  ['application/pdf', 'pdf'],
]);

/** What the name, else the media type, says the file is. */
function claimedFormat({ filename, mediaType }: DocumentInput): DocumentFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(filename?.trim() ?? '')?.[1]?.toLowerCase() ?? '';
  const type = mediaType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return FORMAT_BY_EXTENSION.get(extension) ?? FORMAT_BY_MEDIA_TYPE.get(type);
}

async function sniff(data: Uint8Array): Promise<FileTypeResult | undefined> {
  try {
    return await fileTypeFromBuffer(data);
  } catch {
    return undefined; // a detector tripped on malformed bytes: judge them as text below
  }
}

function chooseFormat(
  data: Uint8Array,
  detected: FileTypeResult | undefined,
  claimed: DocumentFormat | undefined,
  subject: string,
): DocumentFormat {
  switch (detected?.ext) {
    case 'docx':
    case 'docm': // the same WordprocessingML; mammoth never runs macros
    case 'dotx':
    case 'dotm':
      return 'docx';
    case 'pdf':
      return 'pdf';
    case 'cfb':
      throw new UnreadableDocumentError(
        `${subject} is an old Word 97-2003 .doc (or another OLE file, such as a password-protected ` +
          'Office document), which cannot be read; open it in Word and save it as .docx or PDF',
        'legacy_office',
      );
    case 'rtf':
    case 'ps':
    case 'eps':
    case 'xml':
      throw new UnreadableDocumentError(
        `${subject} is ${detected.ext.toUpperCase()} (${detected.mime}), not plain text; ` +
          `save it as .docx or PDF, or upload a ${ACCEPTED} file`,
        'rich_text',
      );
    case 'zip':
      // A .docx whose parts file-type does not recognise; mammoth decides.
      if (claimed === 'docx') return 'docx';
      break;
    case undefined:
      // Readers accept a PDF header anywhere in the first KiB.
      if (claimed === 'pdf' && pdfHeaderOffset(data) >= 0) return 'pdf';
      break;
    default:
      break;
  }
  // Anything else is read as text. Weak signatures (a text starting "BM-01" sniffs as a BMP
  // image, "ID3" as MP3) must not turn text away; real binaries fail the text checks.
  return claimed === 'markdown' ? 'markdown' : 'text';
}

/** Where "%PDF-" starts within the first KiB, or -1. */
function pdfHeaderOffset(data: Uint8Array): number {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 1024));
  return head.indexOf('%PDF-');
}

function notAccepted(
  subject: string,
  detected: FileTypeResult | undefined,
  claimed: DocumentFormat | undefined,
): UnreadableDocumentError {
  const what = detected
    ? `${detected.ext.toUpperCase()} data (${detected.mime})`
    : 'binary data, not text';
  const misnamed =
    claimed === 'docx' || claimed === 'pdf' ? `, although its name says .${claimed}` : '';
  return new UnreadableDocumentError(
    `${subject} cannot be read: it is ${what}${misnamed}. Upload a ${ACCEPTED} file`,
    'unsupported_format',
  );
}

// ---- hostile files -----------------------------------------------------------------------------

/**
 * mammoth parses each XML part into a DOM held in memory, many times the part's size: a letter's
 * document.xml is well under a megabyte, so parts are capped far below what evidence may hold.
 */
export const DOCX_ZIP_LIMITS: ZipLimits = {
  ...OFFICE_ZIP_LIMITS,
  maxTotalBytes: 100 * 1024 * 1024,
  maxEntryBytes: 25 * 1024 * 1024,
};

/**
 * mammoth unzips the whole .docx into memory: its zip directory is checked first (declared sizes,
 * ratios, overlapping entries), and every entry inflated once, counted and discarded, so a
 * directory that lies is caught before mammoth trusts it.
 */
async function checkArchive(data: Uint8Array, subject: string): Promise<void> {
  try {
    await inspectZip(bufferReader(data), data.byteLength, DOCX_ZIP_LIMITS);
  } catch (error) {
    if (!(error instanceof ZipInspectionError)) throw error;
    if (error.problem === 'not_zip' || error.problem === 'malformed') {
      throw new UnreadableDocumentError(
        `${subject} could not be opened as a Word .docx document: the file is damaged or not a ` +
          'real .docx; open it in Word and save it again as .docx or PDF',
        'damaged',
      );
    }
    throw new UnreadableDocumentError(
      `${subject} was refused: ${error.message}; open it in Word and save it again as .docx or PDF`,
      'unsafe_archive',
    );
  }
}

async function checkPolyglot(data: Uint8Array, subject: string, format: 'docx' | 'pdf') {
  // Junk before a PDF header is tolerated (see pdfHeaderOffset): judge the PDF itself.
  const offset = format === 'pdf' ? Math.max(pdfHeaderOffset(data), 0) : 0;
  const bytes = data.subarray(offset);
  const problem = await polyglotProblem(bufferReader(bytes), bytes.byteLength, format);
  if (problem) {
    throw new UnreadableDocumentError(
      `${subject} was refused: it is ${format.toUpperCase()} data, but ${problem}; export it again and upload the clean copy`,
      'polyglot',
    );
  }
}

/** An HTML page is not a letter, whatever its name says. */
function looksLikeMarkup(text: string): boolean {
  return /^\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|svg[\s>]|\?xml)/i.test(
    text.slice(0, 1024),
  );
}

// ---- text -------------------------------------------------------------------------------------

function readText(
  data: Uint8Array,
  subject: string,
  detected: FileTypeResult | undefined,
  claimed: DocumentFormat | undefined,
): string {
  const text = decode(data);
  if (text === undefined || looksBinary(text)) throw notAccepted(subject, detected, claimed);
  if (looksLikeMarkup(text)) {
    throw new UnreadableDocumentError(
      `${subject} is an HTML or XML page, not the text of a letter; upload a ${ACCEPTED} file`,
      'unsupported_format',
    );
  }
  return text;
}

/** UTF-16 by BOM, else UTF-8, else Windows-1258; TextDecoder drops the BOM. */
function decode(data: Uint8Array): string | undefined {
  const encoding = textEncoding(data);
  // A damaged UTF-8 file is read leniently (see textEncoding); UTF-16 must be whole.
  return encoding === 'utf-8' || encoding === 'windows-1258'
    ? new TextDecoder(encoding).decode(data)
    : strictDecode(encoding, data);
}

/** The encoding a text letter's bytes are read in (and served back with, as its charset). */
export function textEncoding(data: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-8' | 'windows-1258' {
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  if (strictDecode('utf-8', data) !== undefined) return 'utf-8';

  // A UTF-8 file with a few damaged bytes is still UTF-8: reading it as Windows-1258 would garble
  // every Vietnamese letter. Windows-1258 text almost never forms valid multi-byte sequences.
  const lenient = new TextDecoder('utf-8').decode(data);
  let damaged = 0;
  let valid = 0;
  for (let i = 0; i < lenient.length; i++) {
    const code = lenient.charCodeAt(i);
    if (code === 0xfffd) damaged++;
    else if (code > 0x7f) valid++;
  }
  // Windows-1258 writes tone marks as combining characters; tidy() composes them (NFC).
  return valid >= 4 * damaged ? 'utf-8' : 'windows-1258';
}

function strictDecode(encoding: string, data: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}

/** NUL, or more than 1% control characters: bytes of some binary format, not text. */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    const allowed =
      code === 0x09 || code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d;
    if ((code < 0x20 && !allowed) || (code >= 0x7f && code <= 0x9f)) controls++;
  }
  return controls > text.length / 100;
}

// ---- docx -------------------------------------------------------------------------------------

/** The parts of mammoth's document model read here (mammoth/lib/documents.js). */
interface DocxElement {
  type: string;
  value?: string;
  numbering?: ListLevel | null;
  children?: DocxElement[];
}

/** One level of one Word list definition; mammoth hands out the same object for each use. */
interface ListLevel {
  level: string;
  isOrdered: boolean;
}

async function readDocx(data: Uint8Array, subject: string, timeoutMs: number): Promise<string> {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let text: string | undefined;
  try {
    // extractRawText drops list labels and glues line breaks together ("NHÂN DÂNCHỦ TỊCH"), so
    // walk the model ourselves; emptying the document skips mammoth's HTML rendering.
    await withTimeout(
      mammoth.convertToHtml(
        { buffer },
        {
          transformDocument: (document: DocxElement) => {
            text = renderDocx(document);
            return { ...document, children: [] };
          },
        },
      ),
      timeoutMs,
      subject,
    );
  } catch (error) {
    if (error instanceof UnreadableDocumentError) throw error;
    throw new UnreadableDocumentError(
      `${subject} could not be opened as a Word .docx document: the file is damaged or not a ` +
        'real .docx; open it in Word and save it again as .docx or PDF',
      'damaged',
    );
  }
  return text ?? '';
}

function renderDocx(document: DocxElement): string {
  const paragraphs: string[] = [];
  const counters = new Map<ListLevel, number>();

  const inline = (element: DocxElement): string => {
    switch (element.type) {
      case 'text':
        return element.value ?? '';
      case 'tab':
        return '\t';
      case 'break': // line, page or column break
        return '\n';
      case 'paragraph': // inside a text box
        return `\n${paragraphText(element)}\n`;
      default:
        return (element.children ?? []).map(inline).join('');
    }
  };
  const paragraphText = (paragraph: DocxElement): string => {
    const text = (paragraph.children ?? []).map(inline).join('');
    if (!paragraph.numbering || text.trim() === '') return text;
    return `${listLabel(paragraph.numbering, counters)} ${text}`;
  };
  const cellText = (cell: DocxElement): string =>
    (cell.children ?? [])
      .map((child) => (child.type === 'paragraph' ? paragraphText(child) : inline(child)))
      .join(' ')
      .replace(/\s+/gu, ' ')
      .replace(/\|/gu, '/')
      .trim();
  const block = (element: DocxElement): void => {
    if (element.type === 'paragraph') paragraphs.push(paragraphText(element));
    else if (element.type === 'table' && isGrid(element)) {
      // A table of three or more columns (a Kế hoạch's task table) keeps its rows as Markdown
      // pipe rows, so that the parser sees which cell is which; a two-column layout table (the
      // letter's header, its signature block) is read as paragraphs, as typed.
      const rows = (element.children ?? []).filter((row) => row.type === 'tableRow');
      paragraphs.push(
        rows.map((row) => `| ${(row.children ?? []).map(cellText).join(' | ')} |`).join('\n'),
      );
    } else for (const child of element.children ?? []) block(child);
  };

  block(document);
  return paragraphs.join('\n\n');
}

function isGrid(table: DocxElement): boolean {
  return (table.children ?? []).some(
    (row) => row.type === 'tableRow' && (row.children ?? []).length >= 3,
  );
}

/** Counts per list level, as Word does: a paragraph between items does not restart the list. */
function listLabel(level: ListLevel, counters: Map<ListLevel, number>): string {
  const depth = Number(level.level) || 0;
  for (const other of counters.keys()) {
    if ((Number(other.level) || 0) > depth) counters.delete(other);
  }
  if (!level.isOrdered) return '-';
  const n = (counters.get(level) ?? 0) + 1;
  counters.set(level, n);
  if (depth === 0) return `${n}.`;
  if (depth === 1) return `${letters(n)})`;
  return `${n})`;
}

/** a … z, aa … zz, as Word's lowerLetter numbering. */
function letters(n: number): string {
  return String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

// ---- pdf --------------------------------------------------------------------------------------

async function readPdf(data: Uint8Array, subject: string, timeoutMs: number): Promise<string> {
  let pages: string[];
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy (a Buffer's
    // slice() would share memory). Offsets in a PDF count from its header: cut junk before it.
    const bytes = new Uint8Array(data.subarray(Math.max(pdfHeaderOffset(data), 0)));
    pages = await withTimeout(pdfPages(bytes), timeoutMs, subject);
  } catch (error) {
    if (error instanceof UnreadableDocumentError) throw error;
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new UnreadableDocumentError(
        `${subject} is password-protected; upload a copy without a password`,
        'encrypted',
      );
    }
    throw new UnreadableDocumentError(
      `${subject} could not be opened as a PDF: the file is damaged or not a real PDF`,
      'damaged',
    );
  }

  const text = pages.join('\n');
  const letterCount = text.match(/\p{L}/gu)?.length ?? 0;
  if (letterCount === 0 || letterCount < MIN_PDF_LETTERS_PER_PAGE * pages.length) {
    throw new UnreadableDocumentError(
      `${subject} has no text layer: its pages are images (a scan), and text recognition (OCR) ` +
        'is not supported; upload the original .docx, or a PDF exported from Word',
      'no_text_layer',
    );
  }
  return text;
}

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(bytes, { verbosity: 0 });
  try {
    // Positions, not just strings: a table drawn in columns is rebuilt as columns (pdf-layout.ts).
    const { items } = await extractTextItems(pdf);
    return items.map((page) => layoutPdfPage(page));
  } finally {
    await pdf.destroy();
  }
}

// ---- shared -----------------------------------------------------------------------------------

async function withTimeout<T>(work: Promise<T>, ms: number, subject: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new UnreadableDocumentError(
          `${subject} took longer than ${ms / 1000} s to read and was abandoned`,
          'timeout',
        ),
      );
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// C0 and C1 controls except tab and line feed (others are turned into line feeds first).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** NFC (Vietnamese arrives composed and decomposed), `\n` line ends, no stray controls. */
function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|[\v\f\u2028\u2029]/g, '\n') // \v: Word's manual line break in pasted text
    .replace(CONTROL_CHARACTERS, '')
    .replace(/\uFEFF/g, '')
    .replace(/[^\S\n]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
}
