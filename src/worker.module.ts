import { type DynamicModule, Module } from '@nestjs/common';
import type { Environment } from './core/config/environment.js';
import { CoreModule } from './core/core.module.js';

/**
 * The queue worker: the same build as the API without HTTP. Feature modules that process queues
 * (escalation, from its issue on) register their processors here.
 */
@Module({})
export class WorkerModule {
  static register(env: Environment): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(env)] };
  }
}
