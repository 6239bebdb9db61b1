import { createInflateRaw } from 'node:zlib';

/**
 * Zip containers (.docx, .xlsx) checked before anything expands them: Office files are zips, and a
 * zip can declare or hold far more than it weighs (a zip bomb). Pure: no Nest, no I/O but the
 * `read` function the caller gives, so the same checks run on an upload on disk and on a buffer.
 */

/** Reads `length` bytes at `offset` (fewer only at the end of the file). */
export type ZipReader = (offset: number, length: number) => Promise<Uint8Array>;

export interface ZipLimits {
  /** Sum of every entry's uncompressed size. */
  maxTotalBytes: number;
  /** One entry's uncompressed size. */
  maxEntryBytes: number;
  /** Expansion ratio allowed for an entry larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

/**
 * Real .docx and .xlsx expand 2–20 times (XML); a 20 MB spreadsheet of repeated rows may reach
 * 50. Zeros or a repeated pattern reach 1,000 and more, which is what bombs are made of.
 */
export const OFFICE_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntryBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 10_000,
};

export type ZipProblem =
  | 'not_zip' // no end-of-central-directory record where one must be
  | 'malformed' // the directory contradicts itself or the file
  | 'zip64' // sizes beyond 4 GB: no Office file this service accepts needs them
  | 'encrypted'
  | 'unsupported_method' // neither stored nor deflated
  | 'too_many_entries'
  | 'overlapping_entries' // several entries share compressed data: the non-recursive bomb
  | 'too_large_uncompressed'
  | 'compression_ratio'
  | 'size_mismatch'; // an entry inflates to more (or other) than its declared size

export class ZipInspectionError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ZipInspectionError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipSummary {
  entries: ZipEntry[];
  totalUncompressed: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * Checks a zip's central directory against `limits` without inflating anything, then inflates
 * each entry (streamed, output counted and discarded, stopped one byte past its declared size) so
 * a directory that lies about sizes is caught too. Throws ZipInspectionError.
 */
export async function inspectZip(
  read: ZipReader,
  size: number,
  limits: ZipLimits = OFFICE_ZIP_LIMITS,
): Promise<ZipSummary> {
  const summary = await readCentralDirectory(read, size, limits);
  for (const entry of summary.entries) await verifyEntry(read, entry, size);
  return summary;
}

/** The directory checks alone (no inflation). */
export async function readCentralDirectory(
  read: ZipReader,
  size: number,
  limits: ZipLimits = OFFICE_ZIP_LIMITS,
): Promise<ZipSummary> {
  const eocd = await findEndOfCentralDirectory(read, size);
  if (!eocd) throw new ZipInspectionError('not_zip', 'the file is not a zip archive');
  const { entryCount, directorySize, directoryOffset } = eocd;
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new ZipInspectionError('zip64', 'the archive uses ZIP64, which no accepted file needs');
  }
  if (entryCount > limits.maxEntries) {
    throw new ZipInspectionError(
      'too_many_entries',
      `the archive has ${entryCount} entries (at most ${limits.maxEntries})`,
    );
  }
  if (directoryOffset + directorySize !== eocd.offset) {
    throw new ZipInspectionError('malformed', 'the archive directory is not where it says');
  }
  const directory = Buffer.from(await read(directoryOffset, directorySize));
  if (directory.byteLength !== directorySize) {
    throw new ZipInspectionError('malformed', 'the archive directory is cut short');
  }

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = 0;
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > directory.byteLength || directory.readUInt32LE(at) !== CENTRAL) {
      throw new ZipInspectionError('malformed', 'the archive directory is damaged');
    }
    const entry: ZipEntry = {
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      name: '',
    };
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entry.name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (at > directory.byteLength) {
      throw new ZipInspectionError('malformed', 'the archive directory is damaged');
    }
    if (
      entry.compressedSize === 0xffffffff ||
      entry.uncompressedSize === 0xffffffff ||
      entry.localHeaderOffset === 0xffffffff
    ) {
      throw new ZipInspectionError('zip64', 'the archive uses ZIP64, which no accepted file needs');
    }
    if (entry.flags & 0x1) {
      throw new ZipInspectionError('encrypted', `entry "${entry.name}" is encrypted`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipInspectionError(
        'unsupported_method',
        `entry "${entry.name}" uses compression method ${entry.method}`,
      );
    }
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
      throw new ZipInspectionError('size_mismatch', `stored entry "${entry.name}" has two sizes`);
    }
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw new ZipInspectionError(
        'too_large_uncompressed',
        `entry "${entry.name}" expands to more than ${Math.round(limits.maxEntryBytes / 1024 / 1024)} MB`,
      );
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new ZipInspectionError(
        'too_large_uncompressed',
        `the archive expands to more than ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB`,
      );
    }
    if (
      entry.uncompressedSize > limits.ratioFloorBytes &&
      entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)
    ) {
      throw new ZipInspectionError(
        'compression_ratio',
        `entry "${entry.name}" expands ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))} times (at most ${limits.maxRatio})`,
      );
    }
    entries.push(entry);
  }
  await checkLayout(read, entries, directoryOffset);
  return { entries, totalUncompressed: total };
}

async function findEndOfCentralDirectory(
  read: ZipReader,
  size: number,
): Promise<{
  offset: number;
  entryCount: number;
  directorySize: number;
  directoryOffset: number;
} | null> {
  if (size < EOCD_SIZE) return null;
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = size - tailLength;
  const tail = Buffer.from(await read(tailStart, tailLength));
  for (let i = tail.byteLength - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    // The record's comment must reach exactly the end of the file: a zip followed by anything
    // else (another format's bytes) is not what a writer produces.
    const commentLength = tail.readUInt16LE(i + 20);
    if (i + EOCD_SIZE + commentLength !== tail.byteLength) continue;
    if (tail.readUInt16LE(i + 4) !== 0 || tail.readUInt16LE(i + 6) !== 0) {
      throw new ZipInspectionError('malformed', 'multi-disk archives are not accepted');
    }
    const entryCount = tail.readUInt16LE(i + 10);
    if (entryCount !== tail.readUInt16LE(i + 8)) {
      throw new ZipInspectionError('malformed', 'the archive directory is damaged');
    }
    return {
      offset: tailStart + i,
      entryCount,
      directorySize: tail.readUInt32LE(i + 12),
      directoryOffset: tail.readUInt32LE(i + 16),
    };
  }
  return null;
}

/**
 * Every entry's data lies before the directory, starts with a local header, and no two share
 * bytes; the first begins the file (nothing hidden in front of it).
 */
async function checkLayout(read: ZipReader, entries: ZipEntry[], directoryOffset: number) {
  const spans: Array<[number, number]> = [];
  for (const entry of entries) {
    const header = Buffer.from(await read(entry.localHeaderOffset, 30));
    if (header.byteLength < 30 || header.readUInt32LE(0) !== LOCAL) {
      throw new ZipInspectionError('malformed', `entry "${entry.name}" has no local header`);
    }
    const start = entry.localHeaderOffset;
    const end =
      start + 30 + header.readUInt16LE(26) + header.readUInt16LE(28) + entry.compressedSize;
    if (end > directoryOffset) {
      throw new ZipInspectionError('malformed', `entry "${entry.name}" runs into the directory`);
    }
    spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  if (spans.length > 0 && spans[0][0] !== 0) {
    throw new ZipInspectionError('malformed', 'the archive has data in front of its first entry');
  }
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) {
      throw new ZipInspectionError('overlapping_entries', 'entries of the archive overlap');
    }
  }
}

const CHUNK = 64 * 1024;

/** Inflates one entry, counting and discarding, and refuses more output than it declared. */
async function verifyEntry(read: ZipReader, entry: ZipEntry, size: number): Promise<void> {
  const header = Buffer.from(await read(entry.localHeaderOffset, 30));
  let at = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const end = at + entry.compressedSize;
  if (end > size) throw new ZipInspectionError('malformed', `entry "${entry.name}" is cut short`);
  if (entry.method === 0) return; // stored: its bytes are its size, checked by the layout

  const inflate = createInflateRaw();
  // Set from the stream's callbacks, hence a holder rather than a narrowed local.
  const state: { produced: number; failure: Error | null } = { produced: 0, failure: null };
  inflate.on('data', (chunk: Buffer) => {
    state.produced += chunk.byteLength;
    if (state.produced > entry.uncompressedSize && !state.failure) {
      state.failure = new ZipInspectionError(
        'size_mismatch',
        `entry "${entry.name}" expands beyond the ${entry.uncompressedSize} bytes it declares`,
      );
      inflate.destroy();
    }
  });
  const done = new Promise<void>((resolve) => {
    inflate.on('end', resolve);
    inflate.on('close', resolve);
    inflate.on('error', (error) => {
      state.failure ??= new ZipInspectionError(
        'malformed',
        `entry "${entry.name}" cannot be inflated: ${error.message}`,
      );
      resolve();
    });
  });
  while (at < end && !state.failure) {
    const chunk = await read(at, Math.min(CHUNK, end - at));
    if (chunk.byteLength === 0) break;
    at += chunk.byteLength;
    // Respect back-pressure so one entry never holds more than a few chunks of output.
    if (!inflate.write(chunk)) {
      await new Promise<void>((resolve) => {
        inflate.once('drain', resolve);
        inflate.once('close', resolve);
      });
    }
  }
  if (!state.failure) inflate.end();
  await done;
  if (state.failure) throw state.failure;
  const produced = state.produced;
  if (produced !== entry.uncompressedSize) {
    throw new ZipInspectionError(
      'size_mismatch',
      `entry "${entry.name}" inflates to ${produced} bytes, not the ${entry.uncompressedSize} it declares`,
    );
  }
}

/** A reader over bytes in memory. */
export function bufferReader(data: Uint8Array): ZipReader {
  return (offset, length) =>
    Promise.resolve(data.subarray(Math.max(0, offset), Math.max(0, offset + length)));
}

/**
 * Whether the bytes end with a zip directory (EOCD with a plausible central directory behind
 * it): a PDF or an image that a zip reader would also open is a polyglot.
 */
export async function endsWithZip(read: ZipReader, size: number): Promise<boolean> {
  try {
    const eocd = await findEndOfCentralDirectory(read, size);
    if (!eocd) return false;
    if (eocd.entryCount === 0 && eocd.directorySize === 0) return true;
    // Where the directory says it is, or — for a zip glued onto other bytes, whose offsets
    // count from its own start — right before the end record.
    for (const offset of [eocd.directoryOffset, eocd.offset - eocd.directorySize]) {
      if (offset < 0) continue;
      const head = Buffer.from(await read(offset, 4));
      if (head.byteLength === 4 && head.readUInt32LE(0) === CENTRAL) return true;
    }
    return false;
  } catch {
    return true; // a directory damaged enough to throw is still a zip directory
  }
}
