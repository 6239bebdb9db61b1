import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests use; override with TEST_DATABASE_SERVER (no database name). */
export const TEST_SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Migrated once per run by the global setup (named after the run); each test file copies it. */
export const TEMPLATE_DATABASE = process.env.DONDOC_TEST_TEMPLATE ?? 'dondoc_test_template';

export function databaseUrl(name: string): string {
  return `${TEST_SERVER}/${name}`;
}

/** Tests drop and create databases: refuse any whose name does not say it is for tests. */
export function assertTestDatabase(name: string): void {
  if (!name.includes('test')) {
    throw new Error(
      `refusing to touch database "${name}": test databases must have "test" in their name`,
    );
  }
}

export async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * This run's id (`r` and 8 hex digits), set by the global setup: every database and Redis prefix
 * named by `uniqueName` carries it, so the run's teardown drops exactly its own databases. Outside
 * a Jest run with that setup, one id per process. The process id comes first: an older checkout's
 * setup on the same server drops any `dondoc_test` database whose first number is not a live
 * process here, and so leaves a running run's databases alone.
 */
const RUN = process.env.DONDOC_TEST_RUN ?? `r${randomBytes(4).toString('hex')}`;

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${RUN}_${randomBytes(4).toString('hex')}`;
}

/** A fresh, migrated database for one test file, copied from the template. */
export async function createTestDatabase(): Promise<string> {
  const name = uniqueName('dondoc_test');
  assertTestDatabase(name);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  assertTestDatabase(name);
  await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

/** Runs SQL against one test database (for assertions the API does not expose). */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
