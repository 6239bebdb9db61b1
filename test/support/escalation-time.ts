import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/core/clock.js';
import {
  ESCALATION_JOBS,
  ESCALATION_QUEUE,
  SCHEDULING_EVENTS,
} from '../../src/escalation/escalation.constants.js';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

/**
 * Drives escalation time in a test app that runs the escalation worker (RUN_WORKER): the app's
 * injected clock is the only "now", and the planner computes every step job's delay from it. The
 * clock starts far ahead of real time, so BullMQ, which releases a delayed job at its timestamp
 * plus delay on the real clock, never releases a step by itself: `advanceTo` moves the clock from
 * one due instant to the next and promotes the jobs due at each, as BullMQ's timer would — so a
 * step fires with the clock at its instant, after everything due before it.
 */
export class EscalationTime {
  readonly clock: Clock;
  readonly queue: Queue;
  private readonly dataSource: DataSource;

  constructor(t: TestApp) {
    this.clock = t.app.get(Clock);
    this.queue = t.app.get<Queue>(getQueueToken(ESCALATION_QUEUE));
    // The app's own pool: polling opens no connection per probe.
    this.dataSource = t.app.get(DataSource);
  }

  /**
   * Pins the clock a week ahead of real time (whole seconds): jobs planned from it are due a week
   * from now for BullMQ, well past any test.
   */
  start(): Date {
    const start = new Date(Math.floor((Date.now() + 7 * 86_400_000) / 1000) * 1000);
    this.clock.set(start);
    return start;
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * Moves the clock forward to `instant`, stopping at each step job's due instant on the way to
   * promote the jobs due then and wait for them to run; ends settled (see `settled`).
   */
  async advanceTo(instant: Date): Promise<void> {
    if (instant < this.clock.now()) throw new Error('the test clock only moves forward');
    for (;;) {
      await this.settled();
      const pending = await this.delayedSteps();
      const next = Math.min(...pending.map((step) => step.dueAt));
      if (!(next <= instant.getTime())) break;
      if (next > this.clock.now().getTime()) this.clock.set(new Date(next));
      const now = this.clock.now().getTime();
      await Promise.all(
        pending.filter((step) => step.dueAt <= now).map((step) => step.job.promote()),
      );
    }
    this.clock.set(instant);
    await this.settled();
  }

  /**
   * Nothing left to happen at this instant: the scheduling events are drained into jobs, no step
   * job is waiting or running, and none is delayed past its instant on the test clock.
   */
  async settled(timeout = 30_000): Promise<void> {
    await waitFor(
      'the escalation worker to settle',
      async () => {
        const [outbox] = await this.dataSource.query<Array<{ n: number }>>(
          'SELECT count(*)::int AS n FROM outbox_events WHERE processed_at IS NULL AND type = ANY($1)',
          [SCHEDULING_EVENTS],
        );
        if (outbox.n > 0) return false;
        const counts = await this.queue.getJobCounts('wait', 'active', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return false;
        const now = this.clock.now().getTime();
        return (await this.delayedSteps()).every((step) => step.dueAt > now);
      },
      { timeout },
    );
  }

  /** Step jobs BullMQ holds back, with the instant each is due (timestamp + delay). */
  private async delayedSteps(): Promise<Array<{ job: Job; dueAt: number }>> {
    const delayed = await this.queue.getDelayed();
    return delayed
      .filter((job) => job.name === ESCALATION_JOBS.step)
      .map((job) => ({ job, dueAt: job.timestamp + job.delay }));
  }
}
