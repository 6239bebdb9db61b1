import { createRequire } from 'node:module';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { NodeEnv } from '../config/environment.js';

const NEST_TO_PINO: Record<LogLevel, pino.Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines for machines (production, files, pipes, log collectors); readable lines for a person
 * at a terminal. LOG_FORMAT, when set, decides; unset, a terminal outside production gets pretty.
 */
export function chooseLogFormat(
  env: { LOG_FORMAT?: LogFormat; NODE_ENV: NodeEnv },
  stdoutIsTerminal: boolean = process.stdout.isTTY === true,
): LogFormat {
  if (env.LOG_FORMAT !== undefined) return env.LOG_FORMAT;
  return stdoutIsTerminal && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/**
 * The process's root logger, shared by Fastify (request logs) and Nest: JSON lines on stdout, or
 * with `pretty` one readable line per entry (pino-pretty in this thread, written synchronously so
 * nothing is lost when the process exits).
 */
export function createRootLogger(
  level: LogLevel,
  name: string,
  format: LogFormat = 'json',
  destination?: pino.DestinationStream,
): Pino {
  const options: pino.LoggerOptions = {
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
  };
  if (format === 'pretty') return pino(options, prettyStream(destination));
  return destination ? pino(options, destination) : pino(options);
}

// The fields a request line carries, written into its message instead of after it.
const REQUEST_FIELDS = ['method', 'url', 'statusCode', 'responseTime', 'remoteAddress'];

function prettyStream(destination?: pino.DestinationStream): PinoPretty.PrettyStream {
  // Loaded only for a terminal: JSON-logging processes (production, tests) skip its start-up cost.
  const build = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return build({
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    ignore: ['pid', 'hostname', 'name', 'service', 'context', ...REQUEST_FIELDS].join(','),
    messageFormat: (log, messageKey) => {
      const text = log[messageKey];
      const message = typeof text === 'string' ? text : '';
      if (typeof log.statusCode === 'number' && typeof log.method === 'string') {
        return `${log.method} ${String(log.url)} ${log.statusCode} ${String(log.responseTime)} ms`;
      }
      return typeof log.context === 'string' ? `${log.context}: ${message}` : message;
    },
    ...(destination ? { destination } : {}),
  });
}

/**
 * Nest's start-up chatter: a line per module initialised and per route mapped (hundreds here).
 * Useful when debugging the wiring, noise otherwise: written at debug level instead of info.
 */
const NEST_WIRING_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/**
 * Nest's logger interface over pino, so `new Logger(Class.name)` writes the same JSON lines
 * as Fastify, with the class as `context`.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    const wiring = typeof context === 'string' && NEST_WIRING_CONTEXTS.has(context);
    this.write(wiring ? 'debug' : 'info', message, params);
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
