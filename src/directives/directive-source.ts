import { createHash } from 'node:crypto';
// Loads @fastify/multipart's additions to FastifyRequest (isMultipart, file).
import '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors/domain-error.js';
import { type DocumentFormat, extractDocumentText, MAX_DOCUMENT_BYTES } from './document-text.js';
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

/**
 * Reads the letter from a request: pasted text (text/plain or JSON `{ "text": … }`), or one
 * file in multipart/form-data. Files go through the same extraction as the CLI.
 */
export async function readDirectiveSource(request: FastifyRequest): Promise<DirectiveSource> {
  if (request.isMultipart()) {
    let part;
    try {
      part = await request.file({ limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } });
    } catch (error) {
      throw multipartError(error);
    }
    if (!part) throw new NoSourceError();
    let data: Buffer;
    try {
      data = await part.toBuffer();
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

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function multipartError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new FileTooLargeError();
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new DomainError('invalid', 'one_file_only', 'send one file per request');
  }
  if (typeof code === 'string' && code.startsWith('FST_')) {
    return new DomainError('invalid', 'malformed_upload', 'the multipart upload could not be read');
  }
  return error;
}
