import type { EntityManager } from 'typeorm';
import { TaskEvent, type TaskEventKind } from './task-event.entity.js';

export interface TaskEventInput {
  taskId: string;
  actorId: string | null;
  kind: TaskEventKind;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** Appends a history line inside the caller's transaction (it commits with the change). */
export async function recordTaskEvent(
  manager: EntityManager,
  event: TaskEventInput,
): Promise<void> {
  await manager.insert(TaskEvent, {
    taskId: event.taskId,
    actorId: event.actorId,
    kind: event.kind,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    note: event.note ?? null,
    data: (event.data ?? {}) as never,
  });
}
