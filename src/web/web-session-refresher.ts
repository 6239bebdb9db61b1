import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../core/access/access.decorators.js';
import type { SessionDto } from '../auth/auth.dto.js';
import { InvalidRefreshTokenError } from '../auth/auth.errors.js';
import { AuthService } from '../auth/auth.service.js';
import { PAGES } from './web-paths.js';
import { clearSession, refreshToken, sessionToken, setSession } from './web-session.js';

/** Refresh this long before the access token runs out, so a page's own requests still pass. */
const MARGIN_SECONDS = 30;
/** How long one refresh's outcome serves the same spent token (parallel requests of a page). */
const SHARED_FOR_MS = 30_000;

/** One exchange in its grace window: who made it, and its outcome. */
interface SharedRefresh {
  /** SHA-256 of the access cookie the exchanging request carried; null when it carried none. */
  holder: string | null;
  outcome: Promise<SessionDto | null>;
}

function expiresAt(accessToken: string): number {
  try {
    const claims = JSON.parse(
      Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : 0;
  } catch {
    return 0;
  }
}

/**
 * Keeps a page session alive: access tokens live minutes, so before a page request whose
 * access cookie is missing or about to expire, the refresh cookie is exchanged (through
 * AuthService.refresh, single use, rotating) and the request goes on with the new token.
 * Requests of one page that arrive together share one exchange: presenting a spent refresh
 * token twice would read as theft and end the session.
 *
 * Only the browser that made the exchange shares its outcome: the requests of one page carry the
 * same (expiring) access cookie beside the refresh cookie, so the grace is bound to that cookie.
 * A request presenting the spent refresh cookie with any other access cookie, or none, is a
 * replay: it goes to AuthService.refresh as reuse, which ends the session. (The old access token
 * is the per-browser value: httpOnly like the refresh cookie, sent with it on every page request,
 * and replaced at each exchange, so it binds this one window and no later one; an exchange made
 * without one shares with nobody.)
 */
@Injectable()
export class WebSessionRefresher implements OnModuleInit {
  private readonly logger = new Logger(WebSessionRefresher.name);
  private readonly recent = new Map<string, SharedRefresh>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    // An application context (`npm run seed:demo`) has no HTTP server and serves no pages.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply) => this.keepAlive(request, reply));
  }

  private async keepAlive(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.headers.authorization || request.url.startsWith(`${PAGES.assets}/`)) return;
    const refresh = refreshToken(request);
    if (!refresh) return;
    const access = sessionToken(request);
    if (access && expiresAt(access) - MARGIN_SECONDS > Date.now() / 1000) return;
    const session = await this.exchange(refresh, access);
    if (!session) {
      clearSession(reply);
      return;
    }
    setSession(request, reply, session);
    // The guard reads the cookie header: this request goes on with the new token.
    const others = (request.headers.cookie ?? '')
      .split(';')
      .filter((part) => part.trim() && !part.trim().startsWith(`${SESSION_COOKIE}=`));
    request.headers.cookie = [...others, `${SESSION_COOKIE}=${session.accessToken}`].join(';');
  }

  private exchange(refresh: string, access: string | undefined): Promise<SessionDto | null> {
    const holder = access === undefined ? null : sha256(access);
    const shared = this.recent.get(refresh);
    if (shared && shared.holder !== null && shared.holder === holder) return shared.outcome;
    const outcome = this.auth.refresh(refresh).catch((error: unknown) => {
      if (!(error instanceof InvalidRefreshTokenError)) {
        this.logger.warn(`page session not refreshed: ${String(error)}`);
      }
      return null;
    });
    // A replay (the window already taken by another holder) neither shares nor takes it over:
    // its refresh is refused as reuse and ends the session.
    if (!shared) {
      this.recent.set(refresh, { holder, outcome });
      setTimeout(() => this.recent.delete(refresh), SHARED_FOR_MS).unref();
    }
    return outcome;
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
