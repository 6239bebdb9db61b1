/**
 * Lines and paragraphs of a directive as converters and typists produce them: Markdown marks,
 * escaped list labels, tabs, two-column layouts flattened into runs of spaces, paragraphs
 * hard-wrapped one printed line at a time.
 */

export type MarkerKind = 'roman' | 'arabic' | 'letter' | 'bullet';

export interface Marker {
  kind: MarkerKind;
  /**
   * The list a label belongs to: "1." and "1)" are different lists (a docx regenerates "1." for
   * the first level and "1)" for deeper ones), as are "-" and "+" bullets.
   */
  key: string;
  label: string;
  rest: string;
}

export interface Line {
  /** 1-based line number in the input. */
  no: number;
  /** The line without Markdown, whitespace collapsed. */
  text: string;
  /** Pieces separated by runs of 2+ spaces: a flattened two-column layout. */
  columns: string[];
  /** Wholly bold, a Markdown heading, or in capitals. */
  emphasized: boolean;
  marker: Marker | null;
}

const ROMAN = /^(X{0,3}(?:IX|IV|V?I{0,3}))\s*[.)]\s+(.*)$/u;
// "1.", "1)" and the typist's "1/" are three lists.
const ARABIC = /^(\d{1,3})\s*([.)/])\s+(.*)$/u;
const ARABIC_SUB = /^(\d{1,2}\.\d{1,2})\.?\s+(.*)$/u;
const LETTER = /^([a-zđ])\s*[).]\s+(.*)$/u;
export const BULLET = /^([-–—+•*])\s+(.*)$/u;
/** "Số:" or "Kính gửi:" alone in its column: what follows the tab belongs to it. */
const LABEL_COLUMN = /^(?:Số|Số hiệu|Kính gửi)\s*:$/iu;

export function toLine(raw: string, no: number): Line {
  let text = raw.includes('\t') ? raw.replace(/\t/g, '    ').trimEnd() : raw.trimEnd();
  // Markdown is rare and these patterns run on every line: each only where its mark occurs.
  let heading = false;
  if (text.includes('#')) {
    heading = /^\s*#{1,6}\s+/u.test(text);
    text = text.replace(/^\s*#{1,6}\s+/u, '');
  }
  if (text.trimStart().startsWith('>')) text = text.replace(/^\s*>\s?/u, '');
  const bold = /^\s*(?:\*\*|__)/u.test(text) && /^\s*(\*\*|__).+(\*\*|__)[\s.:]*$/u.test(text);
  // An upper-case line ("II. ỦY BAN NHÂN DÂN CÁC XÃ") is a heading even without Markdown.
  const capitals =
    text.length < 200 && text === text.toUpperCase() && text.replace(/[^\p{L}]/gu, '').length >= 4;
  if (text.includes('*') || text.includes('_')) {
    text = text
      .replace(/\*\*|__/g, '')
      .replace(/(^|\s)\*(?=\S)/gu, '$1')
      .replace(/(\S)\*(?=\s|$|[.,;:])/gu, '$1');
  }
  if (text.includes('\\')) {
    text = text.replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
    // A Markdown hard break: a backslash ending the line.
    if (text.endsWith('\\')) text = text.slice(0, -1);
  }
  const columns: string[] = [];
  for (const piece of text.trim().split(/\s{2,}/u)) {
    const column = piece.trim();
    if (!column) continue;
    const previous = columns.length - 1;
    if (previous >= 0 && LABEL_COLUMN.test(columns[previous])) {
      columns[previous] = `${columns[previous]} ${column}`;
    } else {
      columns.push(column);
    }
  }
  const collapsed = text.replace(/\s+/gu, ' ').trim();
  return {
    no,
    text: collapsed,
    columns,
    emphasized: heading || bold || capitals,
    marker: markerOf(collapsed),
  };
}

function markerOf(text: string): Marker | null {
  let match = ARABIC_SUB.exec(text);
  if (match) return { kind: 'letter', key: 'sub', label: match[1], rest: match[2] };
  match = ARABIC.exec(text);
  if (match) return { kind: 'arabic', key: `arabic${match[2]}`, label: match[1], rest: match[3] };
  match = ROMAN.exec(text);
  if (match && match[1]) return { kind: 'roman', key: 'roman', label: match[1], rest: match[2] };
  match = LETTER.exec(text);
  if (match) return { kind: 'letter', key: 'letter', label: match[1], rest: match[2] };
  match = BULLET.exec(text);
  if (match) {
    const key = match[1] === '+' ? 'plus' : 'bullet';
    return { kind: 'bullet', key, label: '-', rest: match[2] };
  }
  return null;
}

/**
 * A page number ("2", "- 2 -", "Trang 2/3") standing alone on its line: what a PDF's page breaks
 * leave in the middle of the text.
 */
export function isPageNumber(text: string): boolean {
  return (
    text.length < 16 &&
    /^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang\s+\d{1,3}(?:\s*\/\s*\d{1,3})?$/iu.test(text)
  );
}

export interface Paragraph {
  text: string;
  marker: Marker | null;
  no: number;
}

/**
 * Consecutive non-blank lines form a paragraph, except that a marked line starts a new one. A
 * paragraph that stops mid-sentence goes on past a blank line when the next starts in lower case
 * or with a digit ("… trước ngày" / "15/7/2023;"), as when each typed line became a paragraph.
 */
export function paragraphs(lines: Line[]): Paragraph[] {
  const result: Paragraph[] = [];
  let current: Paragraph | null = null;
  // How the paragraph ends is read off its last line, never off the growing paragraph.
  let last = '';
  let blank = false;
  for (const line of lines) {
    if (!line.text) {
      blank = true;
      continue;
    }
    if (blank) {
      const continues = current && !endsSentence(last) && /^[\p{Ll}\d]/u.test(line.text);
      if (!continues) current = null;
      blank = false;
    }
    // Without blank lines (a PDF), a line that ends a sentence and one that opens with a capital
    // are taken for the end and the start of two paragraphs.
    const opens = current !== null && /[.:]$/u.test(last) && /^\p{Lu}/u.test(line.text);
    if (!current || line.marker || opens) {
      current = { text: line.text, marker: line.marker, no: line.no };
      result.push(current);
    } else {
      current.text = `${current.text} ${line.text}`;
    }
    last = line.text;
    // A bold or heading line ("**1. Phòng Y tế huyện**") stands alone.
    if (line.emphasized) current = null;
  }
  return result;
}

/**
 * Merges a paragraph into the one before when that one stops mid-sentence (`from` on: blocks
 * before it are never merged into). Decided on the previous block's own end, not the merged text.
 */
export function continueSentences(
  blocks: Paragraph[],
  from: number,
  joins: (block: Paragraph) => boolean,
): Paragraph[] {
  const result: Paragraph[] = [];
  let previousEnd = '';
  for (const [i, block] of blocks.entries()) {
    const previous = result.at(-1);
    if (i >= from && previous && !endsSentence(previousEnd) && joins(block)) {
      previous.text = `${previous.text} ${block.text}`;
    } else {
      result.push({ ...block });
    }
    previousEnd = block.text;
  }
  return result;
}

/** Whether a line closes a sentence, so that the next one may start a new paragraph. */
export function endsSentence(text: string): boolean {
  return '.;:!?'.includes(text.at(-1) ?? '');
}

/**
 * Paragraphs of one part, one per line; a paragraph that stops mid-sentence (no closing
 * punctuation) continues the next, as converters break lines where the page did.
 */
export function joinParagraphs(texts: string[]): string {
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

/** A paragraph's text without its list label. */
export function stripLabel(text: string, line: { marker: Marker | null }): string {
  if (!line.marker) return text;
  // The paragraph's text starts with the marked line: everything past that line's rest.
  const index = text.indexOf(line.marker.rest);
  const end = index >= 0 ? index + line.marker.rest.length : text.length;
  return line.marker.rest + text.slice(end);
}

export function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
