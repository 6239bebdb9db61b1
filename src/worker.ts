import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { EnvironmentError, validateEnvironment } from './core/config/environment.js';
import { chooseLogFormat, createRootLogger, NestPinoLogger } from './core/logging/logger.js';
import { exitIfShutdownHangs } from './core/startup/shutdown.js';
import { checkRedis, preparePostgres, StartupError } from './core/startup/preflight.js';
import { WorkerModule } from './worker.module.js';

/**
 * The queue worker process, from the same build as the API. It never migrates: it waits for the
 * API (or a release step) to have done so.
 */
async function main(): Promise<void> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: nothing to load
  }
  const env = validateEnvironment(process.env);
  const logger = createRootLogger(env.LOG_LEVEL, 'dondoc-worker', chooseLogFormat(env));
  await preparePostgres(env);
  await checkRedis(env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks();
  exitIfShutdownHangs(logger);
  await app.init();
  logger.info('dondoc worker started');
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof EnvironmentError) {
    console.error(`dondoc: ${error.message}`);
  } else {
    console.error('dondoc: the worker failed to start:', error);
  }
  process.exit(1);
});
