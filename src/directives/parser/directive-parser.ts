import {
  cleanName,
  instructionStart,
  isVague,
  looksLikeBody,
  normalCase,
  sentenceCase,
  splitBodies,
} from './body-names.js';
import type {
  DirectiveReference,
  DirectiveTarget,
  ParsedAssignment,
  ParsedDirective,
  ParsedSubtask,
  Signer,
} from './parsed-directive.js';
import {
  findDeadlines,
  findIssueDate,
  findRecurrence,
  isoDate,
  latestDeadline,
} from './vietnamese-dates.js';
import { parseVietnameseNumber } from './vietnamese-numbers.js';

/**
 * Reads a Vietnamese administrative directive (Nghị định 30/2020/NĐ-CP layout) from plain text
 * and proposes a structured draft. It copes with what converters and typists produce: two-column
 * headers flattened into one line, Markdown (`###`, `**`), hard-wrapped lines, CRLF, Roman or
 * Arabic numbering, "1. Body: task", "**1. Body**" then paragraphs, "- Body: task",
 * "Giao Body chủ trì …", upper-case headings. It never throws on text: what it cannot read goes
 * into `warnings` with its line number. Work is linear in the input: each line is visited a
 * fixed number of times and every pattern is free of nested quantifiers.
 */
export function parseDirective(input: string): ParsedDirective {
  return new DirectiveReader(input).read();
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

type MarkerKind = 'roman' | 'arabic' | 'letter' | 'bullet';

interface Line {
  /** 1-based line number in the input. */
  no: number;
  /** The line without Markdown, whitespace collapsed. */
  text: string;
  /** Pieces separated by runs of 2+ spaces: a flattened two-column layout. */
  columns: string[];
  /** Wholly bold or a Markdown heading. */
  emphasized: boolean;
  marker: { kind: MarkerKind; label: string; rest: string } | null;
}

const ROMAN = /^(X{0,3}(?:IX|IV|V?I{0,3}))\s*[.)]\s+(.*)$/u;
const ARABIC = /^(\d{1,3})\s*[.)]\s+(.*)$/u;
const ARABIC_SUB = /^(\d{1,2}\.\d{1,2})\.?\s+(.*)$/u;
const LETTER = /^([a-zđ])\s*[).]\s+(.*)$/u;
const BULLET = /^[-–—+•*]\s+(.*)$/u;

const MOTTO = /CỘNG\s+H[OÒ]A|Độc\s+lập\s*-\s*Tự\s+do|^[-_=.\s]+$/iu;
const NUMBER_LINE = /^Số\s*(?:hiệu)?\s*:?\s*(\d.*)$/u;
const SUBJECT_LINE = /^(?:V\/v|V\/V|Về\s+việc)\s*:?\s*(.*)$/u;
const PLACE_DATE = /^([^,\d]{2,60}),\s*(?:ngày\s+)?\d{1,2}(?:\s+tháng\s+|\s*[/.-]\s*)\d{1,2}/u;
const RECIPIENTS = /^Kính\s+gửi\s*:?\s*(.*)$/iu;
const DISTRIBUTION = /^Nơi\s+nhận\s*:?\s*(.*)$/iu;
const CAPACITY = /^(TM|KT|Q|TL|TUQ)\s*\.\s*(.+)$/u;
const POSITION =
  /^(PHÓ\s+)?(CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CHÁNH\s+VĂN\s+PHÒNG|BÍ\s+THƯ|THỦ\s+TRƯỞNG|PHÓ\s+TRƯỞNG\s+BAN|TỔNG\s+GIÁM\s+ĐỐC)$/u;
const LEGAL_BASIS =
  /^(?:Thực hiện|Căn cứ|Triển khai|Theo|Tiếp theo|Thi hành|Để triển khai|Nhằm triển khai)(?=\s)/u;
const CLOSING_START = /^(?:Trên đây|Nhận được|Trong quá trình)/u;

const DOCUMENT_TYPES: Record<string, string> = {
  KH: 'Kế hoạch',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  TB: 'Thông báo',
  BC: 'Báo cáo',
  TTr: 'Tờ trình',
  CĐ: 'Công điện',
  HD: 'Hướng dẫn',
  NQ: 'Nghị quyết',
  CV: 'Công văn',
  GM: 'Giấy mời',
};
const TITLE_TYPES = [
  'CÔNG VĂN',
  'KẾ HOẠCH',
  'QUYẾT ĐỊNH',
  'CHỈ THỊ',
  'THÔNG BÁO',
  'CÔNG ĐIỆN',
  'HƯỚNG DẪN',
  'BÁO CÁO',
  'NGHỊ QUYẾT',
];
const REFERENCE_TYPES =
  'Công văn|Công điện|Kế hoạch|Quyết định|Chỉ thị|Thông báo|Nghị quyết|Nghị định|Thông tư|Hướng dẫn|Văn bản|Báo cáo|Luật|Tờ trình|Chương trình|Kết luận';
const REFERENCE = new RegExp(
  `(${REFERENCE_TYPES})\\s+(?:số\\s*:?\\s*)?(\\d+\\s*/\\s*[\\p{L}\\d/.–-]*[\\p{L}\\d])(?:\\s+ngày\\s+(\\d{1,2})\\s*(?:/|-|\\.|\\s+tháng\\s+)\\s*(\\d{1,2})\\s*(?:/|-|\\.|\\s+năm\\s+)\\s*(\\d{4}))?`,
  'gu',
);
const TARGET =
  /(mục tiêu|chỉ tiêu|phấn đấu)([^%]{0,160}?)(tối thiểu|ít nhất|không dưới|trên|tối đa|không quá|dưới|đạt|là)?\s*(\d{1,3}(?:[.,]\d+)?)\s*%([^;]*)/iu;

class DirectiveReader {
  private readonly lines: Line[];
  private readonly warnings: string[] = [];

  constructor(input: string) {
    this.lines = input
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((raw, index) => toLine(raw, index + 1));
  }

  read(): ParsedDirective {
    const recipientsAt = this.lines.findIndex((line) => RECIPIENTS.test(line.text));
    const header = this.readHeader(recipientsAt);
    const { recipients, next } = this.readRecipients(recipientsAt, header.end);
    const tailAt = this.tailStart(next);
    const level = this.assignmentLevel(next, tailAt);
    const firstItem = level
      ? this.lines.findIndex((line, i) => i >= next && i < tailAt && this.isItem(line, level))
      : -1;
    const bodyStart = firstItem >= 0 ? firstItem : tailAt;

    const preamble = paragraphs(this.lines.slice(next, bodyStart));
    const references = this.readReferences(preamble);
    const assignments = level
      ? this.readAssignments(bodyStart, tailAt, level, header.issuedOn)
      : [];
    if (!level)
      this.warnings.push('no numbered or bulleted parts assigning work to named bodies were found');
    const targets = readTargets([
      ...preamble.map((p) => p.text),
      ...assignments.map((a) => a.text),
    ]);
    const { signer, distribution } = this.readTail(tailAt);

    let issuer = header.issuer;
    if (!issuer)
      issuer = this.inferIssuer(
        header.number,
        header.place,
        preamble.map((p) => p.text),
      );
    if (!header.number) this.warnings.push('no document number ("Số: …") found');
    if (!header.issuedOn) this.warnings.push('no date of issue ("…, ngày … tháng … năm …") found');
    if (!header.subject) this.warnings.push('no subject ("V/v …") found');
    if (!signer) this.warnings.push('no signature block ("TM." / "KT." …) found');

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
      assignments,
      signer,
      distribution,
      warnings: this.warnings,
    };
  }

  // ── Header: issuer, number, place and date, subject, document type ──────────────────────

  private readHeader(recipientsAt: number) {
    // The header ends at "Kính gửi", or else at the first paragraph that reads like the body.
    const limit = recipientsAt >= 0 ? recipientsAt : Math.min(this.lines.length, 25);
    let number: string | null = null;
    let numberAt = -1;
    let place: string | null = null;
    let issuedOn: string | null = null;
    let subject: string | null = null;
    let titleType: string | null = null;
    let end = limit;
    const issuerParts: string[] = [];

    for (let i = 0; i < limit; i++) {
      const line = this.lines[i];
      if (!line.text) continue;
      if (i > 0 && LEGAL_BASIS.test(line.text) && recipientsAt < 0) {
        end = i;
        break;
      }
      let subjectColumn = false;
      for (const column of line.columns) {
        const numberMatch = NUMBER_LINE.exec(column);
        if (numberMatch && !number) {
          number = cleanNumber(numberMatch[1]);
          numberAt = i;
          continue;
        }
        if (PLACE_DATE.test(column) && !issuedOn) {
          place = cleanName(PLACE_DATE.exec(column)![1]);
          issuedOn = findIssueDate(column) ?? numericDate(column);
          continue;
        }
        const subjectMatch = SUBJECT_LINE.exec(column);
        if (subjectMatch && !subject) {
          subject = this.subjectFrom(subjectMatch[1], i, limit);
          subjectColumn = true;
          continue;
        }
        if (TITLE_TYPES.includes(column.toUpperCase()) && column === column.toUpperCase()) {
          titleType = sentenceCase(column.toLowerCase());
          continue;
        }
        // Before the number: the issuing body (left column), not the national motto.
        if (numberAt < 0 && !subject && !MOTTO.test(column)) issuerParts.push(column);
      }
      if (subjectColumn) continue;
    }
    // A title ("KẾ HOẠCH") is followed by the subject in place of "V/v".
    if (!subject && titleType) subject = this.subjectAfterTitle(limit);

    const issuer = issuerParts.length > 0 ? normalCase(issuerParts.join(' ')) : null;
    return {
      number,
      place,
      issuedOn,
      subject,
      issuer: issuer && looksLikeBody(issuer) ? issuer : null,
      documentType: titleType ?? typeFromNumber(number) ?? (subject ? 'Công văn' : null),
      end,
    };
  }

  /** "V/v đẩy mạnh …" and its hard-wrapped continuation lines. */
  private subjectFrom(first: string, at: number, limit: number): string {
    const parts = [first];
    for (let i = at + 1; i < limit; i++) {
      const column = this.lines[i].columns[0] ?? '';
      if (!column || NUMBER_LINE.test(column) || PLACE_DATE.test(column) || RECIPIENTS.test(column))
        break;
      if (LEGAL_BASIS.test(column)) break;
      parts.push(column);
    }
    return sentenceCase(cleanName(parts.join(' ')));
  }

  private subjectAfterTitle(limit: number): string | null {
    const titleAt = this.lines.findIndex((line) => TITLE_TYPES.includes(line.text));
    if (titleAt < 0) return null;
    const parts: string[] = [];
    for (let i = titleAt + 1; i < limit && this.lines[i].text; i++) parts.push(this.lines[i].text);
    return parts.length > 0 ? sentenceCase(normalCase(cleanName(parts.join(' ')))) : null;
  }

  /** "UBND huyện yêu cầu" in a letter numbered …/UBND-… from An Thi: the district committee. */
  private inferIssuer(
    number: string | null,
    place: string | null,
    preamble: string[],
  ): string | null {
    if (!number || !place || !/\/UBND\b/u.test(number)) return null;
    const level =
      /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)\s+(?:yêu cầu|đề nghị|giao)/u.exec(
        preamble.join(' '),
      )?.[1];
    if (!level) return null;
    const issuer = `Ủy ban nhân dân ${level} ${place}`;
    this.warnings.push(`issuer "${issuer}" inferred from the number, the place and the text`);
    return issuer;
  }

  // ── Recipients ──────────────────────────────────────────────────────────────────────────

  private readRecipients(at: number, headerEnd: number): { recipients: string[]; next: number } {
    if (at < 0) return { recipients: [], next: headerEnd };
    const recipients: string[] = [];
    const inline = RECIPIENTS.exec(this.lines[at].text)?.[1] ?? '';
    if (inline) recipients.push(...inline.split(/\s*;\s*/u));
    let i = at + 1;
    for (; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (!line.text) {
        // A blank line ends the list; one right after "Kính gửi:" does not.
        if (recipients.length > 0) break;
        continue;
      }
      if (line.marker?.kind === 'bullet') recipients.push(line.marker.rest);
      else if (recipients.length === 0 && !LEGAL_BASIS.test(line.text) && line.text.length < 150) {
        recipients.push(line.text);
      } else break;
    }
    return { recipients: recipients.map(cleanName).filter(Boolean), next: i };
  }

  // ── Where the body ends: "Nơi nhận" or the signature block ────────────────────────────────

  private tailStart(from: number): number {
    for (let i = from; i < this.lines.length; i++) {
      const columns = this.lines[i].columns;
      if (columns.some((column) => DISTRIBUTION.test(column))) return i;
      if (columns.some((column) => CAPACITY.test(column) && column === column.toUpperCase()))
        return i;
    }
    return this.lines.length;
  }

  // ── Parts of the body ───────────────────────────────────────────────────────────────────

  /** Arabic parts if any, else Roman, else bullets or "Giao …" paragraphs naming a body. */
  private assignmentLevel(from: number, to: number): MarkerKind | 'giao' | null {
    const lines = this.lines.slice(from, to);
    if (lines.some((line) => line.marker?.kind === 'arabic')) return 'arabic';
    if (lines.some((line) => line.marker?.kind === 'roman')) return 'roman';
    if (lines.some((line) => this.isItem(line, 'bullet'))) return 'bullet';
    if (lines.some((line) => this.isItem(line, 'giao'))) return 'giao';
    return null;
  }

  private isItem(line: Line, level: MarkerKind | 'giao'): boolean {
    if (level === 'giao') {
      return (
        !line.marker &&
        /^(?:Giao|Đề nghị)\s+\S/u.test(line.text) &&
        namesBody(stripVerb(line.text).rest)
      );
    }
    if (line.marker?.kind !== level) return false;
    // A bullet is a part only when it names a body; otherwise it belongs to the part above.
    return level !== 'bullet' || namesBody(stripVerb(line.marker.rest).rest);
  }

  private readAssignments(
    from: number,
    to: number,
    level: MarkerKind | 'giao',
    issuedOn: string | null,
  ): ParsedAssignment[] {
    const starts: number[] = [];
    for (let i = from; i < to; i++) if (this.isItem(this.lines[i], level)) starts.push(i);
    const assignments: ParsedAssignment[] = [];
    for (let k = 0; k < starts.length; k++) {
      const end = k + 1 < starts.length ? starts[k + 1] : this.closingStart(starts[k], to);
      const assignment = this.readPart(
        this.lines.slice(starts[k], end),
        assignments.length + 1,
        issuedOn,
      );
      if (assignment) assignments.push(assignment);
    }
    const last = starts.length > 0 ? this.closingStart(starts[starts.length - 1], to) : to;
    for (const line of this.lines.slice(last, to)) {
      if (line.text)
        this.warnings.push(
          `line ${line.no} skipped (closing remark, not a part): "${excerpt(line.text)}"`,
        );
    }
    return assignments;
  }

  /** After the last part: where the closing remarks ("… nghiêm túc thực hiện./.") begin. */
  private closingStart(from: number, to: number): number {
    for (let i = from + 1; i < to; i++) {
      const text = this.lines[i].text;
      if (!text || this.lines[i].marker) continue;
      const previousBlank = !this.lines[i - 1].text;
      if (/\/\.\s*$/u.test(text) || (previousBlank && CLOSING_START.test(text))) {
        // Start of that paragraph.
        let start = i;
        while (start > from + 1 && this.lines[start - 1].text) start--;
        return start;
      }
    }
    return to;
  }

  private readPart(
    lines: Line[],
    ordinal: number,
    issuedOn: string | null,
  ): ParsedAssignment | null {
    const first = lines[0];
    const label = first.marker?.label ?? (first.text.startsWith('Giao') ? 'Giao' : String(ordinal));
    const blocks = paragraphs(lines);
    const head = stripLabel(blocks[0].text, first);
    const { verb, rest } = stripVerb(head);
    const requested = verb === 'Đề nghị';

    let assignee: string | null = null;
    let inline = '';
    const colon = rest.indexOf(':');
    const verbAt = instructionStart(rest);
    if (
      colon > 0 &&
      colon < 200 &&
      (verbAt < 0 || colon < verbAt) &&
      looksLikeBody(rest.slice(0, colon))
    ) {
      assignee = rest.slice(0, colon);
      inline = rest.slice(colon + 1).trim();
    } else if (verbAt > 0 && looksLikeBody(rest.slice(0, verbAt))) {
      assignee = rest.slice(0, verbAt);
      inline = rest.slice(verbAt);
    } else if (looksLikeBody(rest) && (blocks.length > 1 || first.emphasized || verbAt < 0)) {
      assignee = rest;
    }
    if (!assignee || !cleanName(assignee) || isVague(assignee)) {
      for (const line of lines) {
        if (line.text)
          this.warnings.push(
            `line ${line.no} skipped (no body named in part ${label}): "${excerpt(line.text)}"`,
          );
      }
      return null;
    }

    // Lettered sub-parts with their own deadlines: a), b), c).
    const subtasks: ParsedSubtask[] = [];
    const own: string[] = inline ? [sentenceCase(inline)] : [];
    for (const block of blocks.slice(1)) {
      if (block.marker?.kind === 'letter') {
        const text = stripLabel(block.text, block);
        subtasks.push({
          label: block.marker.label,
          text: sentenceCase(text),
          deadline: latestDeadline(findDeadlines(text, { issuedOn })),
          recurrence: findRecurrence(text),
        });
      } else {
        own.push(block.text);
      }
    }
    const text = joinParagraphs([...own, ...subtasks.map((s) => `${s.label}) ${s.text}`)]);
    const ownText = joinParagraphs(own);
    const assignment: ParsedAssignment = {
      ordinal,
      label,
      assignee: normalCase(cleanName(assignee)),
      role: 'lead',
      requested,
      coordinators: coordinatorsIn(text),
      text,
      deadline: latestDeadline([
        ...findDeadlines(ownText, { issuedOn }),
        ...subtasks.flatMap((subtask) => (subtask.deadline ? [subtask.deadline] : [])),
      ]),
      recurrence: findRecurrence(ownText),
    };
    if (subtasks.length > 0) assignment.subtasks = subtasks;
    if (!text) this.warnings.push(`part ${label} (${assignment.assignee}) has no instruction text`);
    return assignment;
  }

  // ── Legal bases ─────────────────────────────────────────────────────────────────────────

  private readReferences(preamble: Paragraph[]): DirectiveReference[] {
    const references: DirectiveReference[] = [];
    const seen = new Set<string>();
    for (const paragraph of preamble) {
      if (!LEGAL_BASIS.test(paragraph.text)) continue;
      const matches = [...paragraph.text.matchAll(REFERENCE)];
      matches.forEach((match, k) => {
        const number = cleanNumber(match[2]);
        if (seen.has(number)) return;
        seen.add(number);
        const after = paragraph.text.slice(
          match.index + match[0].length,
          k + 1 < matches.length ? matches[k + 1].index : undefined,
        );
        // One sentence, and a bounded one: the pattern below backtracks within it.
        const sentence = after.slice(0, 600).split(/\.\s+(?=\p{Lu})/u)[0];
        const about =
          /^\s*(?:của\s+(.+?))?(?:\s*(?:về\s+(?:việc\s+)?|V\/v\s+)(.+?))?[\s;.,]*$/su.exec(
            sentence,
          );
        const issuedOn = match[3]
          ? isoDate(Number(match[3]), Number(match[4]), Number(match[5]))
          : null;
        references.push({
          documentType: match[1],
          number,
          issuedOn,
          issuer: about?.[1] ? cleanName(about[1]) : null,
          subject: about?.[2] ? sentenceCase(cleanName(about[2])) : null,
        });
      });
    }
    return references;
  }

  // ── Distribution and signature ──────────────────────────────────────────────────────────

  private readTail(from: number): { signer: Signer | null; distribution: string[] } {
    const distribution: string[] = [];
    const capacities: string[] = [];
    let position: string | null = null;
    let name: string | null = null;
    let inDistribution = false;
    for (const line of this.lines.slice(from)) {
      for (const column of line.columns) {
        const heading = DISTRIBUTION.exec(column);
        if (heading) {
          inDistribution = true;
          const rest = cleanName(heading[1]);
          if (rest.length > 6) distribution.push(rest);
          continue;
        }
        const bullet = BULLET.exec(column);
        if (bullet) {
          if (inDistribution) distribution.push(cleanName(bullet[1]));
          continue;
        }
        const capacity = CAPACITY.exec(column);
        if (capacity && column === column.toUpperCase()) {
          capacities.push(`${capacity[1]}. ${normalCase(capacity[2])}`);
          continue;
        }
        if (POSITION.test(column)) {
          position = normalCase(column);
          continue;
        }
        if (/^\(.*\)$/u.test(column) || /^Lưu\s*:/u.test(column)) {
          if (inDistribution && /^Lưu/u.test(column)) distribution.push(cleanName(column));
          continue;
        }
        if (isPersonName(column)) name = column;
      }
    }
    if (capacities.length === 0 && !position && !name) return { signer: null, distribution };
    // "TM. Ủy ban nhân dân" then "KT. Chủ tịch": the signer acts for the latter.
    const capacity = capacities.find((c) => !c.startsWith('TM.')) ?? capacities[0] ?? null;
    if (!position && capacity && !capacity.startsWith('TM.') && !capacity.startsWith('KT.')) {
      position = capacity.replace(/^\w+\.\s*/u, '');
    }
    return { signer: { name, position, capacity }, distribution };
  }
}

// ── Lines and paragraphs ────────────────────────────────────────────────────────────────────

function toLine(raw: string, no: number): Line {
  let text = raw.replace(/\t/g, '    ').replace(/\s+$/u, '');
  const heading = /^\s*#{1,6}\s+/u.test(text);
  text = text.replace(/^\s*#{1,6}\s+/u, '').replace(/^\s*>\s?/u, '');
  const bold = /^\s*(\*\*|__).+(\*\*|__)[\s.:]*$/u.test(text);
  // An upper-case line ("II. ỦY BAN NHÂN DÂN CÁC XÃ") is a heading even without Markdown.
  const letters = text.replace(/[^\p{L}]/gu, '');
  const capitals = letters.length >= 4 && letters === letters.toUpperCase() && text.length < 200;
  text = text
    .replace(/\*\*|__/g, '')
    .replace(/(^|\s)\*(?=\S)/gu, '$1')
    .replace(/(\S)\*(?=\s|$|[.,;:])/gu, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
  const columns = text
    .trim()
    .split(/\s{2,}/u)
    .map((column) => column.trim())
    .filter(Boolean);
  const collapsed = text.replace(/\s+/gu, ' ').trim();
  return {
    no,
    text: collapsed,
    columns,
    emphasized: heading || bold || capitals,
    marker: markerOf(collapsed),
  };
}

function markerOf(text: string): Line['marker'] {
  let match = ARABIC_SUB.exec(text);
  if (match) return { kind: 'letter', label: match[1], rest: match[2] };
  match = ARABIC.exec(text);
  if (match) return { kind: 'arabic', label: match[1], rest: match[2] };
  match = ROMAN.exec(text);
  if (match && match[1]) return { kind: 'roman', label: match[1], rest: match[2] };
  match = LETTER.exec(text);
  if (match) return { kind: 'letter', label: match[1], rest: match[2] };
  match = BULLET.exec(text);
  if (match) return { kind: 'bullet', label: '-', rest: match[1] };
  return null;
}

interface Paragraph {
  text: string;
  marker: Line['marker'];
  no: number;
}

/** Consecutive non-blank lines form a paragraph, except that a marked line starts a new one. */
function paragraphs(lines: Line[]): Paragraph[] {
  const result: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (const line of lines) {
    if (!line.text) {
      current = null;
      continue;
    }
    if (!current || line.marker) {
      current = { text: line.text, marker: line.marker, no: line.no };
      result.push(current);
    } else {
      current.text = `${current.text} ${line.text}`;
    }
    // A bold or heading line ("**1. Phòng Y tế huyện**") stands alone.
    if (line.emphasized) current = null;
  }
  return result;
}

/**
 * Paragraphs of one part, one per line; a paragraph that stops mid-sentence (no closing
 * punctuation) continues the next, as converters break lines where the page did.
 */
function joinParagraphs(texts: string[]): string {
  const pieces: string[] = [];
  let previous = '';
  for (const text of texts) {
    if (!text) continue;
    // Decide on the previous paragraph's last character; never re-read the growing result.
    if (pieces.length > 0) pieces.push('.;:!?)"”»'.includes(previous.at(-1) ?? '') ? '\n' : ' ');
    pieces.push(text);
    previous = text;
  }
  return pieces.join('');
}

function stripLabel(text: string, line: { marker: Line['marker'] }): string {
  return line.marker ? line.marker.rest + text.slice(lineMarkerLength(text, line.marker)) : text;
}

function lineMarkerLength(text: string, marker: NonNullable<Line['marker']>): number {
  // The paragraph's text starts with the marked line: everything past that line's rest.
  const index = text.indexOf(marker.rest);
  return index >= 0 ? index + marker.rest.length : text.length;
}

/** Whether a part's opening names a specific body (not "các đơn vị …"). */
function namesBody(text: string): boolean {
  if (!looksLikeBody(text)) return false;
  const verbAt = instructionStart(text);
  const colon = text.indexOf(':');
  const end = [verbAt, colon].filter((at) => at > 0);
  return !isVague(end.length > 0 ? text.slice(0, Math.min(...end)) : text);
}

/** "Đề nghị Ủy ban MTTQ …" → verb "Đề nghị"; "Giao Phòng Y tế chủ trì …" → verb "Giao". */
function stripVerb(text: string): { verb: string | null; rest: string } {
  const match = /^(Đề nghị|Giao|Yêu cầu)\s+(.*)$/su.exec(text);
  return match ? { verb: match[1], rest: match[2] } : { verb: null, rest: text };
}

const COORDINATION = /[Pp]hối hợp\s+(?:chặt chẽ\s+)?(?:với|cùng)\s+/gu;

/** Named partners after "phối hợp với", vague ones ("các cơ quan liên quan") left out. */
function coordinatorsIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(COORDINATION)) {
    // A bounded window: a list of partners is never long, and the text may be megabytes.
    const start = match.index + match[0].length;
    let list = text.slice(start, start + 400).split(/[;.\n(]/u)[0];
    const verbAt = instructionStart(list);
    if (verbAt > 0) list = list.slice(0, verbAt);
    for (const name of splitBodies(list.replace(/\s+(?:để|nhằm|trong|tại)\s.*$/u, ''))) {
      if (!isVague(name) && looksLikeBody(name) && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

// ── Targets (chỉ tiêu) ──────────────────────────────────────────────────────────────────────

function readTargets(texts: string[]): DirectiveTarget[] {
  const targets: DirectiveTarget[] = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.;])\s+(?=\p{Lu})|\n/u)) {
      const match = TARGET.exec(sentence);
      if (!match) continue;
      const percent = parseVietnameseNumber(match[4]);
      if (percent === null || percent > 100) continue;
      const comparator = /tối đa|không quá|dưới/u.test(match[3] ?? '') ? 'max' : 'min';
      if (targets.some((t) => t.target.percent === percent && t.target.comparator === comparator))
        continue;
      targets.push({
        indicator: indicatorOf(sentence, match),
        baseline: baselineOf(sentence.slice(0, match.index)),
        target: { percent, comparator },
      });
    }
  }
  return targets;
}

function indicatorOf(sentence: string, match: RegExpExecArray): string {
  const rate = /tỷ lệ\s+(.+?)\s+(?:mới đạt|đạt|là|chiếm)\s/iu.exec(sentence);
  if (rate) return `Tỷ lệ ${cleanName(rate[1])}`;
  const trailing = cleanName(match[5].split(/\s+(?:để|nhằm|trước|trong)\s/u)[0]);
  return trailing ? `Tỷ lệ ${trailing}` : cleanName(sentence);
}

function baselineOf(before: string): DirectiveTarget['baseline'] {
  const percents = [...before.matchAll(/(\d{1,3}(?:[.,]\d+)?)\s*%/gu)];
  const percentText = percents.length > 0 ? percents[percents.length - 1][1] : null;
  const fraction = /\(\s*(\d[\d.,]*)\s*\/\s*(\d[\d.,]*)\s*\)/u.exec(before);
  const count = /(\d[\d.,]*)\s+(?:người|hộ|lượt|thuê bao)/u.exec(before);
  const asOfMatch = /(?:tính đến|đến|tại)\s+ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/u.exec(
    before,
  );
  const value = count
    ? parseVietnameseNumber(count[1])
    : fraction
      ? parseVietnameseNumber(fraction[1])
      : null;
  const of = fraction ? parseVietnameseNumber(fraction[2]) : null;
  const percent = percentText ? parseVietnameseNumber(percentText) : null;
  if (value === null && percent === null) return null;
  return {
    value,
    of,
    percent,
    asOf: asOfMatch
      ? isoDate(Number(asOfMatch[1]), Number(asOfMatch[2]), Number(asOfMatch[3]))
      : null,
  };
}

// ── Small helpers ───────────────────────────────────────────────────────────────────────────

/** "451 /UBND-VHTT" → "451/UBND-VHTT". */
function cleanNumber(written: string): string {
  return written
    .replace(/\s*([/–-])\s*/gu, '$1')
    .split(/\s/u)[0]
    .replace(/[.,;:]+$/u, '');
}

function typeFromNumber(number: string | null): string | null {
  const code = number?.split('/')[1]?.split('-')[0];
  return code ? (DOCUMENT_TYPES[code] ?? null) : null;
}

function numericDate(column: string): string | null {
  const match = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/u.exec(column);
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

function isPersonName(text: string): boolean {
  const words = text.split(' ');
  return (
    words.length >= 2 &&
    words.length <= 6 &&
    words.every((word) => /^\p{Lu}[\p{Ll}]*$/u.test(word)) &&
    text !== text.toUpperCase()
  );
}

function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
