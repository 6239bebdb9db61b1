import type { EntityManager } from 'typeorm';
import { TaskEvents } from './task-history.js';
import type { TaskRole } from './task-status.js';

/**
 * The tasks a publication creates, column by column (entry i of each array is task i), so they
 * go in as arrays bound to one statement however many there are.
 */
export interface PublishedTaskColumns {
  readonly count: number;
  readonly assignmentIds: string[];
  readonly unitIds: string[];
  readonly roles: TaskRole[];
  readonly requested: boolean[];
  readonly deadlines: Array<string | null>;
  readonly dueAts: Array<Date | null>;
  /** JSON text, or null for a one-off part. */
  readonly recurrences: Array<string | null>;
  /** JSON text. */
  readonly subtasks: string[];
}

/**
 * Creates a publication's tasks inside the caller's transaction: one task per row and the first
 * line of each one's history — who published it, with which deadline — in one set-based
 * statement (the publication benchmark measures it). The deadline set at publication is also the
 * original one, and the stale clock starts at publication.
 */
export async function insertPublishedTasks(
  manager: EntityManager,
  directiveId: string,
  tasks: PublishedTaskColumns,
  now: Date,
  actorId: string,
): Promise<void> {
  if (tasks.count === 0) return;
  await manager.query(
    `WITH created AS (
       INSERT INTO tasks (directive_id, assignment_id, unit_id, role, requested, deadline,
                          original_deadline, due_at, last_unit_activity_at, recurrence, subtasks)
       SELECT $1, r.assignment_id, r.unit_id, r.role, r.requested, r.deadline, r.deadline, r.due_at,
              $2, r.recurrence::jsonb, r.subtasks::jsonb
         FROM unnest($3::uuid[], $4::uuid[], $5::varchar[], $6::boolean[], $7::varchar[],
                     $8::timestamptz[], $9::text[], $10::text[])
              AS r(assignment_id, unit_id, role, requested, deadline, due_at, recurrence, subtasks)
       RETURNING id, deadline, role
     )
     ${TaskEvents.insertFrom(
       `SELECT id, $11::uuid, 'assigned', NULL, 'assigned', NULL,
               jsonb_build_object('deadline', deadline, 'role', role)
          FROM created`,
     )}`,
    [
      directiveId,
      now,
      tasks.assignmentIds,
      tasks.unitIds,
      tasks.roles,
      tasks.requested,
      tasks.deadlines,
      tasks.dueAts,
      tasks.recurrences,
      tasks.subtasks,
      actorId,
    ],
  );
}
