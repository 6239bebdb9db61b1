import { InjectQueue } from '@nestjs/bullmq';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { In, Repository } from 'typeorm';
import { AppConfig } from '../core/config/app-config.js';
import {
  type DeliverJob,
  deliveryJobId,
  OUTBOUND_QUEUE,
  SWEEP_BATCH,
} from './notifications.constants.js';
import { OutboundDelivery } from './outbound-delivery.entity.js';
import { OutboundDispatch } from './outbound-dispatch.service.js';

export interface SweepResult {
  pending: number;
  enqueued: number;
  failed: number;
}

/**
 * Every OUTBOUND_SWEEP_MS (worker only): pending deliveries whose job Redis no longer has — a
 * flush, a lost post-commit enqueue, a crash — are enqueued again under their deterministic job
 * id. An interval in the process, not a BullMQ repeatable job, because a flushed Redis would
 * lose the schedule too. No lock between workers: every step is idempotent (the job id and the
 * delivery's row lock de-duplicate), so two sweeps at once only repeat cheap reads.
 */
@Injectable()
export class OutboundSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectRepository(OutboundDelivery) private readonly deliveries: Repository<OutboundDelivery>,
    @InjectQueue(OUTBOUND_QUEUE) private readonly queue: Queue<DeliverJob>,
    private readonly dispatch: OutboundDispatch,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.outboundSweepMs);
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then(
        (result) => {
          if (result.enqueued || result.failed) {
            this.logger.log(
              `sweep: ${result.pending} pending, ${result.enqueued} re-enqueued, ${result.failed} marked failed`,
            );
          }
        },
        (error: unknown) => this.logger.warn(`sweep failed: ${String(error)}`),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** One round; public so an operator script or a test can run it on demand. */
  async sweep(): Promise<SweepResult> {
    const pending = await this.deliveries.find({
      select: { id: true },
      where: { status: 'pending' },
      order: { createdAt: 'ASC' },
      take: SWEEP_BATCH,
    });
    const missing: string[] = [];
    const exhausted = new Map<string, string>();
    for (const { id } of pending) {
      const job = await this.queue.getJob(deliveryJobId(id));
      if (!job) {
        missing.push(id);
        continue;
      }
      const state = await job.getState();
      // The queue gave up but the row never heard (its last update was lost): record the failure.
      if (state === 'failed') exhausted.set(id, job.failedReason || 'the queue gave up');
      // Finished without settling the row, or a leftover of a retried delivery: run it again.
      if (state === 'completed') {
        await job.remove();
        missing.push(id);
      }
    }
    // Only what is still pending now: a delivery may have been sent while we looked.
    const stillPending = missing.length
      ? (
          await this.deliveries.find({
            select: { id: true },
            where: { id: In(missing), status: 'pending' },
          })
        ).map((row) => row.id)
      : [];
    await this.dispatch.enqueue(stillPending);
    let failed = 0;
    for (const [id, reason] of exhausted) {
      const result = await this.deliveries.update(
        { id, status: 'pending' },
        { status: 'failed', lastError: reason.slice(0, 2000) },
      );
      failed += result.affected ?? 0;
    }
    for (const id of stillPending) this.logger.log(`delivery ${id}: job missing, re-enqueued`);
    return { pending: pending.length, enqueued: stillPending.length, failed };
  }
}
