// Loads @fastify/multipart's additions to FastifyRequest (isMultipart, parts).
import '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors/domain-error.js';
import { refuseControlCharacters } from '../core/http/control-characters.js';
import { EmptyFileError, type EvidenceStorage, FileTooLargeError } from './evidence-storage.js';
import type { UploadedEvidenceFile } from './evidence.service.js';

const MAX_FIELD_BYTES = 256 * 1024;

/** A multipart upload read: its text fields and the one file, already in the evidence store. */
export interface EvidenceUpload {
  fields: Record<string, string>;
  file: UploadedEvidenceFile | null;
}

/**
 * Reads multipart/form-data fields, streaming the one file (field `file`) straight into the
 * evidence store (hashed, counted, its type read from the bytes, zip bombs and polyglots
 * refused) so no upload is ever held in memory. Evidence and period reports share it.
 * `beforeFile` may refuse the upload from the fields sent before the file.
 */
export async function readEvidenceUpload(
  request: FastifyRequest,
  storage: EvidenceStorage,
  options: { beforeFile?: (fields: Record<string, string>) => void } = {},
): Promise<EvidenceUpload> {
  const fields: Record<string, string> = {};
  let file: UploadedEvidenceFile | null = null;
  const parts = request.parts({
    limits: {
      // One byte past the limit reaches the store, which refuses it with file_too_large.
      fileSize: storage.maxBytes + 1,
      files: 1,
      fields: 20,
      fieldSize: MAX_FIELD_BYTES,
      parts: 21,
    },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new DomainError(
            'invalid',
            'unexpected_file_field',
            `send the file in field "file", not "${part.fieldname}"`,
          );
        }
        try {
          options.beforeFile?.(fields);
        } catch (error) {
          part.file.resume();
          throw error;
        }
        try {
          const stored = await storage.save(part.file);
          file = { ...stored, originalName: part.filename || null };
        } catch (error) {
          // A form sent with no file chosen has an empty, nameless file part: no file.
          if (!(error instanceof EmptyFileError && !part.filename)) throw error;
        }
        continue;
      }
      if (part.fieldnameTruncated || part.valueTruncated || typeof part.value !== 'string') {
        throw new DomainError(
          'invalid',
          'malformed_upload',
          `field "${part.fieldname}" is too long or not text`,
        );
      }
      // The same rule as every other input (the file's name is not refused: callers sanitise
      // it, control characters included).
      refuseControlCharacters({ [part.fieldname]: part.value }, 'the form');
      if (part.fieldname in fields) {
        throw new DomainError(
          'invalid',
          'duplicate_field',
          `field "${part.fieldname}" is sent twice`,
        );
      }
      fields[part.fieldname] = part.value;
    }
  } catch (error) {
    throw multipartError(error, storage.maxBytes);
  }
  return { fields, file };
}

function multipartError(error: unknown, maxBytes: number): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new FileTooLargeError(maxBytes);
  if (code === 'FST_FILES_LIMIT') {
    return new DomainError('invalid', 'one_file_only', 'send one file per request');
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new DomainError('invalid', 'malformed_upload', 'the upload has too many fields');
  }
  const message = (error as { message?: unknown }).message;
  if (
    (typeof code === 'string' && code.startsWith('FST_')) ||
    (typeof message === 'string' &&
      /multipart|boundary|part header|end of form|terminated early/i.test(message))
  ) {
    return new DomainError('invalid', 'malformed_upload', 'the multipart upload could not be read');
  }
  return error;
}
