import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import { isUnitRole } from '../users/role.js';
import type { Actor } from './task-workflow.js';
import { Task } from './task.entity.js';

/**
 * Object-level access to tasks, in one place: a unit's people reach only their own unit's tasks;
 * another unit's task answers 404 exactly as a missing one does, so ids reveal nothing.
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
    const task = await this.tasks
      .createQueryBuilder('task')
      .leftJoin('task.unit', 'unit')
      .addSelect(['unit.id', 'unit.code', 'unit.name'])
      .leftJoin('task.directive', 'directive')
      .addSelect([
        'directive.id',
        'directive.number',
        'directive.subject',
        'directive.issuedOn',
        'directive.clerkMayReview',
      ])
      .leftJoin('task.assignment', 'assignment')
      .addSelect(['assignment.id', 'assignment.label', 'assignment.assignee', 'assignment.text'])
      .where('task.id = :id', { id })
      .getOne();
    if (!task || !this.canSee(task, user)) throw new NotFoundError('task', id);
    return task;
  }

  canSee(task: Pick<Task, 'unitId'>, user: AuthUser): boolean {
    return !isUnitRole(user.role) || task.unitId === user.unitId;
  }

  actorFor(task: Task, user: AuthUser): Actor {
    return {
      role: user.role,
      ownUnit: task.unitId === user.unitId,
      clerkMayReview: task.directive?.clerkMayReview ?? false,
    };
  }
}
