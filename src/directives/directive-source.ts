import { createHash } from 'node:crypto';
// Loads @fastify/multipart's additions to FastifyRequest (isMultipart, file).
import '@fastify/multipart';
import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../core/errors/domain-error.js';
import { ControlCharacterError, hasControlCharacter } from '../core/http/control-characters.js';
import type { Download } from '../core/http/file-download.js';
import type { Directive } from './directive.entity.js';
import {
  type DocumentFormat,
  extractDocumentText,
  MAX_DOCUMENT_BYTES,
  textEncoding,
} from './document-text.js';
import { NoSourceError } from './directives.errors.js';

/** A letter as it arrived, and the text read from it. */
export interface DirectiveSource {
  text: string;
  format: DocumentFormat;
  /** The bytes exactly as received (a file, or the pasted text as UTF-8). */
  file: Buffer;
  filename: string | null;
  mediaType: string | null;
  sha256: string;
}

class FileTooLargeError extends DomainError {
  constructor() {
    super(
      'too_large',
      'document_too_large',
      `the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`,
    );
  }
}

/** What an import names besides the letter: the received task it carries down (triển khai). */
export interface ImportOptions {
  /** Undefined: not said (the letter's references may suggest one); null: none. */
  implementsTaskId?: string | null;
}

class InvalidImplementsTaskError extends DomainError {
  constructor() {
    super('invalid', 'invalid_id', 'implementsTaskId must be a UUID, or null for none');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An import request: the letter, and `implementsTaskId` from the JSON body or a multipart field
 * sent before the file ("" or "none" for none there, as a form cannot send null; "auto" for
 * not said, the letter's references deciding).
 */
export async function readImportRequest(
  request: FastifyRequest,
): Promise<{ source: DirectiveSource; options: ImportOptions }> {
  let raw: unknown;
  const source = await readDirectiveSource(request, (fields) => {
    raw = fields.implementsTaskId;
  });
  return { source, options: { implementsTaskId: implementsTaskOption(raw) } };
}

/**
 * `implementsTaskId` as sent: a task id; null for none (null, "" or "none", as a form cannot
 * send null); undefined for not said (left out, or "auto": a form's select cannot leave a
 * field out); 400 `invalid_id` for anything else.
 */
export function implementsTaskOption(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === 'auto') return undefined;
  if (raw === null || raw === '' || raw === 'none') return null;
  if (typeof raw !== 'string' || !UUID.test(raw)) throw new InvalidImplementsTaskError();
  return raw.toLowerCase();
}

/**
 * Reads the letter from a request: pasted text (text/plain or JSON `{ "text": … }`), or one
 * file in multipart/form-data. Files go through the same extraction as the CLI.
 */
export async function readDirectiveSource(
  request: FastifyRequest,
  /** Given for an import: it may name `implementsTaskId` besides the letter. */
  importFields?: (fields: { implementsTaskId?: unknown }) => void,
): Promise<DirectiveSource> {
  if (request.isMultipart()) {
    let part;
    try {
      // One byte past the limit reaches readLimited(), which refuses it at once (busboy alone
      // would only truncate the file and keep reading the request to its end).
      part = await request.file({ limits: { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1 } });
    } catch (error) {
      throw multipartError(error);
    }
    if (!part) throw new NoSourceError();
    if (importFields) {
      const field = part.fields.implementsTaskId;
      const value =
        field && !Array.isArray(field) && field.type === 'field' ? field.value : undefined;
      importFields({ implementsTaskId: value });
    }
    if (hasControlCharacter(part.filename)) {
      part.file.resume();
      throw new ControlCharacterError('the file name');
    }
    let data: Buffer;
    try {
      data = await readLimited(part.file, MAX_DOCUMENT_BYTES);
    } catch (error) {
      throw multipartError(error);
    }
    const extracted = await extractDocumentText({
      data,
      filename: part.filename,
      mediaType: part.mimetype,
    });
    return {
      ...extracted,
      file: data,
      filename: part.filename || null,
      mediaType: part.mimetype || null,
      sha256: sha256(data),
    };
  }
  const body: unknown = request.body;
  refuseUnknownFields(body, importFields ? ['text', 'implementsTaskId'] : ['text']);
  if (importFields && typeof body === 'object' && body !== null) {
    importFields({ implementsTaskId: (body as { implementsTaskId?: unknown }).implementsTaskId });
  }
  const pasted =
    typeof body === 'string'
      ? body
      : typeof body === 'object' &&
          body !== null &&
          typeof (body as { text?: unknown }).text === 'string'
        ? (body as { text: string }).text
        : null;
  if (pasted === null) throw new NoSourceError();
  const data = Buffer.from(pasted, 'utf8');
  const extracted = await extractDocumentText({ data, mediaType: 'text/plain' });
  // Pasted text is kept byte for byte too; the parser reads its normalised form.
  return {
    ...extracted,
    file: data,
    filename: null,
    mediaType: 'text/plain; charset=utf-8',
    sha256: sha256(data),
  };
}

const SERVED_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The letter as it is handed back: its bytes, the type they show (PDF, DOCX, else text in the
 * encoding it was read in) — never the media type its uploader claimed, which may say
 * `text/html` of a text letter — and the name it arrived with (`fallbackName` for pasted text).
 */
export async function sourceDownload(
  directive: Pick<Directive, 'sourceFile' | 'sourceText' | 'sourceFilename'>,
  fallbackName: string,
): Promise<Download & { body: Buffer }> {
  const body = directive.sourceFile ?? Buffer.from(directive.sourceText, 'utf8');
  const detected = await fileTypeFromBuffer(body).catch(() => undefined);
  // Import accepted only PDF, DOCX and text, read by their bytes in the same way.
  const mediaType =
    (detected && SERVED_TYPES[detected.ext]) ?? `text/plain; charset=${textEncoding(body)}`;
  return { body, mediaType, fileName: directive.sourceFilename || fallbackName };
}

/**
 * The file's bytes, refused as soon as they pass `maxBytes`: leaving the loop destroys the part,
 * which stops reading the request, so a huge upload costs at most `maxBytes` of memory and time.
 */
async function readLimited(file: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of file) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new FileTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** JSON `{ "text": … }` and nothing else, as every validated body: unknown fields are a 400. */
function refuseUnknownFields(body: unknown, known: readonly string[]): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const unknown = Object.keys(body).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new BadRequestException({
      message: unknown.map((key) => `property ${key} should not exist`),
    });
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function multipartError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new FileTooLargeError();
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new DomainError('invalid', 'one_file_only', 'send one file per request');
  }
  const message = (error as { message?: unknown }).message;
  // busboy's own errors carry no code: a body cut short or without its closing boundary.
  if (
    (typeof code === 'string' && code.startsWith('FST_')) ||
    (typeof message === 'string' &&
      /multipart|boundary|part header|end of form|terminated early/i.test(message))
  ) {
    return new DomainError('invalid', 'malformed_upload', 'the multipart upload could not be read');
  }
  return error;
}
