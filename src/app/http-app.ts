import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import multipart from '@fastify/multipart';
import { type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { ESCALATION_QUEUE } from '../escalation/escalation.constants.js';
import { OUTBOUND_QUEUE } from '../notifications/notifications.constants.js';
import { NestPinoLogger } from '../core/logging/logger.js';
import { RequestLogController } from '../core/logging/request-log.js';
import { mountQueueBoard } from './queue-board.js';
import { prepareWebPages } from '../web/web-http.js';
import { AuditInterceptor } from '../audit/audit.interceptor.js';
import type { ErrorBody } from '../core/http/error-body.js';
import { refuseControlCharacters } from '../core/http/control-characters.js';
import { IdempotencyInterceptor } from '../core/http/idempotency.interceptor.js';
import { jsonBodyParser } from '../core/http/json-body.js';
import { securityHeaders } from '../core/http/security-headers.js';
import { interceptWrites } from '../core/http/write-interceptors.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BODY_LIMIT = 1024 * 1024;
/** helmet's default: a year, subdomains included. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Builds the HTTP application (not yet listening): Fastify with pino request logs carrying a
 * request id, the `/api` prefix, and the OpenAPI document at `/api/docs`.
 * Used by `main.ts` and by the e2e tests, so both run the same stack.
 */
export async function createHttpApp(
  appModule: DynamicModule,
  logger: Pino,
  options: { trustProxy: boolean },
): Promise<NestFastifyApplication> {
  // helmet's headers everywhere (nosniff, frame and referrer policies…) and HSTS over HTTPS; the
  // pages set their own strict Content-Security-Policy, the docs and queue board need inline
  // scripts. CORS stays closed: no Access-Control-* headers are ever sent.
  const applySecurityHeaders = securityHeaders({
    contentSecurityPolicy: false,
    // The pages return to the form's page after an error or a sign-in: the Referer must reach
    // this site (and only this site).
    referrerPolicy: { policy: 'same-origin' },
    // Sent below over HTTPS only: over plain HTTP it means nothing to a browser and tells a
    // development or intranet host's name to pin HTTPS it may not have.
    strictTransportSecurity: false,
  });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request, none for successful health probes (see RequestLogController).
    logController: new RequestLogController(),
    // Keep a caller's request id when it is sane, so a proxy's id follows the request here;
    // Fastify's own requestIdHeader would take any value, so genReqId reads the header itself.
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy,
    // The router's own refusals (a malformed URL, a path parameter over 100 characters) come
    // before any hook or filter: given the one error shape, the request id and the headers here.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const statusCode = error.statusCode ?? 400;
      applySecurityHeaders(reply.raw);
      void reply
        .code(statusCode)
        .header('x-request-id', request.id)
        .send({
          statusCode,
          error: STATUS_CODES[statusCode] ?? 'Bad Request',
          message:
            statusCode === 414 ? 'a path parameter is too long' : 'the URL cannot be understood',
          code: statusCode === 414 ? 'path_too_long' : 'bad_url',
          requestId: request.id,
        } satisfies ErrorBody);
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(reply.raw);
    // `protocol` follows X-Forwarded-Proto only when TRUST_PROXY is set.
    if (request.protocol === 'https') reply.raw.setHeader('strict-transport-security', HSTS);
    done();
  });
  // Every parsed input (JSON and form bodies, pasted text, query strings, path parameters) is
  // refused in one place when it carries a control character, before guards, pipes or the
  // database see it. Multipart fields stream inside their handlers: their readers apply the
  // same check to each field and file name.
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      refuseControlCharacters(request.params, 'a path parameter');
      refuseControlCharacters(request.query, 'the query string');
      refuseControlCharacters(request.body, 'the body');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  const app = await NestFactory.create<NestFastifyApplication>(appModule, adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  // JSON bodies: refused when nested too deep, before anything walks them (see json-body.ts).
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, jsonBodyParser(fastify));
  // What global interceptors were: idempotency keys outermost (a replayed request leaves no
  // second audit row), then the audit trail; on writes only, where they act.
  interceptWrites(app, [
    app.get(IdempotencyInterceptor, { strict: false }),
    app.get(AuditInterceptor, { strict: false }),
  ]);
  // Uploads (directive files, later evidence) stream through @fastify/multipart; each route sets
  // its own size limit when it reads the file.
  await app.register(multipart, { limits: { files: 1, fields: 10, fileSize: 10 * 1024 * 1024 } });
  const pageRoutes = await prepareWebPages(app);
  app.setGlobalPrefix('api', { exclude: pageRoutes });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('dondoc')
      .setDescription(
        'Turns administrative directives (công văn) into tracked tasks for the bodies they name, ' +
          'and escalates what runs late. Sign in with POST /api/auth/login, then send ' +
          '"Authorization: Bearer <accessToken>".',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json' });
  await mountQueueBoard(app, [ESCALATION_QUEUE, OUTBOUND_QUEUE]);
  return app;
}
