import type { Environment } from './environment.js';

/** The sections of docs/configuration.md, in order. */
export const CONFIGURATION_SECTIONS = [
  'Essentials',
  'Start-up and processes',
  'Database and Redis',
  'Sign-in and rate limits',
  'Tasks and compliance',
  'Evidence files',
  'Notifications',
  'Workers',
  'Logging and diagnostics',
] as const;

export interface VariableDoc {
  section: (typeof CONFIGURATION_SECTIONS)[number];
  /** What it does, in a sentence or two of Markdown. */
  meaning: string;
  /** The default in words, for a variable the class leaves unset. */
  default?: string;
  /** The accepted values in words, where the validators say it badly (patterns). */
  accepts?: string;
}

/**
 * What each variable of {@link Environment} means, for docs/configuration.md
 * (`npm run docs:config`). Typed against the class, so a variable added there without a line here
 * fails to compile; defaults and accepted values come from the class and its validators.
 */
export const ENVIRONMENT_DOCS: { [K in keyof Environment]-?: VariableDoc } = {
  NODE_ENV: {
    section: 'Essentials',
    meaning:
      '`production` requires `JWT_SECRET`, refuses `SEED_DEMO=true` and turns the entity-load monitor off by default.',
  },
  DATABASE_URL: {
    section: 'Essentials',
    meaning:
      'PostgreSQL. The database is created at start-up when the server has none by that name.',
    accepts: '`postgres://user:password@host:5432/database` (`postgresql://` too)',
  },
  REDIS_URL: {
    section: 'Essentials',
    meaning:
      'Redis, for the queues and the rate limits. It must run with `maxmemory-policy noeviction`, or start-up stops.',
    accepts: '`redis://host:6379` or `rediss://…`',
  },
  PORT: { section: 'Essentials', meaning: 'The port the API listens on.' },
  HOST: { section: 'Essentials', meaning: 'The address the API listens on.' },
  JWT_SECRET: {
    section: 'Essentials',
    meaning:
      'The key that signs access tokens (HS256). **Required** with `NODE_ENV=production`, or start-up stops naming it; the value is never printed.',
    default:
      'outside production: a random key made once per installation and kept in `JWT_SECRET_FILE`',
    accepts: 'at least 32 bytes',
  },
  JWT_SECRET_FILE: {
    section: 'Sign-in and rate limits',
    meaning:
      'Outside production, when `JWT_SECRET` is unset: where the installation keeps the random key it made (mode 600), shared by the API and the worker. Unused in production.',
  },
  REDIS_PREFIX: {
    section: 'Database and Redis',
    meaning:
      'Prefix of every Redis key dondoc writes (queues, rate limits); tests use one per file.',
    accepts: 'letters, digits, `-` and `_`',
  },
  JWT_EXPIRES_IN: {
    section: 'Sign-in and rate limits',
    meaning: 'Lifetime of an access token (the bearer token); a refresh token gets a new one.',
    accepts: 'a number and `s`, `m`, `h` or `d` (`15m`, `12h`, `7d`)',
  },
  JWT_REFRESH_EXPIRES_IN: {
    section: 'Sign-in and rate limits',
    meaning:
      'Lifetime of a refresh token; each use spends it and gives a new one of the same lifetime.',
    accepts: 'a number and `s`, `m`, `h` or `d`',
  },
  MIGRATIONS_RUN: {
    section: 'Start-up and processes',
    meaning:
      'Run pending migrations at start-up, under an advisory lock (the API only: the worker never migrates). Set `false` to run `npm run migration:run` as a release step instead.',
  },
  SEED_DEMO: {
    section: 'Start-up and processes',
    meaning:
      'Load the demo province (Hưng Yên: its committee, departments and ten districts, An Thi in full) and its letters (2136 published by the province, 451 carried down by An Thi) at start-up, adding only what is missing. Refused with `NODE_ENV=production`: the demo passwords are public. `npm start` sets it to `true` unless it is set.',
  },
  TRUST_PROXY: {
    section: 'Start-up and processes',
    meaning:
      'Behind a reverse proxy: take the client address from `X-Forwarded-For` (rate limits, logs).',
  },
  RUN_WORKER: {
    section: 'Start-up and processes',
    meaning:
      'Run the queue workers (outbox drain, escalation, outbound deliveries) inside the API process too. `npm start` sets it to `true` unless it is set; `npm run start:worker` runs them apart.',
  },
  DATABASE_POOL_MAX: {
    section: 'Database and Redis',
    meaning:
      'PostgreSQL connections per process: processes × this must stay under the server’s `max_connections`.',
  },
  ESCALATION_CONCURRENCY: {
    section: 'Workers',
    meaning: 'Escalation steps one worker process fires at once (each holds a connection).',
  },
  OUTBOX_POLL_MS: {
    section: 'Workers',
    meaning:
      'How often a worker looks for new outbox events (publications, deadline changes), in ms. A publication also wakes the workers at once through `NOTIFY`.',
  },
  ESCALATION_RECONCILE_MS: {
    section: 'Workers',
    meaning:
      'How often the escalation sweep runs, in ms. It gives their job to the steps due within two such periods (steps are enqueued only that far ahead) and back to those that lost it (Redis flushed, a worker killed).',
  },
  ENTITY_LOAD_MONITOR: {
    section: 'Logging and diagnostics',
    meaning:
      'Count the entities each request hydrates and log any request over 1,000 (an interceptor on every route).',
    default: '`true` outside production, `false` in it',
  },
  TASK_DUE_SOON_WORKING_DAYS: {
    section: 'Tasks and compliance',
    meaning: 'Sắp quá hạn: a task due within this many working days is flagged `dueSoon`.',
  },
  TASK_STALE_WORKING_DAYS: {
    section: 'Tasks and compliance',
    meaning:
      'A task without word from its unit for this many working days, while it is the unit’s turn, is flagged `stale`.',
  },
  PERIOD_HORIZON_DAYS: {
    section: 'Tasks and compliance',
    meaning:
      'Reporting periods (kỳ báo cáo) of a recurring task are created at publication for this many days ahead (at least the next period), and the escalation sweep rolls them forward.',
  },
  COMPLIANCE_PRAISE_MIN_COMPLETION: {
    section: 'Tasks and compliance',
    meaning: 'The ranking praises (khen) a unit from this completion rate…',
  },
  COMPLIANCE_PRAISE_MAX_LATE: {
    section: 'Tasks and compliance',
    meaning: '…with a late share (completed late + overdue, of completed + overdue) below this.',
  },
  COMPLIANCE_CRITICISM_BELOW: {
    section: 'Tasks and compliance',
    meaning: 'The ranking criticises (phê bình) a unit below this completion rate.',
  },
  LOGIN_RATE_LIMIT: {
    section: 'Sign-in and rate limits',
    meaning:
      'Sign-in attempts per client address per window, counted in Redis (shared by every instance); then 429 with `Retry-After`.',
  },
  LOGIN_RATE_WINDOW_SECONDS: {
    section: 'Sign-in and rate limits',
    meaning: 'The window of `LOGIN_RATE_LIMIT`, in seconds.',
  },
  UPLOAD_RATE_LIMIT: {
    section: 'Sign-in and rate limits',
    meaning: 'Uploads (evidence files, directive letters to import or parse) per user per window.',
  },
  UPLOAD_RATE_WINDOW_SECONDS: {
    section: 'Sign-in and rate limits',
    meaning: 'The window of `UPLOAD_RATE_LIMIT`, in seconds.',
  },
  API_RATE_LIMIT: {
    section: 'Sign-in and rate limits',
    meaning:
      'API requests per signed-in user (per client address when not signed in) per window, on every route; `0` switches it off (load tests).',
  },
  API_RATE_WINDOW_SECONDS: {
    section: 'Sign-in and rate limits',
    meaning: 'The window of `API_RATE_LIMIT`, in seconds.',
  },
  EVIDENCE_DIR: {
    section: 'Evidence files',
    meaning:
      'Where evidence files (minh chứng) are kept, content-addressed; relative to the working directory. Back it up with the database.',
  },
  EVIDENCE_MAX_BYTES: {
    section: 'Evidence files',
    meaning:
      'The largest evidence file accepted, in bytes (20 MB); above it, 413 `file_too_large`.',
  },
  SMTP_URL: {
    section: 'Notifications',
    meaning:
      'The outbound e-mail server. Unset, e-mail deliveries fail at once with that reason (and are listed as failed).',
    default: 'unset',
    accepts: '`smtp://user:password@host:587` or `smtps://…:465`',
  },
  SMTP_FROM: { section: 'Notifications', meaning: 'The sender of outbound e-mail.' },
  OUTBOUND_ALLOW_PRIVATE_TARGETS: {
    section: 'Notifications',
    meaning:
      'Allow webhooks to loopback, private, link-local, metadata and other reserved addresses (checked on every resolved address at delivery, and on literal addresses when a channel is saved). Off, such a target is refused with `private_webhook_target`.',
  },
  OUTBOUND_BACKOFF_MS: {
    section: 'Notifications',
    meaning:
      'First retry delay of a failed webhook or e-mail, in ms, doubled after each attempt (5 attempts: 30 s, 1, 2, 4 min by default).',
  },
  OUTBOUND_SWEEP_MS: {
    section: 'Notifications',
    meaning:
      'How often the worker re-enqueues pending deliveries whose job Redis no longer has, in ms.',
  },
  LOG_FORMAT: {
    section: 'Logging and diagnostics',
    meaning:
      '`json`: one JSON object per line (for log collectors). `pretty`: one readable line per entry.',
    default: '`pretty` when stdout is a terminal and `NODE_ENV` is not `production`, else `json`',
  },
  LOG_LEVEL: {
    section: 'Logging and diagnostics',
    meaning:
      'The least severe level written. Nest’s start-up lines (one per module and per route) are `debug`.',
  },
};
