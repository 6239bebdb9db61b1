import { parseDatabaseUrl } from '../database/database-url.js';
import { ensureDatabaseExists, runMigrationsLocked } from '../database/database-bootstrap.js';
import type { DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment.js';
import {
  createRequestRedis,
  describeRedis,
  maxmemoryPolicy,
  REQUIRED_MAXMEMORY_POLICY,
} from '../queue/redis.js';

/** A start-up problem the operator must fix; `main` prints its message as one line and exits. */
export class StartupError extends Error {
  override name = 'StartupError';
}

function reason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code && message && !message.includes(code)
    ? `${code}: ${message}`
    : (message ?? String(error));
}

/** Reaches PostgreSQL, creating the database when the server has none by that name yet. */
export async function preparePostgres(env: Environment): Promise<{ created: boolean }> {
  const target = parseDatabaseUrl(env.DATABASE_URL);
  try {
    return { created: await ensureDatabaseExists(env.DATABASE_URL) };
  } catch (error) {
    throw new StartupError(
      `cannot reach PostgreSQL at ${target.host}:${target.port} (${reason(error)}). ` +
        'Start it with "docker compose up -d postgres" or your distribution\'s service ' +
        '(e.g. pg_ctlcluster 15 main start), or set DATABASE_URL; see README, "Postgres and Redis".',
    );
  }
}

export async function checkRedis(env: Environment): Promise<void> {
  const redis = createRequestRedis(env.REDIS_URL, { retryStrategy: () => null });
  // Without a listener ioredis reports the failed connection a second time as an unhandled error.
  redis.on('error', () => undefined);
  let policy: string | undefined;
  try {
    await redis.connect();
    await redis.ping();
    policy = await maxmemoryPolicy(redis);
  } catch (error) {
    throw new StartupError(
      `cannot reach Redis at ${describeRedis(env.REDIS_URL)} (${reason(error)}). ` +
        'Start it with "docker compose up -d redis" or your distribution\'s service ' +
        '(e.g. redis-server --daemonize yes), or set REDIS_URL; see README, "Postgres and Redis".',
    );
  } finally {
    redis.disconnect();
  }
  // BullMQ keeps jobs in Redis: a server that may evict keys under memory pressure silently loses
  // queued escalations, so refuse to start rather than find out later.
  if (policy !== REQUIRED_MAXMEMORY_POLICY) {
    throw new StartupError(
      `Redis at ${describeRedis(env.REDIS_URL)} has maxmemory-policy ${policy ?? 'unknown'}; ` +
        `the job queues need ${REQUIRED_MAXMEMORY_POLICY} (else Redis may evict queued jobs). ` +
        `Set "maxmemory-policy ${REQUIRED_MAXMEMORY_POLICY}" in redis.conf or run ` +
        `"redis-cli CONFIG SET maxmemory-policy ${REQUIRED_MAXMEMORY_POLICY}"; see README, "Postgres and Redis".`,
    );
  }
}

export async function migrate(database: DataSourceOptions): Promise<string[]> {
  try {
    return await runMigrationsLocked(database);
  } catch (error) {
    throw new StartupError(`database migration failed: ${reason(error)}`);
  }
}
