import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { mapError } from '../core/http/error-mapping.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { PAGES } from './web-paths.js';
import { refererPath, setFlash, wantsJson } from './web-session.js';

/** The Vietnamese message for an API error, else the generic one with the API's text. */
export function messageOf(code: string | undefined, message: string | string[]): string {
  const known = code ? vi.errors.codes[code] : undefined;
  if (known) return known;
  const detail = Array.isArray(message) ? message.join('; ') : message;
  return `${vi.errors.generic} (${detail})`;
}

/**
 * Errors of the pages, answered as a person expects: not signed in → the sign-in page (then
 * back here); 403 and 404 → a page saying so (another unit's task is "not found", like a
 * missing one); a refused form → its page again with the reason on top; the upload script
 * gets the API's JSON error body.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebErrorFilter.name);

  constructor(private readonly pages: PageRenderer) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { unexpected, ...body } = mapError(error);
    if (unexpected) {
      this.logger.error(
        { reqId: request.id, method: request.method, url: request.url, err: error },
        `unexpected error on ${request.method} ${request.url}`,
      );
    }
    if (wantsJson(request)) {
      void reply.status(body.statusCode).send({ ...body, requestId: request.id });
      return;
    }
    const isGet = request.method === 'GET' || request.method === 'HEAD';
    if (body.statusCode === 401) {
      const back = isGet ? request.url : refererPath(request, PAGES.home);
      void reply.redirect(`${PAGES.signIn}?next=${encodeURIComponent(back)}&expired=1`, 303);
      return;
    }
    // A refused form goes back to its page with the reason; a form of another role's page, or
    // about something not there, gets the 403 or 404 page like a link would (an out-of-date
    // form, 403 csrf, is the person's own form: back to it).
    const refusedForm =
      body.statusCode < 500 &&
      body.statusCode !== 404 &&
      (body.statusCode !== 403 || body.code === 'csrf');
    if (!isGet && refusedForm) {
      setFlash(reply, { kind: 'error', text: messageOf(body.code, body.message) });
      void reply.redirect(refererPath(request, PAGES.home), 303);
      return;
    }
    const [title, text] =
      body.statusCode === 404
        ? [vi.errors.notFound, vi.errors.notFoundText]
        : body.statusCode === 403
          ? [vi.errors.forbidden, vi.errors.forbiddenText]
          : body.statusCode >= 500
            ? [vi.errors.title, vi.errors.unavailable]
            : [vi.errors.title, messageOf(body.code, body.message)];
    try {
      const html = await this.pages.page(
        request,
        reply,
        'error',
        title,
        { text, requestId: request.id },
        body.statusCode,
      );
      void reply.send(html);
    } catch (renderError) {
      // The page itself could not be drawn (the database is down): plain text, same status.
      this.logger.warn(`error page not rendered: ${String(renderError)}`);
      void reply
        .status(body.statusCode)
        .type('text/plain; charset=utf-8')
        .send(`${title}\n${text}`);
    }
  }
}
