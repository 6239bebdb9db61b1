import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config.js';
import type { Job } from 'bullmq';
import { EscalationFirer } from './escalation-firer.service.js';
import { EscalationReconciler } from './escalation-reconciler.service.js';
import { PeriodEscalationFirer } from './period-escalation-firer.service.js';
import {
  ESCALATION_JOBS,
  ESCALATION_QUEUE,
  type EscalationJobName,
  FINISHED_STEP_JOBS,
  type StepJob,
} from './escalation.constants.js';

/**
 * The one processor of the `escalation` queue: planned steps and the periodic sweep (on a BullMQ
 * job scheduler — one schedule however many workers run; see EscalationReconciler).
 */
// Short locks: a step takes milliseconds, so a worker that died is noticed within seconds and its
// job handed to another (the escalation's unique key makes the retry harmless).
@Processor(ESCALATION_QUEUE, {
  lockDuration: 10_000,
  stalledInterval: 5_000,
  ...FINISHED_STEP_JOBS,
})
export class EscalationProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(EscalationProcessor.name);

  constructor(
    private readonly firer: EscalationFirer,
    private readonly periodFirer: PeriodEscalationFirer,
    private readonly reconciler: EscalationReconciler,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.get('ESCALATION_CONCURRENCY');
  }

  async process(job: Job): Promise<unknown> {
    const started = Date.now();
    const name = job.name as EscalationJobName;
    switch (name) {
      case ESCALATION_JOBS.step: {
        try {
          const data = job.data as StepJob;
          // A reporting period's rung (periodId set) or a task's step: one job name, one queue.
          const outcome = data.periodId
            ? await this.periodFirer.fire({ ...data, periodId: data.periodId })
            : await this.firer.fire(data);
          this.logger.debug(`job ${job.id}: ${outcome} in ${Date.now() - started} ms`);
          return outcome;
        } catch (error) {
          this.logger.warn(
            `job ${job.id} failed (attempt ${job.attemptsMade + 1}): ${String(error)}`,
          );
          throw error;
        }
      }
      case ESCALATION_JOBS.reconcile: {
        const restored = await this.reconciler.sweep();
        this.logger.log(`reconciliation: ${restored} restored in ${Date.now() - started} ms`);
        return restored;
      }
    }
  }
}
