import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../core/config/app-config.js';
import { Clock } from '../core/clock.js';
import { EscalationPlanner } from './escalation-planner.service.js';
import { ESCALATION_JOBS, ESCALATION_QUEUE } from './escalation.constants.js';

const PAGE = 2000;

/**
 * The periodic sweep: the database says which steps should exist; any step due before the next
 * sweep (plus a margin) that has no escalation row and no job gets its job back. So a flushed or
 * lost Redis loses nothing, and the outbox need not be perfect for correctness.
 */
@Injectable()
export class EscalationReconciler {
  private scheduleCheckedAt = 0;

  constructor(
    private readonly planner: EscalationPlanner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectQueue(ESCALATION_QUEUE) private readonly queue: Queue,
  ) {}

  /**
   * Makes sure the sweep's job scheduler exists. It lives in Redis, so a flush removes it too;
   * every worker checks now and then (the upsert is idempotent, one schedule in all).
   */
  async ensureSchedule(): Promise<void> {
    const every = this.config.get('ESCALATION_RECONCILE_MS');
    if (Date.now() - this.scheduleCheckedAt < Math.min(every, 10_000)) return;
    this.scheduleCheckedAt = Date.now();
    if (await this.queue.getJobScheduler(ESCALATION_JOBS.reconcile)) return;
    await this.queue.upsertJobScheduler(
      ESCALATION_JOBS.reconcile,
      { every },
      { name: ESCALATION_JOBS.reconcile, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async sweep(): Promise<number> {
    const horizon = new Date(
      this.clock.now().getTime() + 2 * this.config.get('ESCALATION_RECONCILE_MS'),
    );
    let restored = 0;
    let after: string | null = null;
    for (;;) {
      const rows = await this.planner.openRows(after, PAGE);
      if (rows.length === 0) return restored;
      restored += await this.planner.restore(rows, horizon);
      after = rows[rows.length - 1].id;
    }
  }
}
