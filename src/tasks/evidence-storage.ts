import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { fileTypeFromFile } from 'file-type';
import { AppConfig } from '../core/config/app-config.js';
import { DomainError } from '../core/errors/domain-error.js';
import { polyglotProblem } from '../core/files/file-polyglots.js';
import { pdfActiveContent } from '../core/files/pdf-active-content.js';
import { inspectZip, ZipInspectionError, type ZipReader } from '../core/files/zip-inspection.js';

/** The file types evidence may be, as the bytes say: extension → media type stored. */
export const EVIDENCE_FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  png: 'image/png',
} as const;
export type EvidenceFileType = keyof typeof EVIDENCE_FILE_TYPES;

const ACCEPTED = 'PDF, DOCX, XLSX, JPG or PNG';
const SHA256 = /^[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 200;

export class FileTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super('too_large', 'file_too_large', `the file is larger than ${describeBytes(maxBytes)}`, {
      maxBytes,
    });
  }
}

export class UnsupportedFileTypeError extends DomainError {
  constructor(detected: { ext: string; mime: string } | undefined) {
    super(
      'invalid',
      'unsupported_file_type',
      detected
        ? `the file is ${detected.ext.toUpperCase()} data (${detected.mime}); evidence files must be ${ACCEPTED}`
        : `the file's type could not be recognised from its content; evidence files must be ${ACCEPTED}`,
      { detected: detected ? { ext: detected.ext, mediaType: detected.mime } : null },
    );
  }
}

export class EmptyFileError extends DomainError {
  constructor() {
    super('invalid', 'empty_file', 'the file is empty');
  }
}

/** A zip container (.docx, .xlsx) that expands far beyond its size, or lies about it. */
export class UnsafeArchiveError extends DomainError {
  constructor(error: ZipInspectionError) {
    super(
      'invalid',
      'unsafe_archive',
      `the file was refused: ${error.message}; save it again from Word or Excel, or send it as PDF`,
      { problem: error.problem },
    );
  }
}

/** Bytes that are one accepted type and, read another way, something else as well. */
export class PolyglotFileError extends DomainError {
  constructor(type: EvidenceFileType, why: string) {
    super(
      'invalid',
      'polyglot_file',
      `the file was refused: it is ${type.toUpperCase()} data, but ${why}; export it again and send the clean copy`,
      { detected: type },
    );
  }
}

/** A PDF that would run something when opened (a script, a program, an event action). */
export class ActivePdfError extends DomainError {
  constructor(name: string) {
    super(
      'unprocessable',
      'active_pdf',
      `the PDF was refused: it carries ${name}, which makes a reader run code when it is opened; print it to PDF again without scripts and send that copy`,
      { found: name },
    );
  }
}

class StoredFileMissingError extends DomainError {
  constructor() {
    super(
      'unavailable',
      'evidence_file_unavailable',
      'the stored file cannot be read right now; try again later or tell an administrator',
    );
  }
}

/** A file as stored: its content address and what its bytes are. */
export interface StoredFile {
  sha256: string;
  size: number;
  type: EvidenceFileType;
  mediaType: string;
}

/**
 * Evidence files on disk, content-addressed: `<EVIDENCE_DIR>/<sha[0:2]>/<sha[2:4]>/<sha>`.
 * An upload streams to a temporary file in the same directory tree (so the final rename is
 * atomic) while being hashed and counted; it is refused over EVIDENCE_MAX_BYTES, unless its
 * bytes are one of the accepted types, when it is a zip bomb (.docx/.xlsx whose directory
 * declares too much, too compressed, overlapping or lying entries) and when it is a polyglot (a
 * PDF or an image that is also a zip, markup at either end, bytes after a PNG's end). The same content is kept once, whoever sends it, and a
 * stored file is never overwritten by an upload or removed by dondoc, so a row that points at
 * it can always be served. A file whose transaction later rolls back stays as a harmless orphan.
 */
@Injectable()
export class EvidenceStorage {
  private readonly logger = new Logger(EvidenceStorage.name);
  readonly directory: string;
  readonly maxBytes: number;

  constructor(config: AppConfig) {
    this.directory = config.evidenceDir;
    this.maxBytes = config.evidenceMaxBytes;
  }

  /** Where the content with this SHA-256 lives. The path never depends on a client's input. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.directory, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Consumes `source` into the store. Throws FileTooLargeError, EmptyFileError or
   * UnsupportedFileTypeError, leaving nothing behind.
   */
  async save(source: AsyncIterable<Uint8Array>): Promise<StoredFile> {
    await mkdir(this.directory, { recursive: true, mode: 0o750 });
    const temporary = join(this.directory, `.upload-${randomUUID()}.tmp`);
    try {
      const { sha256, size } = await this.receive(source, temporary);
      if (size === 0) throw new EmptyFileError();
      // Zip containers are checked before anything (the type sniffer included) expands them.
      await inspectIfZip(temporary, size);
      const detected = await fileTypeFromFile(temporary);
      const type = acceptedType(detected);
      if (!type) throw new UnsupportedFileTypeError(detected);
      const polyglot = await withFileReader(temporary, (read) => polyglotProblem(read, size, type));
      if (polyglot) throw new PolyglotFileError(type, polyglot);
      if (type === 'pdf') {
        // Within EVIDENCE_MAX_BYTES, read once to scan; the store never serves it otherwise.
        const active = pdfActiveContent(await readFile(temporary));
        if (active) throw new ActivePdfError(active);
      }
      await this.place(temporary, sha256, size);
      return { sha256, size, type, mediaType: EVIDENCE_FILE_TYPES[type] };
    } finally {
      // Gone already when placed; otherwise the refused or failed upload is dropped.
      await unlink(temporary).catch(() => undefined);
    }
  }

  /** Opens a stored file for reading. */
  async open(sha256: string): Promise<{ stream: ReadStream; size: number }> {
    const path = this.pathOf(sha256);
    try {
      const handle = await open(path, 'r');
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      this.logger.error(`evidence file ${sha256} cannot be opened at ${path}: ${String(error)}`);
      throw new StoredFileMissingError();
    }
  }

  /** Writes the upload to `path`, hashing and counting; stops as soon as it is too large. */
  private async receive(
    source: AsyncIterable<Uint8Array>,
    path: string,
  ): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(path, 'wx', 0o640);
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { sha256: hash.digest('hex'), size };
  }

  /** Renames the finished upload into place, keeping a copy already there (same content). */
  private async place(temporary: string, sha256: string, size: number): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true, mode: 0o750 });
    const existing = await stat(path).catch(() => null);
    // A copy of another size is damaged (a disk fault), so the new one replaces it.
    if (existing?.isFile() && existing.size === size) return;
    await rename(temporary, path);
    await syncDirectory(dirname(path));
  }
}

/** Throws UnsafeArchiveError for a zip that fails inspection; anything else passes. */
async function inspectIfZip(path: string, size: number): Promise<void> {
  return withFileReader(path, async (read) => {
    const magic = Buffer.from(await read(0, 4));
    if (magic.byteLength < 4 || magic.readUInt32LE(0) !== 0x04034b50) return;
    try {
      await inspectZip(read, size);
    } catch (error) {
      if (error instanceof ZipInspectionError) throw new UnsafeArchiveError(error);
      throw error;
    }
  });
}

async function withFileReader<T>(path: string, use: (read: ZipReader) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await use(async (offset, length) => {
      const buffer = Buffer.alloc(Math.max(0, length));
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

function acceptedType(detected: { ext: string } | undefined): EvidenceFileType | undefined {
  const ext = detected?.ext;
  // An animated PNG is still a PNG.
  if (ext === 'apng') return 'png';
  return ext !== undefined && Object.hasOwn(EVIDENCE_FILE_TYPES, ext)
    ? (ext as EvidenceFileType)
    : undefined;
}

/** Makes a rename durable; not every filesystem lets a directory be synced, which is fine. */
async function syncDirectory(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort.
  }
}

/**
 * A client's file name made safe to keep and to offer back: the last path segment only (either
 * separator), no control or invisible formatting characters (a right-to-left override can make
 * "cod.exe" look like "exe.doc"), whitespace collapsed, at most 200 characters with the
 * extension kept. Only a name that ends up empty is replaced, by `minh-chung.<type>`.
 */
export function sanitizeFileName(name: string | null | undefined, type: EvidenceFileType): string {
  let clean = (name ?? '').normalize('NFC');
  clean = clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
  // Tabs and line breaks separate words; other control and formatting characters go.
  clean = clean
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (/^\.*$/.test(clean)) clean = `minh-chung.${type}`;
  return truncateKeepingExtension(clean, MAX_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const characters = Array.from(name);
  if (characters.length <= max) return name;
  const dot = name.lastIndexOf('.');
  // Only a plausible extension is kept: a short tail after a dot that is not the first character.
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16)
    return characters.slice(0, max).join('').trimEnd();
  const stem = Array.from(name.slice(0, dot));
  return (
    stem
      .slice(0, max - extension.length)
      .join('')
      .trimEnd() + extension.join('')
  );
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
