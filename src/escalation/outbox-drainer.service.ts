import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../core/config/app-config.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { Outbox } from '../core/outbox/outbox.js';
import { OutboxListener } from '../core/outbox/outbox-listener.js';
import { EscalationPlanner } from './escalation-planner.service.js';
import { EscalationReconciler } from './escalation-reconciler.service.js';
import { SCHEDULING_EVENTS } from './escalation.constants.js';
import { PeriodEscalationPlanner } from './period-escalation-planner.service.js';
import { PeriodScheduler } from '../periods/period-scheduler.service.js';
import { Clock } from '../core/clock.js';

interface OutboxPayload {
  directiveId?: string;
  taskId?: string;
}

const BATCH = 200;

/**
 * Drains the transactional outbox into BullMQ: events written with a publication, an approved
 * extension or a closed task become scheduled jobs. An event is marked processed in the same
 * transaction that read it, only after its jobs were added; if Redis is down the transaction
 * rolls back and the events wait. Workers share the work with FOR UPDATE SKIP LOCKED.
 */
@Injectable()
export class OutboxDrainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxDrainer.name);
  private readonly listener: OutboxListener;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private busy = false;
  private wakeRequested = false;
  private stopped = false;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly planner: EscalationPlanner,
    private readonly periodPlanner: PeriodEscalationPlanner,
    private readonly periods: PeriodScheduler,
    private readonly clock: Clock,
    private readonly reconciler: EscalationReconciler,
    private readonly config: AppConfig,
  ) {
    this.listener = new OutboxListener(
      config.databaseUrl,
      () => this.wake(),
      (message) => this.logger.warn(message),
    );
  }

  onApplicationBootstrap(): void {
    this.listener.start();
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listener.stop();
    await this.running;
  }

  /** A publication committed: drain now rather than at the next poll. */
  private wake(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.tick();
  }

  private tick(): void {
    if (this.stopped) return;
    this.timer = null;
    this.busy = true;
    this.wakeRequested = false;
    this.running = this.drainAll()
      .then(() => this.reconciler.ensureSchedule())
      .catch((error: unknown) =>
        this.logger.warn(`outbox drain failed, will retry: ${String(error)}`),
      )
      .finally(() => {
        this.busy = false;
        if (this.stopped) return;
        if (this.wakeRequested) this.tick();
        else this.timer = setTimeout(() => this.tick(), this.config.get('OUTBOX_POLL_MS'));
      });
  }

  /** Drains until the outbox is empty; returns how many events were handled. */
  async drainAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.drainBatch();
      total += handled;
      if (handled < BATCH || this.stopped) return total;
    }
  }

  private async drainBatch(): Promise<number> {
    const started = Date.now();
    return this.transactions.run(async (manager) => {
      const events = await Outbox.claim<OutboxPayload>(manager, SCHEDULING_EVENTS, BATCH);
      if (events.length === 0) return 0;
      const directiveIds = events.flatMap((event) =>
        event.payload.directiveId ? [event.payload.directiveId] : [],
      );
      const taskIds = events.flatMap((event) =>
        event.payload.taskId ? [event.payload.taskId] : [],
      );
      // A closed task's open periods not yet due are cancelled with the event's drain.
      const closed = events.flatMap((event) =>
        event.type === 'task.closed' && event.payload.taskId ? [event.payload.taskId] : [],
      );
      await this.periods.closeTasks(manager, closed, this.clock.now());
      // Closed tasks plan nothing: their old jobs find nothing to do when they fire.
      const { tasks, jobs } = await this.planner.schedule(manager, { taskIds, directiveIds });
      const periodJobs = await this.periodPlanner.schedule(manager, { taskIds, directiveIds });
      await Outbox.markProcessed(
        manager,
        events.map((e) => e.id),
      );
      this.logger.log(
        `outbox: ${events.length} events, ${tasks} tasks, ${jobs + periodJobs} jobs in ${Date.now() - started} ms`,
      );
      return events.length;
    });
  }
}
