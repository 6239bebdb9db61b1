import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Task } from './task.entity.js';
import { StaleVersionError } from './tasks.errors.js';

/**
 * Applies `changes` only if the task is still at `version`, and bumps it: the one guard against
 * lost updates (TypeORM's save() does not enforce versions). Of two concurrent writers at the
 * same version, the second blocks on the row, then matches nothing and gets stale_version.
 *
 * The statement is written here rather than by the query builder (every status move runs it);
 * column names still come from the entity, and `updated_at` moves as @UpdateDateColumn would.
 */
export async function updateTaskAtVersion(
  manager: EntityManager,
  taskId: string,
  version: number,
  changes: QueryDeepPartialEntity<Task>,
): Promise<number> {
  const metadata = manager.connection.getMetadata(Task);
  const parameters: unknown[] = [taskId, version];
  const sets = ['"version" = "version" + 1', '"updated_at" = CURRENT_TIMESTAMP'];
  for (const [property, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`tasks has no column for ${property}`);
    if (typeof value === 'function') {
      sets.push(`"${column.databaseName}" = ${value()}`);
      continue;
    }
    // pg would send an array as a PostgreSQL array literal; jsonb wants JSON.
    parameters.push(column.type === 'jsonb' && value !== null ? JSON.stringify(value) : value);
    sets.push(`"${column.databaseName}" = $${parameters.length}`);
  }
  const [rows] = await manager.query<[Array<{ version: number }>, number]>(
    `UPDATE "tasks" SET ${sets.join(', ')} WHERE "id" = $1 AND "version" = $2 RETURNING "version"`,
    parameters,
  );
  if (rows.length === 0) {
    const [current] = await manager.query<Array<{ version: number }>>(
      'SELECT "version" FROM "tasks" WHERE "id" = $1',
      [taskId],
    );
    throw new StaleVersionError(version, current?.version ?? null);
  }
  return rows[0].version;
}
