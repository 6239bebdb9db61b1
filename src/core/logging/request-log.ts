import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Health probes: a load balancer calls them every few seconds; a line each would drown the log. */
const PROBE_ROUTES = new Set(['/api/health', '/api/health/live']);

/**
 * Fastify's request logging, one line per request: Fastify's default writes two (on arrival and
 * on completion) and serialises the whole request for the first. The line, written when the
 * answer has gone out, carries the request id (`reqId`, from the request's child logger), method,
 * URL, client address, status and time taken. Successful health probes write none; errors are
 * logged as Fastify logs them, probes included.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) return super.requestCompleted(error, request, reply);
    const statusCode = reply.statusCode;
    if (statusCode < 400 && PROBE_ROUTES.has(request.routeOptions.url ?? '')) return;
    reply.log.info(
      {
        method: request.method,
        url: request.url,
        remoteAddress: request.ip,
        statusCode,
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  }
}
