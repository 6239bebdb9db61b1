import type { JobsOptions } from 'bullmq';

/** Queue and job names of outbound notifications, and their default options, in one place. */
export const OUTBOUND_QUEUE = 'outbound';

export const OUTBOUND_JOBS = {
  /** Send one outbound delivery: { deliveryId }. */
  deliver: 'outbound-deliver',
} as const;

export type OutboundJobName = (typeof OUTBOUND_JOBS)[keyof typeof OUTBOUND_JOBS];

export interface DeliverJob {
  deliveryId: string;
}

/** Deterministic: a re-enqueued delivery collides with its own job (no ':', never numeric). */
export const deliveryJobId = (deliveryId: string): string => `out-${deliveryId}`;

/** Tries per delivery (the first and four retries) before it is left `failed`. */
export const OUTBOUND_ATTEMPTS = 5;

/** Webhook calls give up after this long; the attempt counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Deliveries processed at once by one worker (each may hold a row lock while it sends). */
export const OUTBOUND_CONCURRENCY = 5;

/** Pending deliveries the sweep looks at per round, oldest first. */
export const SWEEP_BATCH = 500;

/**
 * Default options of every job on the queue. Exponential backoff: base, 2×, 4×, 8× the base
 * delay (OUTBOUND_BACKOFF_MS) between the five attempts.
 */
export function outboundJobOptions(backoffMs: number): JobsOptions {
  return {
    attempts: OUTBOUND_ATTEMPTS,
    backoff: { type: 'exponential', delay: backoffMs },
    // Completed jobs no longer de-duplicate; the delivery's status (under a row lock) does.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
