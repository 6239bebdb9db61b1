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

/**
 * {@link preparedQuery} with each row as an array of its columns, in the statement's order: for
 * statements answering thousands of rows (a province's chain), where building an object of
 * twenty-odd named columns per row cost more than reading it.
 */
export async function preparedRows(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<unknown[][]> {
  const pool = (dataSource.driver as PostgresDriver).master as {
    query(config: {
      name: string;
      text: string;
      values: unknown[];
      rowMode: 'array';
    }): Promise<{ rows: unknown[][] }>;
  };
  return (await pool.query({ name, text, values, rowMode: 'array' })).rows;
}
