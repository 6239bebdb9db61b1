/**
 * A PDF page's text rebuilt from the positions of its text items, so that a table drawn in
 * columns reaches the parser as columns. pdf.js hands over the strings in drawing order; joined
 * as they come, the cells of one visual line of a table run together ("Sở Dân tộc và UBND các xã,
 * Trước Danh") and nothing says where one column ends. Here:
 *
 * - items are grouped into visual lines by their baseline and ordered left to right; items closer
 *   than a few tenths of an em are one piece of text, a wider gap separates pieces;
 * - a line of three or more pieces is columnar; it opens a column region, which goes on over the
 *   lines that continue it (a cell's wrapped text, a row whose other cells are empty) and ends at
 *   the first line that reads as running text: one piece that starts at the left margin or runs
 *   across a column boundary;
 * - inside a region every piece is placed at its column, counted in quarter ems from the page's
 *   left margin, with at least two spaces before it (as a text table is aligned with spaces, see
 *   directive-tables.ts); outside, pieces are joined by one space, as running text.
 *
 * Pure: no PDF library here; document-text.ts hands over the items.
 */
export interface PdfTextItem {
  str: string;
  /** Baseline origin, in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

interface Piece {
  x: number;
  end: number;
  text: string;
}

interface Line {
  y: number;
  em: number;
  pieces: Piece[];
}

/** Wider than a word space (about 0.25–0.33 em), narrower than two cell paddings. */
const PIECE_GAP_EM = 0.45;
/** Narrower than this, two items touch (a word drawn in several runs). */
const SPACE_GAP_EM = 0.1;
const SAME_LINE_EM = 0.4;
/** The unit of a column position. */
const COLUMN_EM = 0.25;

export function layoutPdfPage(items: readonly PdfTextItem[]): string {
  const lines = visualLines(items.filter((item) => item.str.trim() !== ''));
  if (lines.length === 0) return '';
  const margin = Math.min(...lines.map((line) => line.pieces[0].x));
  const em = Math.min(...lines.map((line) => line.em));
  const unit = em * COLUMN_EM;
  const out: string[] = [];
  let region: Region | null = null;
  for (const line of lines) {
    if (line.pieces.length >= 3) {
      region = extendRegion(region, line.pieces, em);
    } else if (region && !continuesRegion(line, region, margin, em)) {
      region = null;
    }
    out.push(region ? aligned(line, margin, unit) : line.pieces.map((p) => p.text).join(' '));
  }
  return out.join('\n');
}

function visualLines(items: PdfTextItem[]): Line[] {
  // Top of the page first; a stable sort keeps the drawing order within a baseline.
  const sorted = items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => b.item.y - a.item.y || a.order - b.order)
    .map(({ item }) => item);
  const groups: PdfTextItem[][] = [];
  for (const item of sorted) {
    const current = groups.at(-1);
    const size = Math.max(item.fontSize, 1);
    if (current && Math.abs(current[0].y - item.y) <= SAME_LINE_EM * size) current.push(item);
    else groups.push([item]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const em = Math.max(Math.min(...group.map((item) => item.fontSize)), 1);
    const pieces: Piece[] = [];
    for (const item of group) {
      const last = pieces.at(-1);
      const gap = last ? item.x - last.end : Infinity;
      if (last && gap <= PIECE_GAP_EM * em) {
        const glue =
          gap > SPACE_GAP_EM * em && !last.text.endsWith(' ') && !item.str.startsWith(' ')
            ? ' '
            : '';
        last.text += glue + item.str;
        last.end = Math.max(last.end, item.x + item.width);
      } else {
        pieces.push({ x: item.x, end: item.x + item.width, text: item.str });
      }
    }
    for (const piece of pieces) piece.text = piece.text.replace(/\s+/gu, ' ').trim();
    return { y: group[0].y, em, pieces: pieces.filter((piece) => piece.text !== '') };
  });
}

interface Region {
  /** Column starts seen in the region's columnar lines. */
  columns: number[];
  /** The right end of its widest columnar line. */
  right: number;
}

function extendRegion(region: Region | null, pieces: Piece[], em: number): Region {
  const columns = [...(region?.columns ?? [])];
  for (const piece of pieces) {
    if (!columns.some((x) => Math.abs(x - piece.x) <= em)) columns.push(piece.x);
  }
  const right = Math.max(region?.right ?? -Infinity, ...pieces.map((piece) => piece.end));
  return { columns, right };
}

/**
 * A line of one or two pieces continues a column region unless it reads as running text: two
 * pieces never do (running text is one piece); one piece does when it starts at the left margin,
 * away from every column, or runs over half the region's width (a cell's text is narrower; a
 * long word or date may still overflow its cell, so no exact column boundary is asked for).
 */
function continuesRegion(line: Line, region: Region, margin: number, em: number): boolean {
  if (line.pieces.length >= 2) return true;
  const [piece] = line.pieces;
  if (piece.x - margin < em) return false;
  if (!region.columns.some((x) => Math.abs(x - piece.x) <= em)) return false;
  return piece.end - piece.x <= (region.right - margin) / 2;
}

function aligned(line: Line, margin: number, unit: number): string {
  let text = '';
  for (const piece of line.pieces) {
    const column = Math.round((piece.x - margin) / unit);
    const pad = text === '' ? column : Math.max(column - text.length, 2);
    text += ' '.repeat(pad) + piece.text;
  }
  return text;
}
