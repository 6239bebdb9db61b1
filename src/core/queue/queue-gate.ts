import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../errors/domain-error.js';
import { REDIS } from '../redis.token.js';

/** How long a request waits on the queue before it answers 503. */
export const QUEUE_REQUEST_TIMEOUT_MS = 1500;

export class QueueUnavailableError extends DomainError {
  constructor() {
    super(
      'unavailable',
      'queue_unavailable',
      'The job queue (Redis) is unavailable; try again shortly',
    );
  }
}

/**
 * Guards request paths that touch the job queue. BullMQ's connections wait for Redis to come back
 * (what workers need), so a request calling the queue directly would hang for the whole outage.
 * The gate first pings through the request-time client, which fails at once while Redis is down,
 * and bounds the queue call itself, so the caller gets a 503 within QUEUE_REQUEST_TIMEOUT_MS.
 */
@Injectable()
export class QueueGate {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Throws QueueUnavailableError unless Redis answers now. Call before changing anything. */
  async assertUp(): Promise<void> {
    try {
      await within(this.redis.ping(), QUEUE_REQUEST_TIMEOUT_MS);
    } catch {
      throw new QueueUnavailableError();
    }
  }

  /** Runs a queue operation, or throws QueueUnavailableError when Redis is down or too slow. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    await this.assertUp();
    try {
      return await within(operation(), QUEUE_REQUEST_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof TimeoutError) throw new QueueUnavailableError();
      throw error;
    }
  }
}

class TimeoutError extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  // A late rejection of the abandoned operation must not surface as unhandled.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
