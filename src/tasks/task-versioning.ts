import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Task } from './task.entity.js';
import { StaleVersionError } from './tasks.errors.js';

/**
 * Applies `changes` only if the task is still at `version`, and bumps it: the one guard against
 * lost updates (TypeORM's save() does not enforce versions). Of two concurrent writers at the
 * same version, the second blocks on the row, then matches nothing and gets stale_version.
 */
export async function updateTaskAtVersion(
  manager: EntityManager,
  taskId: string,
  version: number,
  changes: QueryDeepPartialEntity<Task>,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .update(Task)
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :taskId AND version = :version', { taskId, version })
    .returning(['version'])
    .execute();
  if (!result.affected) {
    const current = await manager.findOne(Task, {
      where: { id: taskId },
      select: { id: true, version: true },
    });
    throw new StaleVersionError(version, current?.version ?? null);
  }
  return (result.raw as Array<{ version: number }>)[0].version;
}
