import { inflateSync } from 'node:zlib';

/**
 * PDF names that make a reader run something: scripts (/JS, /JavaScript, which an /OpenAction
 * or a link points at), programs (/Launch), and actions fired on events (/AA). Plain /OpenAction
 * (open at a page or zoom) is harmless and common, so it is not refused by itself; one that runs
 * a script names /JS.
 */
const ACTIVE_NAMES = new Set(['JS', 'JavaScript', 'Launch', 'AA']);

/** An inflated object stream may be at most this large (a zip bomb is refused, not expanded). */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/**
 * What in a PDF would run when it is opened, or null. Scans the names of the file's own objects
 * and of its compressed object streams (PDF 1.5 `/Type /ObjStm` with FlateDecode, the only
 * filter writers use for them), with `#xx` escapes in names decoded (`/J#61vaScript`).
 * Limits, said plainly: object streams under any other filter, and content in encrypted PDFs,
 * are not inspected.
 */
export function pdfActiveContent(data: Buffer): string | null {
  const found = activeName(data.toString('latin1'));
  if (found) return found;
  for (const stream of objectStreams(data)) {
    const inner = activeName(stream.toString('latin1'));
    if (inner) return inner;
  }
  return null;
}

function activeName(text: string): string | null {
  for (const match of text.matchAll(/\/((?:[A-Za-z0-9_.+-]|#[0-9A-Fa-f]{2})+)/g)) {
    const name = match[1].replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (ACTIVE_NAMES.has(name)) return `/${name}`;
  }
  return null;
}

/** The inflated contents of the file's FlateDecode object streams. */
function* objectStreams(data: Buffer): Generator<Buffer> {
  const text = data.toString('latin1');
  const header = /<<((?:(?!>>\s*stream)[\s\S]){0,2000}?)>>\s*stream\r?\n/g;
  for (const match of text.matchAll(header)) {
    const dictionary = match[1];
    if (!/\/Type\s*\/ObjStm\b/.test(dictionary) || !/\/FlateDecode\b/.test(dictionary)) continue;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      yield inflateSync(data.subarray(start, end), { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      // Damaged or over the limit: nothing readable to scan (the reader would not read it either).
    }
  }
}
