import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping.js';

/**
 * The single place where errors become HTTP answers: one body shape, no stack traces or SQL to
 * the client, and the detail of anything unexpected in the log under the request id.
 */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllErrorsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { unexpected, ...body } = mapError(error);
    if (unexpected) {
      this.logger.error(
        { reqId: request.id, method: request.method, url: request.url, err: error },
        `unexpected error on ${request.method} ${request.url}`,
      );
    } else if (body.statusCode >= 500) {
      this.logger.warn(
        `${body.statusCode} ${body.code} on ${request.method} ${request.url}: ${String(error)}`,
      );
    }
    void reply.status(body.statusCode).send({ ...body, requestId: request.id });
  }
}
