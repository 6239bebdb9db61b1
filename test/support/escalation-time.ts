import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar/calendar.service.js';
import { AppConfig } from '../../src/core/config/app-config.js';
import { Clock } from '../../src/core/clock.js';
import { EscalationPlanner } from '../../src/escalation/escalation-planner.service.js';
import { EscalationReconciler } from '../../src/escalation/escalation-reconciler.service.js';
import { PeriodEscalationPlanner } from '../../src/escalation/period-escalation-planner.service.js';
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
 *
 * A step has a job only once it is due within the sweep's reach (two sweep periods): planning
 * enqueues no further, and the sweep, which a job scheduler runs every period on the real clock,
 * gives the later steps their job as they come near. Time jumping from one instant to the next
 * would leave that sweep behind, so `advanceTo` runs it as the scheduler would have: one sweep
 * period before each instant a step (of a task or a period, read from the database) is due.
 */
export class EscalationTime {
  readonly clock: Clock;
  readonly queue: Queue;
  private readonly dataSource: DataSource;
  private readonly planner: EscalationPlanner;
  private readonly periodPlanner: PeriodEscalationPlanner;
  private readonly reconciler: EscalationReconciler;
  private readonly calendar: CalendarService;
  private readonly sweepMs: number;

  constructor(t: TestApp) {
    this.clock = t.app.get(Clock);
    this.queue = t.app.get<Queue>(getQueueToken(ESCALATION_QUEUE));
    // The app's own pool: polling opens no connection per probe.
    this.dataSource = t.app.get(DataSource);
    this.planner = t.app.get(EscalationPlanner);
    this.periodPlanner = t.app.get(PeriodEscalationPlanner);
    this.reconciler = t.app.get(EscalationReconciler);
    this.calendar = t.app.get(CalendarService);
    this.sweepMs = t.app.get(AppConfig).get('ESCALATION_RECONCILE_MS');
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
   * Moves the clock forward to `instant`, stopping at each instant a step is due on the way (a
   * step job's, or a step's in the database not yet given its job): the sweep runs one sweep
   * period before it, then the jobs due are promoted and run; ends settled (see `settled`).
   */
  async advanceTo(instant: Date): Promise<void> {
    if (instant < this.clock.now()) throw new Error('the test clock only moves forward');
    for (;;) {
      await this.settled();
      const now = this.clock.now().getTime();
      const jobs = await this.delayedSteps();
      const next = Math.min(...jobs.map((step) => step.dueAt), await this.nextStepDue(now));
      if (!(next <= instant.getTime())) break;
      this.clock.set(new Date(Math.max(now, next - this.sweepMs)));
      await this.reconciler.sweep();
      this.clock.set(new Date(next));
      const due = (await this.delayedSteps()).filter((step) => step.dueAt <= next);
      await Promise.all(due.map((step) => step.job.promote()));
    }
    this.clock.set(instant);
    await this.settled();
  }

  /** The first instant after `after` at which a step still to fire is due, from the database. */
  private async nextStepDue(after: number): Promise<number> {
    let next = Infinity;
    const earliest = (steps: Array<{ dueAt: Date }>) => {
      for (const { dueAt } of steps)
        if (dueAt.getTime() > after) next = Math.min(next, dueAt.getTime());
    };
    let afterId: string | null = null;
    for (;;) {
      const rows = await this.planner.openRows(afterId, 2000);
      if (rows.length === 0) break;
      for (const { steps } of await this.planner.pending(rows)) earliest(steps);
      afterId = rows[rows.length - 1].id;
    }
    const directives = await this.dataSource.query<Array<{ id: string }>>(
      'SELECT id FROM directives',
    );
    const periods = await this.periodPlanner.rowsFor(this.dataSource, {
      taskIds: [],
      directiveIds: directives.map((d) => d.id),
    });
    const calendar = await this.calendar.calendar();
    for (const period of periods) earliest(this.periodPlanner.unfired(period, calendar));
    return next;
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
