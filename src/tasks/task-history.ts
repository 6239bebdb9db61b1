import type { EntityManager } from 'typeorm';
import type { TaskEventKind } from './task-event.entity.js';

export interface TaskEventInput {
  taskId: string;
  actorId: string | null;
  kind: TaskEventKind;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends a history line inside the caller's transaction (it commits with the change).
 * One hand-written INSERT: every status move writes one, and nothing reads back its id.
 */
export async function recordTaskEvent(
  manager: EntityManager,
  event: TaskEventInput,
): Promise<void> {
  await manager.query(
    `INSERT INTO "task_events" ("task_id", "actor_id", "kind", "from_status", "to_status", "note", "data")
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.taskId,
      event.actorId,
      event.kind,
      event.fromStatus ?? null,
      event.toStatus ?? null,
      event.note ?? null,
      JSON.stringify(event.data ?? {}),
    ],
  );
}
