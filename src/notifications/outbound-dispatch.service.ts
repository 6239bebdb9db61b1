import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import {
  type DeliverJob,
  deliveryJobId,
  OUTBOUND_JOBS,
  OUTBOUND_QUEUE,
} from './notifications.constants.js';

// Where a transaction's new delivery ids wait for its commit (QueryRunner.data is TypeORM's
// per-connection scratch space, meant for sharing with subscribers).
const PENDING_KEY = 'dondoc.outboundDeliveries';

/**
 * Puts deliveries on the `outbound` queue. The pending `outbound_deliveries` rows are the outbox:
 * they commit or roll back with the caller's change, and the queue only ever carries their ids.
 * Right after a commit, the new ids are enqueued (fast path, fire and forget); if that is lost —
 * Redis down, the process gone, keys flushed — the worker's sweep enqueues them again. Job ids are
 * deterministic, so enqueuing twice adds one job, and the processor re-checks the row's status.
 */
@Injectable()
export class OutboundDispatch implements EntitySubscriberInterface {
  private readonly logger = new Logger(OutboundDispatch.name);

  constructor(
    @InjectQueue(OUTBOUND_QUEUE) private readonly queue: Queue<DeliverJob>,
    dataSource: DataSource,
  ) {
    dataSource.subscribers.push(this);
  }

  /** Enqueues the deliveries once the manager's transaction commits (at once without one). */
  afterCommit(manager: EntityManager, deliveryIds: string[]): void {
    if (deliveryIds.length === 0) return;
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      this.enqueueSoon(deliveryIds);
      return;
    }
    const pending = (runner.data[PENDING_KEY] as string[] | undefined) ?? [];
    runner.data[PENDING_KEY] = [...pending, ...deliveryIds];
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Releasing a savepoint also "commits": wait for the outermost transaction.
    if (event.queryRunner.isTransactionActive) return;
    const ids = event.queryRunner.data[PENDING_KEY] as string[] | undefined;
    if (!ids) return;
    delete event.queryRunner.data[PENDING_KEY];
    this.enqueueSoon(ids);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete event.queryRunner.data[PENDING_KEY];
  }

  /** Adds one job per delivery; an id whose job already exists adds nothing. */
  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: OUTBOUND_JOBS.deliver,
        data: { deliveryId },
        opts: { jobId: deliveryJobId(deliveryId) },
      })),
    );
  }

  // Never inside the caller's commit path: a Redis outage must not hold a transaction up.
  private enqueueSoon(deliveryIds: string[]): void {
    this.enqueue(deliveryIds).then(
      () => this.logger.debug(`enqueued deliveries ${deliveryIds.join(', ')}`),
      (error: unknown) =>
        this.logger.warn(
          `deliveries ${deliveryIds.join(', ')} not enqueued now (${String(error)}); the sweep will`,
        ),
    );
  }
}
