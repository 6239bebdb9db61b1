import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable, of, switchMap } from 'rxjs';
import type { DataSource } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import { IdempotencyRecord } from './idempotency-record.entity.js';

const KEY = /^[\x21-\x7e]{1,200}$/;
// A first request that never finished (its process died) stops blocking retries after this.
const ABANDONED_AFTER_MS = 60_000;

class IdempotencyError extends DomainError {}

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer is stored; a
 * retry with the same key (same user) gets that answer back instead of acting twice. While the
 * first is still running, a retry gets 409; a key reused on another route, 422. A request that
 * fails leaves no record, so its retry runs afresh (the failed attempt changed nothing).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined || !request.user) return next.handle();
    // The API's routes only: the web pages answer forms with redirects they send themselves,
    // which have no answer to store and replay (and browsers send no Idempotency-Key).
    if (!request.url.startsWith('/api/')) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY.test(key)) {
      throw new IdempotencyError(
        'invalid',
        'invalid_idempotency_key',
        'Idempotency-Key must be 1–200 visible ASCII characters',
      );
    }
    const userId = request.user.id;
    const route = `${request.method} ${request.url.split('?')[0]}`;
    // The same key must mean the same request: a retry carries the same body. (Multipart bodies
    // are read later by the handler, so for uploads only the route is compared.)
    const requestHash = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;

    return from(this.begin(userId, key, route, requestHash)).pipe(
      switchMap((stored) => {
        if (stored) {
          this.logger.log(`replayed idempotent ${route} for user ${userId}`);
          void reply.status(stored.statusCode!).header('idempotent-replayed', 'true');
          return of(stored.response);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.dataSource
              .getRepository(IdempotencyRecord)
              .update({ userId, key }, { statusCode: status, response: (body ?? null) as never });
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.dataSource.getRepository(IdempotencyRecord).delete({ userId, key });
            throw error;
          }),
        );
      }),
    );
  }

  /** Claims the key; returns the stored answer when it was claimed and answered before. */
  private async begin(
    userId: string,
    key: string,
    route: string,
    requestHash: string,
  ): Promise<IdempotencyRecord | null> {
    const repository = this.dataSource.getRepository(IdempotencyRecord);
    const claimed = await repository
      .createQueryBuilder()
      .insert()
      .values({ userId, key, route, requestHash })
      .orIgnore()
      .execute();
    // ON CONFLICT DO NOTHING returns no row when the key was already there.
    if ((claimed.raw as unknown[]).length > 0) return null;
    const existing = await repository.findOne({ where: { userId, key } });
    if (!existing) return this.begin(userId, key, route, requestHash);
    if (
      existing.route !== route ||
      (existing.requestHash !== null && existing.requestHash !== requestHash)
    ) {
      throw new IdempotencyError(
        'unprocessable',
        'idempotency_key_reused',
        'this Idempotency-Key was used for another request',
      );
    }
    if (existing.statusCode === null) {
      if (Date.now() - existing.createdAt.getTime() < ABANDONED_AFTER_MS) {
        throw new IdempotencyError(
          'conflict',
          'idempotency_in_progress',
          'the first request with this Idempotency-Key is still running',
        );
      }
      await repository.update({ userId, key }, { createdAt: new Date() });
      return null;
    }
    return existing;
  }
}
