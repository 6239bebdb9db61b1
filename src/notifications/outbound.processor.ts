import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { OutboundDeliverer } from './outbound-deliverer.service.js';
import {
  type DeliverJob,
  OUTBOUND_CONCURRENCY,
  OUTBOUND_JOBS,
  OUTBOUND_QUEUE,
  type OutboundJobName,
} from './notifications.constants.js';

/** The one processor of the `outbound` queue (worker process only). */
@Processor(OUTBOUND_QUEUE, { concurrency: OUTBOUND_CONCURRENCY })
export class OutboundProcessor extends WorkerHost {
  private readonly logger = new Logger(OutboundProcessor.name);

  // Typed by job name: a job name without a handler does not compile.
  private readonly handlers: Record<OutboundJobName, (job: Job) => Promise<string>> = {
    [OUTBOUND_JOBS.deliver]: (job) => this.deliver(job as Job<DeliverJob>),
  };

  constructor(private readonly deliverer: OutboundDeliverer) {
    super();
  }

  async process(job: Job): Promise<string> {
    const handler = this.handlers[job.name as OutboundJobName] as
      ((job: Job) => Promise<string>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for ${OUTBOUND_QUEUE} job ${job.name}`);
    return handler(job);
  }

  /** Retries are BullMQ's (exponential backoff); the delivery row records every attempt. */
  private async deliver(job: Job<DeliverJob>): Promise<string> {
    const { deliveryId } = job.data;
    const started = Date.now();
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.logger.debug(`delivery ${deliveryId}: job ${job.id} try ${job.attemptsMade + 1}`);
    const outcome = await this.deliverer.deliver(deliveryId, lastTry);
    const took = `${Date.now() - started} ms`;
    switch (outcome.result) {
      case 'sent':
        this.logger.log(`delivery ${deliveryId}: sent on attempt ${outcome.attempt} (${took})`);
        return 'sent';
      case 'skipped':
        this.logger.log(`delivery ${deliveryId}: skipped, ${outcome.reason} (${took})`);
        return 'skipped';
      case 'retry':
        this.logger.warn(
          `delivery ${deliveryId}: attempt ${outcome.attempt} failed, will retry (${took}): ${outcome.error}`,
        );
        throw new Error(outcome.error);
      case 'failed':
        this.logger.error(
          `delivery ${deliveryId}: failed for good after attempt ${outcome.attempt} (${took}): ${outcome.error}`,
        );
        throw new UnrecoverableError(outcome.error);
    }
  }
}
