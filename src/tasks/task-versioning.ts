import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Outbox } from '../core/outbox/outbox.js';
import { type TaskEventInput, TaskEvents } from './task-history.js';
import { Task } from './task.entity.js';
import { StaleVersionError } from './tasks.errors.js';

/** Rows written by the same statement as the move, and only if it matched the version. */
export interface WrittenWithMove {
  /** The history line (as TaskEvents.append writes it). */
  history?: TaskEventInput;
  /** Outbox events (as Outbox.add writes them), in this order. */
  outbox?: Array<{ type: string; payload: Record<string, unknown> }>;
}

/**
 * Applies `changes` only if the task is still at `version`, and bumps it: the one guard against
 * lost updates (TypeORM's save() does not enforce versions). Of two concurrent writers at the
 * same version, the second blocks on the row, then matches nothing and gets stale_version.
 *
 * The statement is written here rather than by the query builder (every status move runs it);
 * column names still come from the entity, and `updated_at` moves as @UpdateDateColumn would.
 * With `alongside`, the history line and outbox events are inserted by the same statement
 * (one round trip instead of three), from the updated row, so nothing is written on a stale
 * version; they still commit or roll back with the caller's transaction.
 */
export async function updateTaskAtVersion(
  manager: EntityManager,
  taskId: string,
  version: number,
  changes: QueryDeepPartialEntity<Task>,
  alongside: WrittenWithMove = {},
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
  const update = `UPDATE "tasks" SET ${sets.join(', ')} WHERE "id" = $1 AND "version" = $2 RETURNING "version"`;
  const parts: string[] = [];
  const { history, outbox = [] } = alongside;
  if (history) {
    const at = parameters.length;
    parameters.push(...TaskEvents.values(history));
    parts.push(
      `history AS (${TaskEvents.insertFrom(
        `SELECT $${at + 1}::uuid, $${at + 2}::uuid, $${at + 3}::varchar, $${at + 4}::varchar,
                $${at + 5}::varchar, $${at + 6}::text, $${at + 7}::jsonb FROM moved`,
      )})`,
    );
  }
  if (outbox.length > 0) {
    const rows = outbox.map(({ type, payload }, n) => {
      parameters.push(type, JSON.stringify(payload));
      return `($${parameters.length - 1}::varchar, $${parameters.length}::jsonb, ${n})`;
    });
    parts.push(
      `outbox AS (${Outbox.insertFrom(
        `SELECT e.type, e.payload FROM moved, (VALUES ${rows.join(', ')}) AS e(type, payload, n) ORDER BY e.n`,
      )})`,
    );
  }
  const rows =
    parts.length === 0
      ? (await manager.query<[Array<{ version: number }>, number]>(update, parameters))[0]
      : await manager.query<Array<{ version: number }>>(
          `WITH moved AS (${update}), ${parts.join(', ')} SELECT "version" FROM moved`,
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
