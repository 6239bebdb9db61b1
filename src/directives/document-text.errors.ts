import { DomainError } from '../core/errors/domain-error.js';

export const ACCEPTED_DOCUMENT_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf'] as const;

/** Why a file could not be read, for callers that want to say more than the message. */
export type UnreadableReason =
  | 'unsupported_format' // an image, archive, executable … or bytes that are not text
  | 'legacy_office' // Word 97–2003 .doc or another OLE compound file
  | 'rich_text' // RTF or PostScript: text-based, but not the text of the document
  | 'damaged' // claims to be .docx or .pdf but the library cannot open it
  | 'encrypted' // a password-protected PDF
  | 'no_text_layer' // a scanned PDF: pictures of pages, no characters
  | 'timeout' // the library took too long
  | 'unsafe_archive' // a .docx that expands far beyond its size (a zip bomb) or lies about it
  | 'polyglot'; // also another format: a PDF that is a zip too, markup inside a document

export class UnreadableDocumentError extends DomainError {
  constructor(
    message: string,
    readonly reason: UnreadableReason,
  ) {
    super('invalid', 'unreadable_document', message, {
      reason,
      accepted: [...ACCEPTED_DOCUMENT_EXTENSIONS],
    });
  }
}

export class EmptyDocumentError extends DomainError {
  constructor(subject: string) {
    super('invalid', 'empty_document', `${subject} contains no text`);
  }
}

export class DocumentTooLargeError extends DomainError {
  constructor(size: number, limit: number) {
    const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
    super('invalid', 'document_too_large', `the file is ${mb(size)}; the limit is ${mb(limit)}`, {
      size,
      limit,
    });
  }
}
