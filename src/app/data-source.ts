import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/**
 * Settings of every connection dondoc opens. JIT off: every statement here runs in
 * milliseconds, and a province's chain (thousands of rows, whose recursive step the planner
 * overestimates) crossed jit_above_cost and spent 60 ms compiling a 50 ms query.
 */
export const CONNECTION_OPTIONS = '-c jit=off';

/**
 * The one description of dondoc's database, shared by the app, the tests and the migration CLI.
 * The schema only ever changes through migrations: `synchronize` stays off everywhere.
 */
export function dataSourceOptions(url: string, poolMax = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    // Fail a request quickly when the pool is exhausted or the server is gone, rather than hang.
    extra: {
      max: poolMax,
      connectionTimeoutMillis: 5000,
      application_name: 'dondoc',
      options: CONNECTION_OPTIONS,
    },
  };
}

// Used by the TypeORM CLI (`npm run migration:*`) on the built output.
export default new DataSource(
  dataSourceOptions(
    process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/dondoc',
  ),
);
