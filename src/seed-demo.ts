import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { dataSourceOptions } from './app/data-source.js';
import { EnvironmentError, validateEnvironment } from './core/config/environment.js';
import { chooseLogFormat, createRootLogger, NestPinoLogger } from './core/logging/logger.js';
import { checkRedis, migrate, preparePostgres, StartupError } from './core/startup/preflight.js';
import { DemoLetters } from './demo/demo-letters.js';
import { DemoSeeder } from './demo/demo-seeder.js';

/** `npm run seed:demo`: migrates if needed and loads the demo province and its letters; safe to run again. */
async function main(): Promise<void> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: nothing to load
  }
  const env = validateEnvironment(process.env);
  if (env.NODE_ENV === 'production') {
    throw new StartupError(
      'seed:demo refuses to run with NODE_ENV=production: demo passwords are public',
    );
  }
  const logger = createRootLogger(env.LOG_LEVEL, 'dondoc-seed', chooseLogFormat(env));
  await preparePostgres(env);
  await checkRedis(env);
  await migrate(dataSourceOptions(env.DATABASE_URL));
  const app = await NestFactory.createApplicationContext(AppModule.register(env), {
    logger: new NestPinoLogger(logger),
  });
  try {
    const report = await app.get(DemoSeeder).seed();
    const letters = await app.get(DemoLetters).seed();
    console.log(
      `demo data: ${report.units} units, ${report.groups} groups, ${report.users} users added; ` +
        `letters 2136 and 451 ${letters.province || letters.district ? 'published' : 'already there'}`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof EnvironmentError) {
    console.error(`dondoc: ${error.message}`);
  } else {
    console.error('dondoc: seeding failed:', error);
  }
  process.exit(1);
});
