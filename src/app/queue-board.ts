import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../core/access/access.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { cookieValue } from '../auth/auth.guard.js';
import { requestOrigin } from '../core/http/same-origin.js';
import { QueueGate } from '../core/queue/queue-gate.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for admins only: the same JWT as the API, from the Authorization
 * header or the `dondoc_token` cookie (set by the web pages), checked on every request.
 */
export async function mountQueueBoard(
  app: NestFastifyApplication,
  queueNames: string[],
): Promise<void> {
  const serverAdapter = new BoardAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queueNames.map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
  });
  // The API's own check (signature, issuer, audience, live session, active user).
  const auth = app.get(AuthService, { strict: false });
  const gate = app.get(QueueGate, { strict: false });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const fromHeader = bearer(request);
      const token = fromHeader ?? cookieValue(request.headers.cookie, SESSION_COOKIE);
      const deny = (statusCode: 401 | 403 | 503, message: string, code?: string) =>
        reply.status(statusCode).send({
          statusCode,
          error: DENIALS[statusCode].error,
          message,
          code: code ?? DENIALS[statusCode].code,
          requestId: request.id,
        });
      if (!token) return deny(401, 'Sign in as an admin to see the queues');
      // The board's changes (pause, retry, clean…) have no anti-forgery token: with the cookie
      // they must come from the board's own page. Its script always sends Sec-Fetch-Site or
      // Origin, so a change saying neither is refused too; a bearer token needs no such check.
      if (!fromHeader && !READS.has(request.method) && requestOrigin(request) !== 'same-origin') {
        return deny(
          403,
          "Queue changes are accepted only from the queue board's own page",
          'cross_site_request',
        );
      }
      let role: string;
      try {
        role = (await auth.authenticate(token)).role;
      } catch {
        return deny(401, 'Your session has expired or the token is invalid; sign in again');
      }
      if (role !== 'admin') return deny(403, 'Only admins may see the queues');
      // The board reads the queues through BullMQ's patient connection: without Redis it would
      // hang for the whole outage, so answer 503 at once instead.
      try {
        await gate.assertUp();
      } catch (error) {
        return deny(503, (error as Error).message);
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const DENIALS = {
  401: { error: 'Unauthorized', code: 'not_signed_in' },
  403: { error: 'Forbidden', code: 'forbidden' },
  503: { error: 'Service Unavailable', code: 'queue_unavailable' },
} as const;

function bearer(request: FastifyRequest): string | undefined {
  return /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
