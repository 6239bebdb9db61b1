import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping.js';
import { PAGE_ERRORS, type PageErrors } from './page-errors.js';

/**
 * The single place where errors become HTTP answers: one body shape, no stack traces or SQL to
 * the client, and the detail of anything unexpected in the log under the request id.
 */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllErrorsFilter.name);
  private pageErrors: PageErrors | null | undefined;

  constructor(private readonly modules: ModuleRef) {}

  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { unexpected, ...body } = mapError(error);
    // A browser asking for an address that is no page and not the API: the pages' 404 page.
    if (body.statusCode === 404 && !request.routeOptions?.url && isPageNavigation(request)) {
      const pages = this.pagesFilter();
      if (pages) return pages.catch(error, host);
    }
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

  /**
   * The web module's filter, when it is loaded (looked up once: this filter is global, and the
   * web module is not among its imports).
   */
  private pagesFilter(): PageErrors | null {
    if (this.pageErrors === undefined) {
      try {
        this.pageErrors = this.modules.get<PageErrors>(PAGE_ERRORS, { strict: false });
      } catch {
        this.pageErrors = null;
      }
    }
    return this.pageErrors;
  }
}

function isPageNavigation(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.url.startsWith('/api') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}
