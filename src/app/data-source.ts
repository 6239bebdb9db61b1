import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

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
    extra: { max: poolMax, connectionTimeoutMillis: 5000, application_name: 'dondoc' },
  };
}

// Used by the TypeORM CLI (`npm run migration:*`) on the built output.
export default new DataSource(
  dataSourceOptions(
    process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/dondoc',
  ),
);
