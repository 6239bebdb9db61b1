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
    ...extra,
  });
}

/** Options for BullMQ's connections: they must wait for Redis rather than give up. */
export function bullConnection(url: string): BullRedisOptions {
  return { url, maxRetriesPerRequest: null };
}
