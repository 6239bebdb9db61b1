import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mergeMap, type Observable } from 'rxjs';
import type { AuthUser } from '../core/access/access.decorators.js';
import { type AuditEntry, AuditService } from './audit.service.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The user named in an answer, for routes nobody is signed in to yet (sign-in, refresh). */
interface AnswerWithUser {
  id?: unknown;
  user?: { id?: unknown; username?: unknown; role?: unknown; unitId?: unknown };
}

/**
 * Global: after every successful POST, PUT, PATCH or DELETE, one `audit_log` row (who, role,
 * unit, method + route pattern, the ids involved, request id, status). Requests that fail or are
 * refused (4xx, 5xx) change nothing and leave no row; the request log has them. A replayed
 * idempotent request does not reach here (it changed nothing the second time).
 *
 * The row is written after the change committed and before the answer goes out. Should that
 * write fail, the answer is still the success (the change is done) and the row goes to the
 * error log in full, so it can be restored.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    if (!MUTATING.has(request.method)) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        const entry = auditEntry(request, reply, answer);
        try {
          await this.audit.record(entry);
        } catch (error) {
          this.logger.error(
            { err: error, audit: entry },
            `could not write the audit row for ${entry.action} (request ${entry.requestId})`,
          );
        }
        return answer;
      }),
    );
  }
}

function auditEntry(
  request: FastifyRequest & { user?: AuthUser },
  reply: FastifyReply,
  answer: unknown,
): AuditEntry {
  const body = (answer !== null && typeof answer === 'object' ? answer : {}) as AnswerWithUser;
  const named = request.user ?? actorOf(body.user);
  const targetIds = Object.values((request.params ?? {}) as Record<string, unknown>)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.slice(0, 200));
  const created = typeof body.id === 'string' ? body.id : undefined;
  if (created && !targetIds.includes(created)) targetIds.push(created);
  if (!request.user && named?.id && !targetIds.includes(named.id)) targetIds.push(named.id);
  return {
    userId: named?.id ?? null,
    username: named?.username ?? null,
    role: named?.role ?? null,
    unitId: named?.unitId ?? null,
    action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`.slice(
      0,
      300,
    ),
    targetIds,
    requestId: String(request.id).slice(0, 64),
    status: reply.statusCode,
    clientIp: request.ip ? request.ip.slice(0, 64) : null,
  };
}

function actorOf(user: AnswerWithUser['user']): Partial<AuthUser> | undefined {
  if (!user || typeof user.id !== 'string') return undefined;
  return {
    id: user.id,
    username: typeof user.username === 'string' ? user.username : undefined,
    role: typeof user.role === 'string' ? (user.role as AuthUser['role']) : undefined,
    unitId: typeof user.unitId === 'string' ? user.unitId : undefined,
  };
}
