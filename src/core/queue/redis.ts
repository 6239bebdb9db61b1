import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is, without the password, for messages. */
export function describeRedis(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 6379}`;
}

/**
 * A client for request-time use (health, rate limits): it fails a command at once while Redis is
 * down instead of queueing it, so requests answer quickly rather than hang.
 */
export function createRequestRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: reconnectDelay,
    ...extra,
  });
}

/**
 * Reconnect quickly and keep trying: 200 ms, 400 ms … then every 2 s. BullMQ's own default grows
 * to 20 s between tries, so workers could sit idle that long after Redis came back.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 200, 2000);
}

/**
 * Options for BullMQ's connections: workers and the outbox drainer wait for Redis rather than give
 * up (their commands queue until it is back). Request paths must not wait on these: see QueueGate.
 */
export function bullConnection(url: string): BullRedisOptions {
  return { url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
}

/** The eviction policy BullMQ needs: any other lets Redis drop queued jobs under memory pressure. */
export const REQUIRED_MAXMEMORY_POLICY = 'noeviction';

/**
 * The server's `maxmemory-policy`, read from INFO (which managed services allow even where they
 * rename or disable CONFIG).
 */
export async function maxmemoryPolicy(redis: Redis): Promise<string | undefined> {
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}
