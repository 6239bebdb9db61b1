import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs one statement as a named prepared statement on the data source's own pool: each pooled
 * connection parses and plans it once, instead of on every call. For the statements the
 * escalation engine runs per job, where planning cost more than executing.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as {
    query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
  };
  return (await pool.query({ name, text, values })).rows;
}
