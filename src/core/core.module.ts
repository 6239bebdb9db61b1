import { BullModule } from '@nestjs/bullmq';
import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSourceOptions } from 'typeorm';
import { Clock } from './clock.js';
import { AppConfig } from './config/app-config.js';
import type { Environment } from './config/environment.js';
import { EntityLoadMonitor, entityLoadMonitorOn } from './database/entity-load.monitor.js';
import { TransactionRunner } from './database/transaction-runner.js';
import { AllErrorsFilter } from './http/all-errors.filter.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { createValidationPipe } from './http/validation.js';
import { RedisThrottlerStorage } from './http/redis-throttler.storage.js';
import { QueueGate } from './queue/queue-gate.js';
import { bullConnection, createRequestRedis } from './queue/redis.js';
import { REDIS } from './redis.token.js';

/**
 * Infrastructure every feature module uses: validated configuration, the database, the queue
 * connection, a Redis client, the transaction helper, validation and error mapping.
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /**
   * `env` is the environment `validateEnvironment` already checked (tests build their own);
   * `database` describes the data source for a URL and pool size. It is passed in because the
   * entity list names every feature, and core imports none (see src/app/data-source.ts).
   */
  static forRoot(
    env: Environment,
    database: (url: string, poolMax: number) => DataSourceOptions,
  ): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ ...env })],
        }),
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          extraProviders: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...database(config.databaseUrl, config.get('DATABASE_POOL_MAX')),
            // Start-up has already reached the server: fail at once rather than retry for minutes.
            retryAttempts: 0,
          }),
        }),
        BullModule.forRootAsync({
          inject: [AppConfig],
          extraProviders: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: bullConnection(config.redisUrl),
            prefix: `${config.redisPrefix}:bull`,
          }),
        }),
      ],
      providers: [
        AppConfig,
        Clock,
        TransactionRunner,
        RedisThrottlerStorage,
        QueueGate,
        {
          provide: REDIS,
          inject: [AppConfig],
          useFactory: (config: AppConfig): Redis => {
            const redis = createRequestRedis(config.redisUrl, {
              keyPrefix: `${config.redisPrefix}:`,
            });
            // Errors surface on the commands that fail; the client reconnects by itself.
            redis.on('error', () => undefined);
            void redis.connect().catch(() => undefined);
            return redis;
          },
        },
        { provide: APP_FILTER, useClass: AllErrorsFilter },
        // Put on every non-GET route by createHttpApp (see interceptWrites).
        IdempotencyInterceptor,
        EntityLoadMonitor,
        // Counting entities per request puts an interceptor on every route (and RxJS on every
        // answer): on in development and tests, where the entity budget is checked; a choice in
        // production (ENTITY_LOAD_MONITOR).
        ...(entityLoadMonitorOn(env)
          ? [{ provide: APP_INTERCEPTOR, useExisting: EntityLoadMonitor }]
          : []),
        {
          provide: APP_PIPE,
          useValue: createValidationPipe(),
        },
      ],
      exports: [
        AppConfig,
        Clock,
        TransactionRunner,
        RedisThrottlerStorage,
        QueueGate,
        REDIS,
        IdempotencyInterceptor,
        EntityLoadMonitor,
      ],
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
