import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../core/config/app-config.js';
import { Clock } from '../core/clock.js';
import { REDIS } from '../core/redis.token.js';
import { EscalationPlanner } from './escalation-planner.service.js';
import { ESCALATION_JOBS, ESCALATION_QUEUE } from './escalation.constants.js';
import { PeriodEscalationPlanner } from './period-escalation-planner.service.js';
import { PeriodScheduler } from '../periods/period-scheduler.service.js';

const PAGE = 2000;

// Kept in Redis (under REDIS_PREFIX) while workers run; its absence means Redis lost its data.
const REDIS_MARKER = 'escalation:redis-alive';

/**
 * The periodic sweep: the database says which steps should exist (it is the schedule); any step
 * due within the sweep's reach (two periods) that has no escalation row and no job gets its job.
 * That is how steps get their job as they come near (planning enqueues only what is within that
 * reach), and why a flushed or lost Redis loses nothing and the outbox need not be perfect.
 */
@Injectable()
export class EscalationReconciler {
  private readonly logger = new Logger(EscalationReconciler.name);
  private scheduleCheckedAt = 0;
  private markerSeen = false;

  constructor(
    private readonly planner: EscalationPlanner,
    private readonly periodPlanner: PeriodEscalationPlanner,
    private readonly periods: PeriodScheduler,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectQueue(ESCALATION_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Called on every outbox tick. Notices within a tick that Redis lost its data (FLUSHALL, or a
   * restart without persistence) by a marker key it keeps there, and then sweeps at once, so every
   * due step has its job back well within one sweep period rather than up to a period later.
   * Also makes sure the sweep's job scheduler exists: it lives in Redis, so a flush removes it too
   * (the upsert is idempotent, one schedule however many workers check).
   */
  async ensureSchedule(): Promise<void> {
    const every = this.config.get('ESCALATION_RECONCILE_MS');
    const fresh = (await this.redis.set(REDIS_MARKER, new Date().toISOString(), 'NX')) === 'OK';
    if (fresh && this.markerSeen) {
      // Only the worker whose SET won sweeps; the others find the marker back.
      const restored = await this.sweep();
      this.logger.warn(`Redis lost its data (marker gone): swept at once, ${restored} restored`);
    }
    this.markerSeen = true;
    if (!fresh && Date.now() - this.scheduleCheckedAt < Math.min(every / 2, 10_000)) return;
    this.scheduleCheckedAt = Date.now();
    if (await this.scheduleIsAlive()) return;
    // A scheduler whose next run is gone would never run again: replace it.
    await this.queue.removeJobScheduler(ESCALATION_JOBS.reconcile);
    // Finished sweeps are kept as finished steps are (the worker's FINISHED_STEP_JOBS): BullMQ
    // trims a queue's whole completed or failed set to the count of the job that just finished,
    // so a count of its own here would cut the steps' sets to it at every sweep.
    await this.queue.upsertJobScheduler(
      ESCALATION_JOBS.reconcile,
      { every },
      { name: ESCALATION_JOBS.reconcile },
    );
  }

  /** The sweep's scheduler exists and its next run is a job waiting to run (or running). */
  private async scheduleIsAlive(): Promise<boolean> {
    const scheduler = await this.queue.getJobScheduler(ESCALATION_JOBS.reconcile);
    if (!scheduler?.next) return false;
    const next = await this.queue.getJob(`repeat:${ESCALATION_JOBS.reconcile}:${scheduler.next}`);
    if (!next) return false;
    const state = await next.getState();
    return state !== 'unknown' && state !== 'failed';
  }

  /**
   * The sweep: reporting periods first (misses stored, closed tasks' periods cancelled, new
   * periods rolled forward), then every step and period rung due within its reach without a job.
   * Most of what it adds is coming near (planned only now); a step that was already within the
   * previous sweep's reach and has no job is one Redis lost, and is told apart in the log.
   * Returns the jobs added.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    await this.periods.tick(now);
    const horizon = this.planner.sweepHorizon(now);
    const added = await this.periodPlanner.restore(horizon);
    let after: string | null = null;
    for (;;) {
      const rows = await this.planner.openRows(after, PAGE);
      if (rows.length === 0) break;
      added.push(...(await this.planner.restore(rows, horizon)));
      after = rows[rows.length - 1].id;
    }
    const { near, lost } = this.planner.sweepTally(added, now);
    if (near > 0) this.logger.log(`sweep: ${near} steps given their job as they came near`);
    if (lost > 0) this.logger.warn(`sweep: restored ${lost} escalation jobs Redis had lost`);
    return added.length;
  }
}
