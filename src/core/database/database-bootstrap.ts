import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { parseDatabaseUrl } from './database-url.js';

// A fixed key every dondoc process agrees on, so only one migrates at a time.
const MIGRATION_LOCK_KEY = 0x646f6e64; // "dond"

/** Creates the database named in the URL when the server does not have it yet (a fresh machine). */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = parseDatabaseUrl(url);
  const client = new pg.Client({
    connectionString: target.maintenanceUrl,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      target.database,
    ]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(target.database)}`);
      return true;
    } catch (error) {
      // Another instance created it between our check and our CREATE: that is fine.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}

/**
 * Runs pending migrations under a Postgres advisory lock, so instances booting together take
 * turns: the first migrates, the others then find nothing pending.
 * `options` is the application's data source (src/app/data-source.ts: its migrations).
 * Returns the names of the migrations this call applied.
 */
export async function runMigrationsLocked(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource({ ...options, extra: { max: 2 } });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
