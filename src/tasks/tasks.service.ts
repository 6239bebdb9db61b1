import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import type { Page, PageQuery } from '../core/http/pagination.js';
import { isUnitRole } from '../users/role.js';
import { Task } from './task.entity.js';

/** A task to create at publication. */
export type NewTask = Pick<
  Task,
  | 'directiveId'
  | 'assignmentId'
  | 'unitId'
  | 'role'
  | 'requested'
  | 'deadline'
  | 'dueAt'
  | 'recurrence'
  | 'subtasks'
>;

// Rows per INSERT: well under PostgreSQL's 65,535 bind parameters at 9 columns a row.
const INSERT_CHUNK = 1000;

@Injectable()
export class TasksService {
  constructor(@InjectRepository(Task) private readonly tasks: Repository<Task>) {}

  /** Inserts tasks inside the caller's transaction, in a few multi-row statements. */
  async createMany(manager: EntityManager, rows: NewTask[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Task)
        .values(rows.slice(i, i + INSERT_CHUNK))
        .returning(['id'])
        .execute();
      ids.push(...(result.raw as Array<{ id: string }>).map((row) => row.id));
    }
    return ids;
  }

  /** A directive's tasks; a unit's people see only their own unit's. */
  async listForDirective(
    directiveId: string,
    query: PageQuery,
    user: AuthUser,
  ): Promise<Page<Task>> {
    const builder = this.tasks
      .createQueryBuilder('task')
      .leftJoinAndSelect('task.unit', 'unit')
      .where('task.directiveId = :directiveId', { directiveId });
    if (isUnitRole(user.role)) builder.andWhere('task.unitId = :unitId', { unitId: user.unitId });
    const [items, total] = await builder
      .orderBy('unit.kind', 'ASC')
      .addOrderBy('unit.name', 'ASC')
      .addOrderBy('task.role', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** Whether a unit has any task in a directive (what lets its people see the directive). */
  async unitHasTask(directiveId: string, unitId: string): Promise<boolean> {
    return this.tasks.exists({ where: { directiveId, unitId } });
  }
}
