import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  validateSync,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

const DURATION = /^\d+[smhd]$/;

/** At least `min` bytes once encoded as UTF-8 (a key's strength is in bytes, not characters). */
function MinUtf8Bytes(min: number, options: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'minUtf8Bytes',
      target: target.constructor,
      propertyName: property as string,
      constraints: [min],
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && Buffer.byteLength(value, 'utf8') >= min,
      },
    });
}

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * Every setting dondoc reads from the environment, validated once at boot.
 * Defaults make `npm start` work on a machine with Postgres and Redis at their usual ports.
 */
export class Environment {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like postgres://user:password@host:5432/database',
  })
  DATABASE_URL: string = 'postgres://postgres:postgres@127.0.0.1:5432/dondoc';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key dondoc writes (queues, rate limits); tests use one per file. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'REDIS_PREFIX may hold letters, digits, - and _ only' })
  REDIS_PREFIX: string = 'dondoc';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  // Outside development and test a forgotten secret must stop the boot, not fall back to a default.
  // HS256 wants a key of at least 256 bits (RFC 7518 §3.2): 32 bytes of UTF-8.
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString()
  @MinUtf8Bytes(32, { message: 'JWT_SECRET must be at least 32 bytes (256 bits)' })
  JWT_SECRET?: string;

  /**
   * Outside production, without JWT_SECRET: where this installation keeps the random secret it
   * made for itself (mode 600), shared by its API and worker processes. Relative to the working
   * directory.
   */
  @IsString()
  @IsNotEmpty()
  JWT_SECRET_FILE: string = './data/jwt-secret';

  /** Lifetime of an access token (the bearer token); a refresh token gets a new one. */
  @IsString()
  @Matches(DURATION, { message: 'JWT_EXPIRES_IN must look like 15m, 12h or 7d' })
  JWT_EXPIRES_IN: string = '15m';

  /** Lifetime of a refresh token; each use replaces it with a new one of the same lifetime. */
  @IsString()
  @Matches(DURATION, { message: 'JWT_REFRESH_EXPIRES_IN must look like 15m, 12h or 7d' })
  JWT_REFRESH_EXPIRES_IN: string = '7d';

  @IsBooleanString()
  MIGRATIONS_RUN: string = 'true';

  @IsBooleanString()
  SEED_DEMO: string = 'false';

  /**
   * Let webhooks reach loopback, private, link-local (cloud metadata) and other non-public
   * addresses. Off: an admin's webhook URL must not become a way into dondoc's own network.
   */
  @IsBooleanString()
  OUTBOUND_ALLOW_PRIVATE_TARGETS: string = 'false';

  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits, logs). */
  @IsBooleanString()
  TRUST_PROXY: string = 'false';

  /** PostgreSQL connections per process; mind max_connections × processes. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_MAX: number = 20;

  /** Escalation steps one worker process fires at once (each holds a connection). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  ESCALATION_CONCURRENCY: number = 8;

  /** How often a worker looks for new outbox events (publications, deadline changes). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS: number = 500;

  /** How often the escalation sweep re-creates due steps whose job went missing. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  ESCALATION_RECONCILE_MS: number = 60_000;

  /**
   * Count the entities each request hydrates and log any request over 1,000 (see
   * EntityLoadMonitor). Unset: on outside production.
   */
  @IsOptional()
  @IsBooleanString()
  ENTITY_LOAD_MONITOR?: string;

  /** Run the queue workers inside the API process too (`npm start` does, for small setups). */
  @IsBooleanString()
  RUN_WORKER: string = 'false';

  /** Sắp quá hạn: a task due within this many working days is flagged `dueSoon`. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  TASK_DUE_SOON_WORKING_DAYS: number = 3;

  /** A task without word from its unit for this many working days is flagged `stale`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  TASK_STALE_WORKING_DAYS: number = 5;

  /** Reporting periods (kỳ báo cáo) are created this many days ahead, then rolled forward. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(400)
  PERIOD_HORIZON_DAYS: number = 35;

  /** Compliance ranking: praise (khen) from this completion rate… */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  COMPLIANCE_PRAISE_MIN_COMPLETION: number = 0.9;

  /** …with a late share (completed late + overdue, of completed + overdue) below this. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  COMPLIANCE_PRAISE_MAX_LATE: number = 0.1;

  /** Compliance ranking: criticism (phê bình) below this completion rate. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  COMPLIANCE_CRITICISM_BELOW: number = 0.5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT: number = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS: number = 60;

  /** Uploads (evidence files, directive letters to import or parse) allowed per user per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_LIMIT: number = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_WINDOW_SECONDS: number = 60;

  /** API requests allowed per signed-in user (or per client address when not signed in); 0 = off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  API_RATE_LIMIT: number = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  API_RATE_WINDOW_SECONDS: number = 60;

  /** Where evidence files (minh chứng) are kept, content-addressed; relative to the working directory. */
  @IsString()
  @IsNotEmpty()
  EVIDENCE_DIR: string = './data/evidence';

  /** The largest evidence file accepted, in bytes (20 MB). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  EVIDENCE_MAX_BYTES: number = 20 * 1024 * 1024;

  /** Outbound e-mail (smtp://user:pass@host:587, smtps://…:465); unset, e-mail channels fail visibly. */
  @ValidateIf((env: Environment) => env.SMTP_URL !== undefined)
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must look like smtp://user:password@host:587' })
  SMTP_URL?: string;

  /** The sender of outbound e-mail. */
  @IsString()
  @IsNotEmpty()
  SMTP_FROM: string = 'dondoc <dondoc@localhost>';

  /** Base delay of outbound retries (webhooks, e-mail): doubled after each failed attempt. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  OUTBOUND_BACKOFF_MS: number = 30_000;

  /** How often the worker re-enqueues pending deliveries whose job Redis lost. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  OUTBOUND_SWEEP_MS: number = 30_000;

  /** Unset: readable lines on a terminal outside production, JSON lines otherwise. */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'EnvironmentError';
  }
}

/**
 * Reads and validates the environment. Throws an {@link EnvironmentError} naming every bad
 * variable, so the operator fixes them all in one go.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, pickKnown(raw), {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      // A secret is never echoed into logs, even a bad one.
      const given = hideSecret(error.property, raw[error.property]);
      const reasons = Object.values(error.constraints ?? {}).join(', ');
      return given === undefined || given === ''
        ? `${error.property} is missing (${reasons})`
        : `${error.property}=${typeof given === 'string' ? given : JSON.stringify(given)} is invalid (${reasons})`;
    });
    throw new EnvironmentError(problems);
  }
  if (env.JWT_SECRET === undefined) env.JWT_SECRET = localJwtSecret(env.JWT_SECRET_FILE);
  return env;
}

/**
 * A development or test installation's own secret, made once and kept in `file`: one value
 * shared by every copy of dondoc would let anyone sign tokens for any such installation that is
 * reachable. Production never gets here (JWT_SECRET is required there).
 */
function localJwtSecret(file: string): string {
  const read = () => readFileSync(file, 'utf8').trim();
  try {
    const secret = read();
    if (Buffer.byteLength(secret, 'utf8') < 32) {
      throw new EnvironmentError([
        `${file} holds a JWT secret shorter than 32 bytes; delete it to have a new one made, or set JWT_SECRET`,
      ]);
    }
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // `wx`: when two processes start together, the first file written wins and both read it.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return read();
}

// A secret is never echoed into a log line, even a bad one: only its length is.
function hideSecret(name: string, value: unknown): unknown {
  if (name !== 'JWT_SECRET' || typeof value !== 'string' || value === '') return value;
  return `(hidden, ${Buffer.byteLength(value, 'utf8')} bytes)`;
}

const KNOWN_VARIABLES = new Set([...Object.keys(new Environment()), 'JWT_SECRET', 'SMTP_URL']);

// Only dondoc's own variables, and an empty one (`FOO=`) means "not set", as in shells and compose.
function pickKnown(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => KNOWN_VARIABLES.has(key) && value !== ''),
  );
}
