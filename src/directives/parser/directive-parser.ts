import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import { foldVietnamese } from '../../units/vietnamese-text.js';
import { splitTitle, stripVerb } from './body-names.js';
import {
  type DirectiveHeader,
  inferIssuer,
  readHeader,
  readRecipients,
  RECIPIENTS,
  TELEGRAM_RECIPIENTS,
} from './directive-header.js';
import {
  continueSentences,
  endsSentence,
  excerpt,
  isPageNumber,
  type Line,
  paragraphs,
  toLine,
} from './directive-lines.js';
import {
  type Assignment,
  bodyAssignment,
  byBodies,
  CLOSING_SENTENCE,
  inlineAssignments,
  namesBody,
  type PartContext,
  readPart,
  type Section,
} from './directive-parts.js';
import { readReferences } from './directive-references.js';
import { completeKnownNames } from './known-bodies.js';
import { DISTRIBUTION, isCapacity, readTail } from './directive-signature.js';
import { findTables, pipeCells, type Table, tableAssignments } from './directive-tables.js';
import { readTargets } from './directive-targets.js';
import type { ParsedDirective } from './parsed-directive.js';

/**
 * Reads a Vietnamese administrative directive (Nghị định 30/2020/NĐ-CP layout) from plain text
 * and proposes a structured draft. It copes with what converters and typists produce: two-column
 * headers flattened into one line, Markdown (`###`, `**`, `1\.`), hard-wrapped lines, text from a
 * PDF (one line per printed line, page numbers inline) or a docx (regenerated list labels), CRLF,
 * Roman or Arabic numbering, "1. Body: task", "**1. Body**" then paragraphs, "- Body: task",
 * "Giao Body chủ trì …" (also inside a sentence), upper-case headings. It never throws on text:
 * what it cannot read goes into `warnings` with its line number. Work is linear in the input:
 * each line is visited a fixed number of times and every pattern is free of nested quantifiers.
 */
export interface ParseOptions {
  /**
   * Names (and aliases) of the bodies the directory knows: a name the parser cut short at a word
   * that can also start an instruction is completed from them (known-bodies.ts).
   */
  knownNames?: readonly string[];
  /** Days off and Tết as the deployment has them ("Trước Tết" → a day); else the statutory ones. */
  calendar?: WorkingCalendar;
}

export function parseDirective(input: string, options: ParseOptions = {}): ParsedDirective {
  const parsed = new DirectiveReader(input, options.calendar).read();
  completeKnownNames(parsed.assignments, options.knownNames ?? []);
  return parsed;
}

/** Why a text cannot be taken for a directive; empty when it can. */
export function directiveProblems(parsed: ParsedDirective): string[] {
  const problems: string[] = [];
  if (!parsed.number && !parsed.subject && parsed.recipients.length === 0) {
    problems.push(
      'no document number ("Số: …"), subject ("V/v …") or recipients ("Kính gửi:") found',
    );
  }
  if (parsed.assignments.length === 0) {
    problems.push('no part of the text assigns work to a named body');
  }
  return problems;
}

const ANNEX = /^\(?(?:Ban hành\s+)?[Kk]èm theo (?:Quyết định|Chỉ thị|Nghị quyết)/u;
const ANNEX_TITLE =
  /^(?:KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN|DANH MỤC|PHỤ LỤC)\b/u;
const CLOSING_START = /^(?:Trên đây|Nhận được|Trong quá trình)/u;
const ADDRESSED = /(?:^|[\s,])(đề nghị|giao)\s+([^:,;.]{3,80}(?:,\s*[^:,;.]{2,40}){0,3}):\s*$/iu;
const LEADS_IN = /(?:yêu cầu|đề nghị|giao|chỉ đạo|như sau)\s*:$/u;
const SENT_UPWARD = /^(?:tờ trình|báo cáo)$/iu;
const GIAO_PARAGRAPH = /^(?:Giao|Đề nghị)\s+\S/u;
// The lead-in that asks rather than orders: "…, UBND xã đề nghị các cơ quan, đơn vị thực hiện:".
const LEAD_IN_REQUEST = /(?:^|[\s,])đề nghị\s+(?:các|quý|Ủy ban|UBND|Sở)\s[^.;:]{0,120}:\s*$/u;
// Section titles that describe rather than assign (folded): a Kế hoạch's "I. MỤC ĐÍCH, YÊU CẦU",
// "II. NỘI DUNG", "III. KINH PHÍ" — unless the title also speaks of tasks.
const DESCRIBING_SECTIONS =
  /^(?:muc dich|yeu cau|muc tieu|noi dung|kinh phi|tinh hinh|ket qua|danh gia|boi canh|quan diem|pham vi|doi tuong|thoi gian|su can thiet)\b/;
const TASK_WORDS = /\b(?:phan cong|to chuc thuc hien|nhiem vu|trach nhiem)\b/;

interface Piece {
  /** A part, or text outside any part. */
  part: boolean;
  /** A task table (its lines are not read as text). */
  table?: Table;
  /** Text after the last part. */
  closing?: boolean;
  lines: Line[];
  section: Section | null;
}

/** How the body is laid out: which list holds the parts, which lists group them in sections. */
interface Layout {
  /** The marker key of the parts ("arabic.", "letter", "bullet"…), or "giao" for "Giao …" paragraphs. */
  partKey: string | null;
  sectionKeys: Set<string>;
}

class DirectiveReader {
  private readonly lines: Line[];
  /** The lines as typed: a table's columns are found by where its cells start. */
  private readonly raw: string[];
  /** The task tables of the body, by the line number of their first line; and every table line. */
  private readonly tables = new Map<number, Table>();
  private readonly tableLines = new Set<number>();
  private readonly warnings: string[] = [];
  private readonly warn = (message: string) => {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  };

  constructor(
    input: string,
    private readonly calendar?: WorkingCalendar,
  ) {
    this.raw = input.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
    this.lines = this.raw.flatMap((raw, index) =>
      layoutRow(raw).map((text) => toLine(text, index + 1)),
    );
  }

  read(): ParsedDirective {
    const recipientsAt = this.lines.findIndex(
      (line) => RECIPIENTS.test(line.text) || TELEGRAM_RECIPIENTS.test(line.text),
    );
    const header = readHeader(this.lines, recipientsAt);
    const { recipients, next } = readRecipients(this.lines, recipientsAt, header.end);
    const tailAt = this.tailStart(next);
    // A Quyết định that issues a plan "kèm theo": the plan after the signature is its body too.
    const annex = this.annexAt(tailAt);
    const tailEnd = annex ? annex.title : this.lines.length;
    const annexLines = annex ? this.lines.slice(annex.body, this.tailStart(annex.body)) : [];
    const body = this.withoutPageFurniture(
      [...this.lines.slice(next, tailAt), ...annexLines],
      header,
    );
    for (const table of findTables(body.map((line) => this.raw[line.no - 1]))) {
      this.tables.set(body[table.start].no, table);
      for (let i = table.start; i <= table.end; i++) this.tableLines.add(body[i].no);
    }
    const layout = this.layoutOf(body.filter((line) => !this.tableLines.has(line.no)));
    const firstItem = layout.partKey
      ? body.findIndex(
          (line) =>
            this.tables.has(line.no) || this.isPart(line, layout) || this.isSection(line, layout),
        )
      : -1;
    const bodyStart = firstItem >= 0 ? firstItem : body.length;

    // A preamble paragraph that stops mid-sentence ("… Chủ tịch" / "UBND …") goes on in the next.
    const preamble = continueSentences(paragraphs(body.slice(0, bodyStart)), 1, (p) => !p.marker);
    // Documents cited further on ("Công văn này thay thế Công văn số …") count too, and so do
    // targets stated in a section that assigns nothing ("I. MỤC TIÊU").
    const bodyTexts = paragraphs(
      body.slice(bodyStart).filter((line) => !this.tableLines.has(line.no)),
    ).map((p) => p.text);
    const references = readReferences(preamble, bodyTexts, header.number);
    // A Tờ trình or a Báo cáo goes up for a decision: what it proposes ("Đề nghị UBND tỉnh bố
    // trí kinh phí …") is not work given to anyone.
    const upward = SENT_UPWARD.test(header.documentType ?? '');
    const assignments =
      layout.partKey && !upward
        ? this.readBody(body.slice(bodyStart), layout, header.issuedOn)
        : [];
    // "…, Sở Nội vụ đề nghị Ủy ban nhân dân các xã, phường:" then "1. Báo cáo …", "2. Đánh giá …":
    // the lead-in names the one body, the numbered items are its sub-items.
    if (!upward && assignments.length === 0) {
      const paras = paragraphs(body);
      const at = paras.findIndex((p) => ADDRESSED.test(p.text));
      const next = paras[at + 1];
      if (at >= 0 && next) {
        const lines = body.filter((line) => line.no >= next.no);
        assignments.push(...this.readAddressed(paras[at].text, lines, header.issuedOn));
      }
    }
    if (upward) this.warn(`a ${header.documentType} is sent up for a decision: it assigns no work`);
    else if (!layout.partKey && assignments.length === 0)
      this.warn('no numbered or bulleted parts assigning work to named bodies were found');
    // A table's rows are read from their cells, as its assignments hold them.
    const targets = readTargets([
      ...preamble.map((p) => p.text),
      ...bodyTexts,
      ...assignments.map((a) => a.text),
    ]);
    const { signer, distribution } = readTail(this.lines.slice(tailAt, tailEnd));
    const asked = LEAD_IN_REQUEST.test(preamble.at(-1)?.text ?? '');

    let issuer = header.issuer;
    if (!issuer) {
      issuer = inferIssuer(
        header.number,
        header.place,
        preamble.map((p) => p.text),
      );
      if (issuer) this.warn(`issuer "${issuer}" inferred from the number, the place and the text`);
    }
    if (!header.number) this.warn('no document number ("Số: …") found');
    if (!header.issuedOn) this.warn('no date of issue ("…, ngày … tháng … năm …") found');
    if (!header.subject) this.warn('no subject ("V/v …") found');
    if (!signer) this.warn('no signature block ("TM." / "KT." …) found');

    return {
      documentType: header.documentType,
      number: header.number,
      issuer,
      place: header.place,
      issuedOn: header.issuedOn,
      subject: header.subject,
      recipients,
      references,
      targets,
      assignments: assignments.map((found, i) => {
        // "…, Sở Giáo dục và Đào tạo đề nghị các đơn vị thực hiện các nội dung sau:" asks for
        // every part below it.
        const assignment = asked ? { ...found, requested: true } : found;
        const titled = splitTitle(assignment.assignee);
        if (!titled) return { ordinal: i + 1, ...assignment };
        return {
          ordinal: i + 1,
          ...assignment,
          assignee: titled.body,
          assigneeTitle: titled.title,
        };
      }),
      signer,
      distribution,
      warnings: this.warnings,
    };
  }

  // ── Where the body ends: "Nơi nhận" or the signature block ────────────────────────────────

  private tailStart(from: number): number {
    for (let i = from; i < this.lines.length; i++) {
      const columns = this.lines[i].columns;
      if (columns.some((column) => DISTRIBUTION.test(column) || isCapacity(column))) return i;
    }
    return this.lines.length;
  }

  /**
   * "KẾ HOẠCH … (Kèm theo Quyết định số …)" after the signature: an annex whose parts are the
   * decision's work. Its title line and the first line of its text.
   */
  private annexAt(from: number): { title: number; body: number } | null {
    for (let i = from; i < this.lines.length; i++) {
      if (!ANNEX.test(this.lines[i].text)) continue;
      let title = i;
      for (let k = i - 1; k >= Math.max(from, i - 6); k--) {
        if (ANNEX_TITLE.test(this.lines[k].text)) {
          title = k;
          break;
        }
      }
      return { title, body: i + 1 };
    }
    return null;
  }

  /**
   * A PDF puts page numbers ("2") and running headers (the issuer's name again) in the middle of
   * the text; they are taken out so that a sentence broken by a page reads whole.
   */
  private withoutPageFurniture(body: Line[], header: DirectiveHeader): Line[] {
    const headerTexts = new Set<string>();
    for (const line of this.lines.slice(0, Math.min(header.end, 12))) {
      for (const column of line.columns) if (column.length >= 10) headerTexts.add(column);
    }
    if (header.issuer) headerTexts.add(header.issuer);
    // Folding is costly: only lines as long as a header text are compared.
    const lengths = new Set([...headerTexts].map((text) => text.length));
    const folded = new Set([...headerTexts].map(foldVietnamese));
    return body.filter((line) => {
      const furniture =
        isPageNumber(line.text) ||
        (lengths.has(line.text.length) && folded.has(foldVietnamese(line.text)));
      if (furniture)
        this.warn(`line ${line.no} skipped (page number or running header): "${line.text}"`);
      return !furniture;
    });
  }

  // ── Parts of the body ───────────────────────────────────────────────────────────────────

  /**
   * The parts are the items of the outermost list whose items name bodies ("1. Sở Y tế …" under
   * "I. CÔNG TÁC CHUẨN BỊ"; "a) Sở Nội vụ" under a docx's "1. CHẾ ĐỘ BÁO CÁO"); lists that start
   * before it are sections, lists inside it are sub-items. Without such a list: "Giao …"
   * paragraphs, or numbered parts holding "Giao …" sentences.
   */
  private layoutOf(body: Line[]): Layout {
    const keys: string[] = [];
    const naming = new Set<string>();
    // Lists are ranked by first appearance; once one names a body, later ones cannot win.
    let best = Infinity;
    let giao = false;
    let inlineGiao = false;
    const items = new Map<string, number>();
    const namingItems = new Map<string, number>();
    let headingsOnly = true;
    for (const line of body) {
      const marker = line.marker;
      // "4. Thống nhất chủ trương … Giao Phòng Kinh tế hoàn thiện …": work given inside a part.
      inlineGiao ||= line.text.includes('Giao ') && /(?:^|[.;]\s)Giao\s+\p{Lu}/u.test(line.text);
      if (!marker) {
        giao ||= this.isGiaoParagraph(line);
        continue;
      }
      let rank = keys.indexOf(marker.key);
      if (rank < 0) rank = keys.push(marker.key) - 1;
      items.set(marker.key, (items.get(marker.key) ?? 0) + 1);
      if (marker.key === 'roman') headingsOnly &&= line.emphasized;
      if (marker.kind !== 'bullet' && namesBody(stripVerb(marker.rest).rest)) {
        namingItems.set(marker.key, (namingItems.get(marker.key) ?? 0) + 1);
      }
      if (rank < best && !naming.has(marker.key) && namesBody(stripVerb(marker.rest).rest)) {
        naming.add(marker.key);
        best = rank;
      }
    }
    let partKey = keys.find((key) => naming.has(key)) ?? null;
    // Upper-case Roman headings naming bodies in general ("I. THỦ TRƯỞNG CÁC SỞ, BAN, NGÀNH")
    // over numbered items that name bodies each ("1. Thủ trưởng các sở …", "2. Chủ tịch UBND …"):
    // the headings are sections, the numbered items the parts.
    if (partKey === 'roman' && headingsOnly) {
      const inner = keys.find(
        (key) =>
          key !== 'roman' && (namingItems.get(key) ?? 0) >= Math.max(2, (items.get(key) ?? 0) / 2),
      );
      if (inner) partKey = inner;
    }
    // Work given only in a table: the Roman headings are its sections.
    if (!partKey && this.tables.size > 0 && !giao && !inlineGiao) {
      return { partKey: 'table', sectionKeys: new Set(keys.includes('roman') ? ['roman'] : []) };
    }
    // Numbered parts naming no body ("1. Về dự án …") hold their "Giao …" sentences and paragraphs.
    if (!partKey && (giao || inlineGiao)) {
      partKey = keys.find((key) => key === 'roman' || key.startsWith('arabic')) ?? null;
    }
    if (!partKey) return { partKey: giao ? 'giao' : null, sectionKeys: new Set() };
    // Lists that begin before the parts' list group its items; bullets never do.
    const sectionKeys = new Set(
      keys.slice(0, keys.indexOf(partKey)).filter((key) => key !== 'bullet' && key !== 'plus'),
    );
    return { partKey, sectionKeys };
  }

  private isGiaoParagraph(line: Line): boolean {
    return !line.marker && GIAO_PARAGRAPH.test(line.text) && namesBody(stripVerb(line.text).rest);
  }

  private isPart(line: Line, layout: Layout): boolean {
    if (layout.partKey === 'giao') return this.isGiaoParagraph(line);
    const marker = line.marker;
    if (!marker || marker.key !== layout.partKey) return false;
    // A bullet is a part only when it names a body; otherwise it belongs to the part above.
    return marker.kind !== 'bullet' || namesBody(stripVerb(marker.rest).rest);
  }

  /** A heading of a list that groups the parts: "IV. TỔ CHỨC THỰC HIỆN". */
  private isSection(line: Line, layout: Layout): boolean {
    const marker = line.marker;
    if (!marker || !layout.sectionKeys.has(marker.key)) return false;
    if (marker.kind === 'roman') return true;
    // "3. Mục tiêu … Để hoàn thành mục tiêu, Chủ tịch UBND tỉnh yêu cầu:" leads into the items
    // under it, which are the parts ("3.a", "3.b").
    if (LEADS_IN.test(line.text)) return true;
    return line.emphasized || (line.text.length <= 120 && !/[.;,]$/u.test(line.text));
  }

  private readBody(lines: Line[], layout: Layout, issuedOn: string | null): Assignment[] {
    // The body in document order: parts, and runs of text in no part ("III. TỔ CHỨC THỰC HIỆN"
    // then prose; the closing remarks).
    const pieces: Piece[] = [];
    let section: Section | null = null;
    let current: Piece | null = null;
    for (const line of lines) {
      const table = this.tables.get(line.no);
      if (table) {
        pieces.push({ part: true, table, lines: [], section });
        current = null;
        continue;
      }
      if (this.tableLines.has(line.no)) continue;
      if (this.isSection(line, layout)) {
        const title = line.marker!.rest;
        const folded = foldVietnamese(title);
        const assigns =
          !DESCRIBING_SECTIONS.test(folded) || TASK_WORDS.test(folded) || LEADS_IN.test(title);
        section = { label: line.marker!.label, title, assigns };
        current = null;
      } else if (this.isPart(line, layout)) {
        current = { part: true, lines: [line], section };
        pieces.push(current);
      } else if (current) {
        current.lines.push(line);
      } else if (line.text) {
        current = { part: false, lines: [line], section };
        pieces.push(current);
      }
    }
    // After the last part: closing remarks ("… nghiêm túc thực hiện./.").
    const lastPart = pieces.findLastIndex((piece) => piece.part && !piece.table);
    if (lastPart >= 0) {
      const last = pieces[lastPart];
      const closing = closingStart(last.lines);
      if (closing < last.lines.length) {
        pieces.splice(lastPart + 1, 0, {
          part: false,
          closing: true,
          lines: last.lines.slice(closing),
          section: last.section,
        });
        last.lines = last.lines.slice(0, closing);
      }
    }

    const partKey = layout.partKey ?? '';
    return pieces.flatMap((piece) => {
      const context = this.context(partKey, piece.section, issuedOn);
      if (piece.table) {
        const section = piece.section?.label ?? null;
        const calendar = this.calendar;
        return tableAssignments(piece.table, { issuedOn, section, calendar, warn: this.warn });
      }
      if (piece.part) return readPart(piece.lines, context);
      const where = piece.closing || !piece.section ? 'closing remark' : sectionName(piece.section);
      return this.readLoose(piece.lines, context, where);
    });
  }

  /** Paragraphs outside any part: kept only for their "Giao …" sentences, else warned about. */
  private readLoose(lines: Line[], context: PartContext, where: string): Assignment[] {
    const text = paragraphs(lines)
      .map((p) => p.text)
      .join('\n');
    const found = inlineAssignments(text, 'Giao', context);
    if (found.length > 0) return found;
    // Prose under a section that assigns ("III. TỔ CHỨC THỰC HIỆN" / "Sở Nội vụ là cơ quan
    // thường trực, …"): each sentence opening with a body and its verb, labelled by the section.
    if (context.section?.assigns && where !== 'closing remark') {
      const bodies = byBodies(
        text
          .split(/(?<=[.!?])\s+/u)
          .filter((sentence) => !CLOSING_SENTENCE.test(sentence))
          .join(' '),
      ).slice(1);
      if (bodies.length > 0) {
        const label = context.section.label;
        return bodies.map((piece) => bodyAssignment(piece, label, false, context));
      }
    }
    for (const line of lines) {
      if (line.text)
        this.warn(`line ${line.no} skipped (${where}, not a part): "${excerpt(line.text)}"`);
    }
    return [];
  }

  private readAddressed(leadIn: string, lines: Line[], issuedOn: string | null): Assignment[] {
    const match = ADDRESSED.exec(leadIn);
    if (!match || lines.length === 0 || !namesBody(match[2])) return [];
    const verb = match[1].toLowerCase() === 'giao' ? 'Giao' : 'Đề nghị';
    const head = toLine(`${verb} ${match[2]}:`, lines[0].no);
    const part = [head, ...lines.slice(0, closingStart([head, ...lines]) - 1)];
    return readPart(part, this.context('lead-in', null, issuedOn));
  }

  private context(partKey: string, section: Section | null, issuedOn: string | null): PartContext {
    return { issuedOn, partKey, section, calendar: this.calendar, warn: this.warn };
  }
}

/**
 * Where a part's closing remarks begin: the paragraph ending in "/." or opening with "Trên
 * đây …". Without blank lines (a PDF), a paragraph starts after a line that ends a sentence.
 */
function closingStart(lines: Line[]): number {
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i].text;
    if (!text || lines[i].marker) continue;
    const previous = lines[i - 1].text;
    const paragraphStart = !previous || endsSentence(previous);
    if (/\/\.\s*$/u.test(text) || (paragraphStart && CLOSING_START.test(text))) {
      let start = i;
      // A sentence broken over lines (or over paragraphs, each printed line one) starts after the
      // last line that ends one.
      for (let k = start - 1; k >= 1; k--) {
        if (!lines[k].text) continue;
        if (/[.:!?]$/u.test(lines[k].text) || lines[k].marker) break;
        start = k;
      }
      return start;
    }
  }
  return lines.length;
}

/**
 * A Markdown pipe row of one or two cells is a layout table (the letter's header, its "Nơi nhận"
 * beside the signature): read as the two columns a typed letter has, one printed line per
 * "<br>", the cells side by side. Wider rows (task tables) stay as they are; a separator row is
 * a blank line.
 */
function layoutRow(raw: string): string[] {
  if (!raw.trimStart().startsWith('|')) return [raw];
  const cells = pipeCells(raw);
  if (cells.length > 2) return [raw];
  if (cells.every((cell) => /^:?-*:?$/u.test(cell))) return [''];
  const columns = cells.map((cell) => cell.split(/<br\s*\/?>/iu).map((piece) => piece.trim()));
  const height = Math.max(...columns.map((column) => column.length));
  const rows: string[] = [];
  for (let k = 0; k < height; k++) {
    rows.push(
      columns
        .map((column) => column[k] ?? '')
        .join('        ')
        .trim(),
    );
  }
  return rows;
}

function sectionName(section: Section): string {
  return `text of section ${section.label} "${section.title}"`;
}
