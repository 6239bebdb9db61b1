import type { FastifyReply } from 'fastify';

/** A stored file as it is handed back: the type its bytes show, and the name to save it as. */
export interface Download {
  mediaType: string;
  fileName: string;
}

/** The extensions a file of each type may keep; anything else gets the first one appended. */
const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'text/plain': ['txt', 'md'],
};

/**
 * The name to save a file under, ending in an extension that matches its bytes: a text letter
 * uploaded as `thu.html` is saved as `thu.html.txt`, so opening the saved copy does not run it
 * as a web page either.
 */
export function downloadName(name: string, mediaType: string): string {
  const allowed = EXTENSIONS[mediaType.split(';')[0].trim()];
  const base = name.split(/[/\\]/).pop()!.trim() || 'file';
  if (!allowed) return base;
  const extension = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
  return extension && allowed.includes(extension) ? base : `${base}.${allowed[0]}`;
}

/**
 * `attachment` with the name twice: an ASCII approximation for old clients, and the exact name
 * as RFC 5987 `filename*` (UTF-8, percent-encoded), which every current browser prefers.
 */
export function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Headers for handing back a file someone uploaded (a directive's letter, evidence): always an
 * attachment, never shown in this site's origin; the type read from its bytes, never the
 * uploader's claim; no sniffing; and, should a browser render it anyway, a sandbox with no
 * script, no forms, no same-origin access.
 */
export function sendAsAttachment(reply: FastifyReply, download: Download): void {
  void reply
    .type(download.mediaType)
    .header(
      'content-disposition',
      contentDisposition(downloadName(download.fileName, download.mediaType)),
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private');
}
