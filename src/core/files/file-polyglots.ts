import { endsWithZip, type ZipReader } from './zip-inspection.js';

/**
 * Polyglots: files that are valid in two formats at once (a PDF that a zip reader also opens, a
 * PNG with a page of HTML after it). Each format passes its own magic-number check, so the second
 * reading is what gets through; these checks look for the usual second readings. Pure.
 */

const EDGE = 1024;
// What makes bytes a web page (or script) to a browser or a sniffing proxy.
const MARKUP =
  /<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg[\s>]|\?php)/i;
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The kinds of content whose trailing bytes are checked. */
export type CheckedFormat = 'pdf' | 'png' | 'jpg' | 'docx' | 'xlsx';

/** Why the bytes are a polyglot, or null. `read` gives bytes at an offset. */
export async function polyglotProblem(
  read: ZipReader,
  size: number,
  format: CheckedFormat,
): Promise<string | null> {
  const head = Buffer.from(await read(0, Math.min(size, EDGE)));
  const tail = Buffer.from(await read(Math.max(0, size - EDGE), Math.min(size, EDGE)));
  if (MARKUP.test(head.toString('latin1')) || MARKUP.test(tail.toString('latin1'))) {
    return 'it also contains HTML or script markup';
  }
  if (format === 'png' && !tail.subarray(tail.byteLength - PNG_END.byteLength).equals(PNG_END)) {
    return 'there are bytes after the end of the image';
  }
  if (
    (format === 'pdf' || format === 'png' || format === 'jpg') &&
    (await endsWithZip(read, size))
  ) {
    return 'it is also a zip archive';
  }
  return null;
}
