import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../core/config/app-config.js';
import { DomainError } from '../core/errors/domain-error.js';
import { requestOrigin } from '../core/http/same-origin.js';
import { PUBLIC_KEY } from '../core/access/access.decorators.js';
import type { AuthenticatedRequest } from './auth.guard.js';

export class CsrfError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'csrf',
      'the form is out of date or was not sent by this site; reload the page',
    );
  }
}

/**
 * What a cookie session's anti-forgery token is bound to: the session id (`sid`) inside its
 * access token, which stays the same when the short-lived access token is refreshed, so a form
 * opened before a refresh still posts. The guard has verified the token before this is used.
 */
function sessionKey(accessToken: string): string {
  try {
    const claims = JSON.parse(
      Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { sid?: unknown };
    return typeof claims.sid === 'string' ? claims.sid : accessToken;
  } catch {
    return accessToken;
  }
}

/**
 * The anti-forgery token of a cookie session: an HMAC of its session id, so it needs no
 * storage, changes with every sign-in, and cannot be computed by a page that cannot read it.
 */
export function csrfTokenFor(secret: string, accessToken: string): string {
  return createHmac('sha256', secret)
    .update(`csrf:${sessionKey(accessToken)}`)
    .digest('base64url');
}

export function csrfMatches(secret: string, accessToken: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(secret, accessToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

interface CsrfRequest extends AuthenticatedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  host: string;
  body?: unknown;
}

/**
 * For routes a cookie session may call (`@CookieSession()`): a state-changing request signed in
 * by the cookie must carry the session's anti-forgery token (form field `_csrf` or header
 * `X-CSRF-Token`; never the URL, which request logs, proxies and the Referer keep). Only a request
 * the auth guard signed in by a valid Bearer token needs none (another site cannot make a browser
 * send that header); the guard's record of how it signed the request in is what decides, not the
 * mere presence of an `Authorization` header (`Basic …` or `Negotiate …` beside the cookie is
 * still a cookie session).
 *
 * A multipart form posted without script (evidence, a directive's file) has its fields in a body
 * this guard runs before; instead of a token it must show, by `Sec-Fetch-Site` or `Origin`, that
 * a page of this site sent it. Every current browser sends one of them on such a POST, and
 * another site's page cannot forge either.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CsrfRequest>();
    if (SAFE.has(request.method)) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const by = request.authenticatedBy;
    if (by === 'bearer') return true;
    const session = by?.cookie;
    if (!session) throw new CsrfError();
    const body = request.body as Record<string, unknown> | undefined;
    const given =
      request.headers['x-csrf-token'] ??
      (body && typeof body === 'object' ? body._csrf : undefined);
    if (csrfMatches(this.config.jwtSecret, session, given)) return true;
    const type = request.headers['content-type'];
    const multipart = typeof type === 'string' && /^multipart\/form-data\b/i.test(type);
    if (multipart && given === undefined && requestOrigin(request) === 'same-origin') return true;
    throw new CsrfError();
  }
}
