import type { JobsOptions, WorkerOptions } from 'bullmq';

/** Queue and job names of the escalation engine, and their default options, in one place. */
export const ESCALATION_QUEUE = 'escalation';

export const ESCALATION_JOBS = {
  /** One planned step of one task: { taskId, step, deadlineVersion }. */
  step: 'escalation-step',
  /** The periodic sweep that re-enqueues due steps whose job is missing. */
  reconcile: 'escalation-reconcile',
} as const;

export type EscalationJobName = (typeof ESCALATION_JOBS)[keyof typeof ESCALATION_JOBS];

export interface StepJob {
  taskId: string;
  step: string;
  deadlineVersion: number;
  /** A reporting period's step (`p<n>-…`, deadline version 0): the period. */
  periodId?: string;
}

export const STEP_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
};

/**
 * How many finished step jobs Redis keeps, set on the escalation worker rather than on each job
 * (BullMQ applies the worker's setting to jobs that carry none): the same effect, and each of the
 * thousands of jobs a publication adds is smaller to encode and store.
 */
export const FINISHED_STEP_JOBS = {
  // Completed jobs no longer de-duplicate (the escalations table's unique key does), so keep
  // only a recent few for Bull Board: Redis memory stays bounded however many steps fire.
  removeOnComplete: { age: 3600, count: 1000 },
  // Failed ones (8 attempts spent) stay a week for inspection, at most 5,000 of them.
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
} satisfies Pick<WorkerOptions, 'removeOnComplete' | 'removeOnFail'>;

/** Outbox event types the scheduler consumes. */
export const SCHEDULING_EVENTS = [
  'directive.published',
  'task.deadline_changed',
  'task.closed',
  // A recurrence changed after publication (periods module): plan its new periods.
  'task.periods_changed',
];
