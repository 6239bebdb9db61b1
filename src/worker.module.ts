import { type DynamicModule, Module } from '@nestjs/common';
import { dataSourceOptions } from './app/data-source.js';
import type { Environment } from './core/config/environment.js';
import { CoreModule } from './core/core.module.js';
import { EscalationWorkerModule } from './escalation/escalation-worker.module.js';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module.js';

/**
 * The queue worker: the same build as the API without HTTP — the outbox drainer, the escalation
 * steps and sweep, and outbound notifications.
 */
@Module({})
export class WorkerModule {
  static register(env: Environment): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(env, dataSourceOptions),
        EscalationWorkerModule,
        NotificationsWorkerModule,
      ],
    };
  }
}
