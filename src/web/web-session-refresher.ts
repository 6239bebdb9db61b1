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
 */
@Injectable()
export class WebSessionRefresher implements OnModuleInit {
  private readonly logger = new Logger(WebSessionRefresher.name);
  private readonly recent = new Map<string, Promise<SessionDto | null>>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply) => this.keepAlive(request, reply));
  }

  private async keepAlive(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.headers.authorization || request.url.startsWith(`${PAGES.assets}/`)) return;
    const refresh = refreshToken(request);
    if (!refresh) return;
    const access = sessionToken(request);
    if (access && expiresAt(access) - MARGIN_SECONDS > Date.now() / 1000) return;
    const session = await this.exchange(refresh);
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

  private exchange(refresh: string): Promise<SessionDto | null> {
    let pending = this.recent.get(refresh);
    if (!pending) {
      pending = this.auth.refresh(refresh).catch((error: unknown) => {
        if (!(error instanceof InvalidRefreshTokenError)) {
          this.logger.warn(`page session not refreshed: ${String(error)}`);
        }
        return null;
      });
      this.recent.set(refresh, pending);
      setTimeout(() => this.recent.delete(refresh), SHARED_FOR_MS).unref();
    }
    return pending;
  }
}
