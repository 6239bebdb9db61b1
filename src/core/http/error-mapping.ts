import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, type ErrorKind } from '../errors/domain-error.js';
import type { ErrorBody } from './error-body.js';

const KIND_STATUS: Record<ErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export type MappedError = Omit<ErrorBody, 'requestId'> & {
  unexpected: boolean;
  [extra: string]: unknown;
};

function body(statusCode: number, message: string, code?: string, details?: string[]): MappedError {
  return {
    statusCode,
    error: STATUS_TEXT[statusCode] ?? (statusCode >= 500 ? 'Server Error' : 'Client Error'),
    message,
    ...(code ? { code } : {}),
    ...(details ? { details } : {}),
    unexpected: false,
  };
}

// Connection failures from pg, ioredis and Node: the dependency is down, not the request wrong.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

const CONNECTION_LOST =
  /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Query runner already released/i;

/** Turns anything thrown while serving a request into a status and the public error body. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) {
    return { ...error.details, ...body(KIND_STATUS[error.kind], error.message, error.code) };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  if (error instanceof QueryFailedError) return fromDatabase(error as QueryFailedError<Error>);

  const candidate = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof candidate?.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) {
    return body(
      503,
      'A service dondoc depends on is unavailable; try again shortly',
      'unavailable',
    );
  }
  if (
    (typeof candidate?.message === 'string' && CONNECTION_LOST.test(candidate.message)) ||
    // TypeORM: the request's connection died mid-request and was released under it.
    (error as { name?: unknown })?.name === 'QueryRunnerAlreadyReleasedError'
  ) {
    return body(
      503,
      'A service dondoc depends on is unavailable; try again shortly',
      'unavailable',
    );
  }
  // Fastify's own 4xx errors (malformed JSON, wrong content type, body too large).
  if (
    typeof candidate?.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500 &&
    typeof candidate.message === 'string'
  ) {
    return body(candidate.statusCode, candidate.message, fastifyCode(candidate.code));
  }
  return { ...body(500, 'Internal server error', 'internal'), unexpected: true };
}

function fastifyCode(code: unknown): string | undefined {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return 'malformed_json';
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'payload_too_large';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported_media_type';
  return typeof code === 'string' ? code.toLowerCase() : undefined;
}

function fromHttpException(error: HttpException): MappedError {
  const status = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'string') return body(status, response, defaultCode(status, response));
  const payload = response as { message?: unknown; code?: unknown };
  const code = typeof payload.code === 'string' ? payload.code : undefined;
  if (Array.isArray(payload.message)) {
    const details = payload.message.map(String);
    return body(status, details.join('; '), code ?? 'validation_failed', details);
  }
  const message = typeof payload.message === 'string' ? payload.message : error.message;
  // Extra fields a thrower chose to add (health `checks`) pass through; the shape's own are set here.
  const {
    statusCode: _status,
    error: _error,
    message: _message,
    code: _code,
    ...extra
  } = response as Record<string, unknown>;
  return { ...extra, ...body(status, message, code ?? defaultCode(status, message)) };
}

function defaultCode(status: number, message: string): string | undefined {
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  // Nest's Fastify adapter rethrows Fastify's body limit as a PayloadTooLargeException.
  if (status === 413) return 'payload_too_large';
  // Nest's Fastify adapter rethrows a body that fails to parse as a plain 400.
  if (status === 400 && /JSON/.test(message)) return 'malformed_json';
  return undefined;
}

function fromDatabase(error: QueryFailedError<Error>): MappedError {
  const driver = error.driverError as {
    code?: string;
    constraint?: string;
    detail?: string;
    message?: string;
  };
  const constraint = driver.constraint ? ` (${driver.constraint})` : '';
  switch (driver.code ?? '') {
    case '23505':
      return body(409, `Already exists${constraint}`, 'already_exists');
    case '23503':
      // On delete: something still points here. On insert/update: the referenced row is missing.
      return driver.detail?.includes('is still referenced')
        ? body(409, `Still in use${constraint}`, 'still_referenced')
        : body(400, `Refers to something that does not exist${constraint}`, 'invalid_reference');
    case '23502':
      return body(400, 'A required value is missing', 'missing_value');
    case '23514':
      return body(400, `A value is out of range${constraint}`, 'check_violation');
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return body(400, 'A value has the wrong format', 'invalid_value');
    case '40001':
    case '40P01':
      return body(409, 'The record changed at the same time; try again', 'concurrent_update');
    default:
      // A connection the server dropped (restart, failover) carries no SQLSTATE, only its message.
      if (
        (driver.code && UNAVAILABLE_CODES.has(driver.code)) ||
        CONNECTION_LOST.test(driver.message ?? error.message)
      ) {
        return body(503, 'The database is unavailable; try again shortly', 'unavailable');
      }
      return { ...body(500, 'Internal server error', 'internal'), unexpected: true };
  }
}
