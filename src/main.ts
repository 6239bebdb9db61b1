import 'reflect-metadata';
import { AppModule } from './app.module.js';
import { dataSourceOptions } from './app/data-source.js';
import { EnvironmentError, validateEnvironment } from './core/config/environment.js';
import { createHttpApp } from './app/http-app.js';
import { chooseLogFormat, createRootLogger } from './core/logging/logger.js';
import { exitIfShutdownHangs } from './core/startup/shutdown.js';
import { checkRedis, migrate, preparePostgres, StartupError } from './core/startup/preflight.js';
import { DemoLetters } from './demo/demo-letters.js';
import { DemoSeeder } from './demo/demo-seeder.js';

/** The API process: checks its dependencies, migrates, optionally seeds, then serves HTTP. */
async function main(): Promise<void> {
  loadDotEnv();
  const env = validateEnvironment(process.env);
  if (env.SEED_DEMO === 'true' && env.NODE_ENV === 'production') {
    throw new StartupError(
      'SEED_DEMO=true is refused with NODE_ENV=production: demo passwords are public',
    );
  }
  const logger = createRootLogger(env.LOG_LEVEL, 'dondoc-api', chooseLogFormat(env));
  const { created } = await preparePostgres(env);
  if (created)
    logger.info({ database: env.DATABASE_URL.replace(/\/\/[^@]*@/, '//') }, 'created the database');
  await checkRedis(env);
  if (env.MIGRATIONS_RUN === 'true') {
    const applied = await migrate(dataSourceOptions(env.DATABASE_URL));
    logger.info({ applied }, `migrations: ${applied.length} applied`);
  }
  const app = await createHttpApp(AppModule.register(env), logger, {
    trustProxy: env.TRUST_PROXY === 'true',
  });
  // After createHttpApp, which registers Nest's shutdown hooks: a signal before then ends the
  // process at once, as it should.
  exitIfShutdownHangs(logger);
  if (env.SEED_DEMO === 'true') {
    await app.get(DemoSeeder).seed();
    await app.get(DemoLetters).seed();
  }
  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info(`dondoc API listening on http://${env.HOST}:${env.PORT}/api (docs at /api/docs)`);
}

// A `.env` file beside package.json is optional; real environment variables win.
function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: nothing to load
  }
}

main().catch((error: unknown) => {
  // What the operator must fix goes out as one line, not a stack trace.
  if (error instanceof StartupError || error instanceof EnvironmentError) {
    console.error(`dondoc: ${error.message}`);
  } else {
    console.error('dondoc: failed to start:', error);
  }
  process.exit(1);
});
