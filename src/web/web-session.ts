import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../core/access/access.decorators.js';
import type { SessionDto } from '../auth/auth.dto.js';
import { DomainError } from '../core/errors/domain-error.js';
import { cookieValue } from '../auth/auth.guard.js';

/** A one-shot message shown on the next page (after a redirect), and the form it concerns. */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  /** The form whose saved draft the browser may now forget (it was accepted). */
  form?: string;
}

const FLASH_COOKIE = 'dondoc_flash';

export function sessionToken(request: FastifyRequest): string | undefined {
  return cookieValue(request.headers.cookie, SESSION_COOKIE);
}

/** The refresh token's cookie: sent only to the pages (never read by scripts). */
export const REFRESH_COOKIE = 'dondoc_refresh';

export function refreshToken(request: FastifyRequest): string | undefined {
  return cookieValue(request.headers.cookie, REFRESH_COOKIE);
}

/**
 * The session cookies: the short-lived access token and its refresh token, both httpOnly
 * (scripts never see them), SameSite=Lax (other sites' forms cannot post with them), Secure when
 * the request came over HTTPS. The access cookie outlives its token a little: an expired one is
 * what tells the pages to refresh.
 */
export function setSession(
  request: FastifyRequest,
  reply: FastifyReply,
  session: SessionDto,
): void {
  const options = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
  };
  void reply.setCookie(SESSION_COOKIE, session.accessToken, {
    ...options,
    maxAge: session.refreshExpiresIn,
  });
  void reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    ...options,
    maxAge: session.refreshExpiresIn,
  });
}

export function clearSession(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(REFRESH_COOKIE, { path: '/' });
}

/**
 * Signed (HMAC-SHA256, @fastify/cookie): the page shows the text as the site's own words, so a
 * cookie planted by someone else (a sibling subdomain can set one) must not be able to say them.
 */
export function setFlash(reply: FastifyReply, flash: Flash): void {
  const value = Buffer.from(JSON.stringify(flash)).toString('base64url');
  void reply.setCookie(FLASH_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 60,
    signed: true,
  });
}

/** Reads the flash left by the previous request and forgets it. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = cookieValue(request.headers.cookie, FLASH_COOKIE);
  if (!raw) return null;
  void reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const signed = request.unsignCookie(raw);
  // Unsigned, or signed for other words: no message.
  if (!signed.valid) return null;
  try {
    const flash = JSON.parse(Buffer.from(signed.value, 'base64url').toString('utf8')) as Flash;
    if ((flash.kind === 'ok' || flash.kind === 'error') && typeof flash.text === 'string') {
      return { kind: flash.kind, text: flash.text.slice(0, 500), form: flash.form };
    }
  } catch {
    // A mangled cookie is simply no message.
  }
  return null;
}

/**
 * A path of this site to go back to (never another host: `//evil` and `/\evil` are refused).
 * Visible ASCII only, as a browser sends a path (percent-encoded): it goes into a Location
 * header, which cannot carry control characters or anything past U+00FF.
 */
export function localPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.length > 500) {
    return fallback;
  }
  return value;
}

/** The path of the page a form was posted from, when it is one of ours. */
export function refererPath(request: FastifyRequest, fallback: string): string {
  const referer = request.headers.referer;
  if (!referer) return fallback;
  try {
    const url = new URL(referer);
    if (url.hostname !== request.hostname) return fallback;
    return localPath(url.pathname + url.search, fallback);
  } catch {
    return fallback;
  }
}

/** The browser's script asked for JSON (uploads with a progress bar). */
export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

/**
 * Runs a form's work; a refusal this page can name in Vietnamese (`codes`: a code taken, a
 * part that cannot be published …) goes back to the form's page with that message, anything
 * else to the error filter. `undefined` means the refusal was answered.
 */
export async function explainRefusals<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  codes: Record<string, string>,
  fallbackPath: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const text = error instanceof DomainError ? codes[error.code] : undefined;
    if (!text) throw error;
    setFlash(reply, { kind: 'error', text });
    void reply.redirect(refererPath(request, fallbackPath), 303);
    return undefined;
  }
}
