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

// The one column list of task_events: every insert, single or set-based, names these in order.
const COLUMNS = '"task_id", "actor_id", "kind", "from_status", "to_status", "note", "data"';

/**
 * The only writer of `task_events` (the tasks module owns it): a task's history, appended in the
 * caller's transaction so it commits with the change. Lines are never updated or deleted.
 */
export const TaskEvents = {
  /**
   * Appends a history line. One hand-written INSERT: every status move writes one, and nothing
   * reads back its id.
   */
  async append(manager: EntityManager, event: TaskEventInput): Promise<void> {
    await manager.query(
      `INSERT INTO "task_events" (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      TaskEvents.values(event),
    );
  },

  /** A line's values as query parameters, in the column order of `insertFrom`. */
  values(event: TaskEventInput): unknown[] {
    return [
      event.taskId,
      event.actorId,
      event.kind,
      event.fromStatus ?? null,
      event.toStatus ?? null,
      event.note ?? null,
      JSON.stringify(event.data ?? {}),
    ];
  },

  /**
   * `INSERT INTO task_events … <select>`, for a set-based statement to append lines with its own
   * writes (publication, a status move, an escalation). The select yields, in order: task_id
   * (uuid), actor_id (uuid, null for the system), kind, from_status, to_status, note, data (jsonb).
   */
  insertFrom(select: string): string {
    return `INSERT INTO "task_events" (${COLUMNS}) ${select}`;
  },
};
