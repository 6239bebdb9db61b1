import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../core/config/app-config.js';
import { RedisThrottlerStorage } from '../core/http/redis-throttler.storage.js';
import type { AuthUser } from '../core/access/access.decorators.js';
import { RouteMetadataCache } from './route-metadata-cache.js';

/** `login` per client address; `upload` per user; `api` (every route) per user or address. */
export type RateLimitKind = 'login' | 'upload' | 'api';

const RATE_LIMIT_KEY = 'dondoc:rate-limit';
const HEALTH_ROUTES = '/api/health';

interface RouteLimit {
  kind: Exclude<RateLimitKind, 'api'>;
  /** Count only multipart requests (a route taking both files and small JSON records). */
  multipartOnly: boolean;
}

/**
 * A route's own rate limit, counted on top of the API-wide one: `login` (sign-in, per client
 * address) or `upload` (evidence files and directive letters, per user). With `multipartOnly`,
 * only requests sending multipart/form-data count (evidence: a file, not a note or a link).
 */
export const RateLimit = (kind: RouteLimit['kind'], options: { multipartOnly?: boolean } = {}) =>
  SetMetadata(RATE_LIMIT_KEY, {
    kind,
    multipartOnly: options.multipartOnly ?? false,
  } satisfies RouteLimit);

const MESSAGES: Record<RateLimitKind, string> = {
  login: 'Too many sign-in attempts; wait and try again',
  upload: 'Too many uploads; wait and try again',
  api: 'Too many requests; wait and try again',
};

/**
 * Global guard, after the sign-in guard (so it knows the user): counts each request against the
 * API-wide limit and the route's own, in Redis so every instance shares the counts. Past a limit
 * the answer is 429 `rate_limited` with `Retry-After` (seconds) until the block lifts.
 * Limits and windows come from the environment (`*_RATE_LIMIT`, `*_RATE_WINDOW_SECONDS`).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  // Read once: the environment does not change while the process runs, and this runs on every
  // request.
  private readonly limits: Record<RateLimitKind, { limit: number; windowSeconds: number }>;
  private readonly routes = new RouteMetadataCache<RouteLimit | undefined>((targets) =>
    this.reflector.getAllAndOverride<RouteLimit | undefined>(RATE_LIMIT_KEY, targets),
  );

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
    private readonly storage: RedisThrottlerStorage,
  ) {
    this.limits = {
      login: config.rateLimit('login'),
      upload: config.rateLimit('upload'),
      api: config.rateLimit('api'),
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    const route = this.routes.of(context);
    const own =
      route && (!route.multipartOnly || /^multipart\//i.test(request.headers['content-type'] ?? ''))
        ? route.kind
        : undefined;
    // Health probes come from the load balancer every few seconds and do no real work: limiting
    // them would only take a healthy instance out of rotation.
    const probe = request.routeOptions.url?.startsWith(HEALTH_ROUTES) ?? false;
    const kinds: RateLimitKind[] = own ? [own, 'api'] : probe ? [] : ['api'];
    for (const kind of kinds) {
      const { limit, windowSeconds } = this.limits[kind];
      if (limit === 0) continue;
      // Sign-in is counted per address (there is no user yet); the rest per user when signed
      // in, so colleagues behind one office NAT do not share a budget.
      const who = kind !== 'login' && request.user ? `user:${request.user.id}` : `ip:${request.ip}`;
      const windowMs = windowSeconds * 1000;
      const record = await this.storage.increment(who, windowMs, limit, windowMs, kind);
      if (record.isBlocked) {
        const reply = http.getResponse<FastifyReply>();
        void reply.header('Retry-After', String(Math.max(1, record.timeToBlockExpire)));
        throw new HttpException(
          { message: MESSAGES[kind], code: 'rate_limited' },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    return true;
  }
}
