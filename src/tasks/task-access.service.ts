import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { preparedQuery } from '../core/database/prepared-query.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import { Unit } from '../units/unit.entity.js';
import {
  carriedFromSql,
  governs,
  maySeeTask,
  ownUnitOf,
  scopeOf,
} from '../core/access/body-scope.js';
import type { Milestone } from './recurrence.js';
import type { Actor } from './task-workflow.js';
import { Task } from './task.entity.js';

/**
 * Every column of the task, then what callers read of its unit, directive and assignment.
 * Written by hand: this runs on every task read and move, and building the same statement
 * through TypeORM's query builder and hydrating its result cost more than the query itself.
 * `issued_on` comes as text, the 'YYYY-MM-DD' string the entity holds (pg would parse a date).
 */
const VISIBLE_TASK = /* sql */ `
  SELECT t.id, t.directive_id AS "directiveId", t.assignment_id AS "assignmentId",
         t.unit_id AS "unitId", t.role, t.requested, t.status, t.deadline, t.due_at AS "dueAt",
         t.original_deadline AS "originalDeadline", t.deadline_version AS "deadlineVersion",
         t.paused_from AS "pausedFrom", t.paused_at AS "pausedAt", t.report,
         t.reported_at AS "reportedAt", t.completed_at AS "completedAt",
         t.last_unit_activity_at AS "lastUnitActivityAt", t.recurrence, t.subtasks, t.version,
         t.created_at AS "createdAt", t.updated_at AS "updatedAt",
         u.id AS "u_id", u.code AS "u_code", u.name AS "u_name",
         d.id AS "d_id", d.number AS "d_number", d.subject AS "d_subject",
         to_char(d.issued_on, 'YYYY-MM-DD') AS "d_issuedOn", d.clerk_may_review AS "d_clerkMayReview",
         d.issuing_unit_id AS "d_issuingUnitId",
         CASE WHEN d.implements_task_id IS NULL THEN '{}'::uuid[] ELSE ${carriedFromSql('d')} END
           AS "d_carriedFrom",
         a.id AS "a_id", a.label AS "a_label", a.assignee AS "a_assignee", a.text AS "a_text",
         a.milestones AS "a_milestones"
    FROM tasks t
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN directives d ON d.id = t.directive_id
    LEFT JOIN assignments a ON a.id = t.assignment_id
   WHERE t.id = $1`;

type VisibleTaskRow = Omit<Task, 'unit' | 'directive' | 'assignment'> & {
  u_id: string | null;
  u_code: string;
  u_name: string;
  d_id: string | null;
  d_number: string | null;
  d_subject: string | null;
  d_issuedOn: string | null;
  d_clerkMayReview: boolean;
  d_issuingUnitId: string;
  d_carriedFrom: string[];
  a_id: string | null;
  a_label: string;
  a_assignee: string;
  a_text: string;
  a_milestones: Milestone[];
};

/**
 * Object-level access to tasks, in one place, by the rule of `core/access/body-scope.ts`: a
 * unit's people reach their own unit's tasks, a body's chair and clerk the tasks of the
 * directives their body issued and those their body received; another's task answers 404 exactly
 * as a missing one does, so ids reveal nothing.
 */
@Injectable()
export class TaskAccess {
  constructor(@InjectRepository(Task) private readonly tasks: Repository<Task>) {}

  /**
   * The task with what callers read of its unit, directive and assignment, if this user may see
   * it. Only those columns: a province-wide part carries a thousand unit ids, and hydrating them
   * on every read and move cost more than the rest of the request.
   */
  async findVisible(id: string, user: AuthUser): Promise<Task> {
    // Prepared once per pooled connection: every task read and move runs it.
    const [row] = await preparedQuery<VisibleTaskRow>(
      this.tasks.manager.connection,
      'task-visible',
      VISIBLE_TASK,
      [id],
    );
    const task = row ? taskOf(row) : null;
    if (!task || !maySeeTask(user, task, task.directive!)) throw new NotFoundError('task', id);
    return task;
  }

  /**
   * Whether the user may see a task loaded without its directive (the directive's issuing body
   * is read only when the answer depends on it).
   */
  async canSee(
    task: Pick<Task, 'unitId' | 'directiveId'>,
    user: AuthUser,
    manager: EntityManager = this.tasks.manager,
  ): Promise<boolean> {
    const scope = scopeOf(user);
    if (scope === 'all' || task.unitId === ownUnitOf(user)) return true;
    if (scope === 'unit') return false;
    const [directive] = await manager.query<
      Array<{ issuingUnitId: string; carriedFrom: string[] }>
    >(
      `SELECT issuing_unit_id AS "issuingUnitId", ${carriedFromSql('directives')} AS "carriedFrom"
         FROM directives WHERE id = $1`,
      [task.directiveId],
    );
    return !!directive && maySeeTask(user, task, directive);
  }

  /**
   * Who the user is to the task. Reviewing and managing need the directive's issuing body
   * (`task.directive` as `findVisible` loads it); without it the user is no issuer.
   */
  actorFor(task: Task, user: AuthUser): Actor {
    return {
      role: user.role,
      ownUnit: task.unitId === user.unitId,
      clerkMayReview: task.directive?.clerkMayReview ?? false,
      issuer: scopeOf(user) === 'all' || (!!task.directive && governs(user, task.directive)),
    };
  }
}

/** The entities TypeORM would have hydrated from the row (relations with the selected columns). */
function taskOf(row: VisibleTaskRow): Task {
  const {
    u_id,
    u_code,
    u_name,
    d_id,
    d_number,
    d_subject,
    d_issuedOn,
    d_clerkMayReview,
    d_issuingUnitId,
    d_carriedFrom,
    a_id,
    a_label,
    a_assignee,
    a_text,
    a_milestones,
    ...columns
  } = row;
  const task = Object.assign(new Task(), columns);
  if (u_id !== null)
    task.unit = Object.assign(new Unit(), { id: u_id, code: u_code, name: u_name });
  if (d_id !== null) {
    task.directive = {
      id: d_id,
      number: d_number,
      subject: d_subject,
      issuedOn: d_issuedOn,
      clerkMayReview: d_clerkMayReview,
      issuingUnitId: d_issuingUnitId,
      carriedFrom: d_carriedFrom,
    };
  }
  if (a_id !== null) {
    task.assignment = {
      id: a_id,
      label: a_label,
      assignee: a_assignee,
      text: a_text,
      milestones: a_milestones ?? [],
    };
  }
  return task;
}
