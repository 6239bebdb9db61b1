import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';

const NEST_TO_PINO: Record<LogLevel, pino.Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** The process's root logger: JSON lines on stdout, shared by Fastify (request logs) and Nest. */
export function createRootLogger(level: LogLevel, name: string): Pino {
  return pino({
    name,
    level: NEST_TO_PINO[level],
    base: { pid: process.pid, service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials never reach the log, whichever object carries them.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.passwordHash',
        'password',
        'passwordHash',
      ],
      censor: '[redacted]',
    },
  });
}

/**
 * Nest's logger interface over pino, so `new Logger(Class.name)` writes the same JSON lines
 * as Fastify, with the class as `context`.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    // Nest appends the logger's context as the last argument.
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    let text: string | undefined;
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    else text = String(message);
    for (const param of params) {
      if (typeof param === 'string') {
        if (text === undefined) text = param;
        else if (level === 'error') fields.stack = param;
        else text = `${text} ${param}`;
      } else if (param instanceof Error) fields.err = param;
      else if (param !== undefined) Object.assign(fields, { extra: param });
    }
    this.root[level](fields, text);
  }
}
