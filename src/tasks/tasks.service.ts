import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../core/clock.js';
import { AppConfig } from '../core/config/app-config.js';
import type { Page, PageQuery } from '../core/http/pagination.js';
import {
  directiveTasksUnit,
  scopeOf,
  scopeParams,
  visibleTaskSql,
} from '../core/access/body-scope.js';
import { CarriedDownReader } from './carrying-down.ports.js';
import { TaskDetailDto, TaskDto, TaskEventDto, type TaskListQuery } from './task.dto.js';
import { TaskAccess } from './task-access.service.js';
import { TaskEvent } from './task-event.entity.js';
import { type FlagOptions, taskFlags } from './task-flags.js';
import { openSql, overdueSql } from './task-flags.sql.js';
import { Task } from './task.entity.js';

/** An open task a body received: what it may carry down as its own directive. */
export interface ReceivedTask {
  taskId: string;
  directiveId: string;
  number: string | null;
  subject: string | null;
  label: string;
  /** What the part asks (its text), to tell two parts of one directive apart. */
  instruction: string;
}

/** What a reviewer reads beside a reported task. */
export interface ReviewSummary {
  report: string | null;
  /** Evidence not withdrawn. */
  evidenceCount: number;
  latestMetric: { indicator: string | null; value: number; asOf: string | null } | null;
}

interface ReviewSummaryRow {
  id: string;
  report: string | null;
  evidence: number;
  indicator: string | null;
  value: number | null;
  as_of: string | null;
}

/** Reading tasks: lists, the unit's inbox, one task, its history; with the derived flags. */
/** A task as a summary row links to it. */
export interface TaskLine {
  id: string;
  unitId: string;
  requested: boolean;
  status: TaskDto['status'];
  deadline: string | null;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(TaskEvent) private readonly events: Repository<TaskEvent>,
    private readonly access: TaskAccess,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly carriedDown: CarriedDownReader,
    config: AppConfig,
  ) {
    this.flagOptions = {
      dueSoonWorkingDays: config.get('TASK_DUE_SOON_WORKING_DAYS'),
      staleWorkingDays: config.get('TASK_STALE_WORKING_DAYS'),
    };
  }

  private readonly flagOptions: FlagOptions;

  /** Tasks with their flags computed once against one calendar and one "now". */
  async withFlags(tasks: Task[]): Promise<TaskDto[]> {
    const calendar = await this.calendar.calendar();
    const now = this.clock.now();
    return tasks.map((task) =>
      TaskDto.from(task, taskFlags(task, now, calendar, this.flagOptions)),
    );
  }

  async detail(id: string, user: AuthUser): Promise<TaskDetailDto> {
    const task = await this.access.findVisible(id, user);
    return this.detailOf(task, user);
  }

  /**
   * The task `user` may see, with the directives carrying it down. A chair, clerk or admin who
   * sees the task oversees its children — the receiving body issued them, and a body above
   * oversees the task's directive and so the chain under it (`body-scope.ts`) — so they see
   * the drafts too; a unit's people see the published ones.
   */
  async detailOf(task: Task, user: AuthUser): Promise<TaskDetailDto> {
    const [calendar, carriedDownBy] = await Promise.all([
      this.calendar.calendar(),
      this.carriedDown.carriedDownBy(task.id, scopeOf(user) !== 'unit'),
    ]);
    return TaskDetailDto.detail(
      task,
      taskFlags(task, this.clock.now(), calendar, this.flagOptions),
      carriedDownBy,
    );
  }

  /** GET /api/tasks: filters, deadline order; a unit's people see their unit's tasks only. */
  async list(query: TaskListQuery, user: AuthUser): Promise<Page<TaskDto>> {
    const builder = this.tasks.createQueryBuilder('task').leftJoinAndSelect('task.unit', 'unit');
    this.visibleTo(builder, user);
    if (query.directiveId)
      builder.andWhere('task.directiveId = :directiveId', { directiveId: query.directiveId });
    if (query.unitId) builder.andWhere('task.unitId = :unitId', { unitId: query.unitId });
    if (query.status?.length)
      builder.andWhere('task.status IN (:...statuses)', { statuses: query.status });
    if (query.role) builder.andWhere('task.role = :role', { role: query.role });
    if (query.dueBefore)
      builder.andWhere(
        `task.dueAt < (:dueBefore::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
        { dueBefore: query.dueBefore },
      );
    if (query.dueAfter)
      builder.andWhere(`task.dueAt >= :dueAfter::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`, {
        dueAfter: query.dueAfter,
      });
    if (query.overdue) {
      const overdue = overdueSql('task', ':now::timestamptz');
      builder.andWhere(query.overdue === 'true' ? overdue : `NOT ${overdue}`, {
        now: this.clock.now(),
      });
    }
    const [field, direction] = sortOf(query.sort);
    const [items, total] = await builder
      .orderBy(field, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('task.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: await this.withFlags(items), total, limit: query.limit, offset: query.offset };
  }

  /** Việc của đơn vị tôi: the user's unit's open tasks, soonest deadline first. */
  async inbox(query: PageQuery, user: AuthUser): Promise<Page<TaskDto>> {
    const [items, total] = await this.tasks
      .createQueryBuilder('task')
      .leftJoinAndSelect('task.unit', 'unit')
      .where('task.unitId = :unitId', { unitId: user.unitId })
      .andWhere(openSql('task'))
      .orderBy('task.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('task.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: await this.withFlags(items), total, limit: query.limit, offset: query.offset };
  }

  async history(id: string, user: AuthUser): Promise<TaskEventDto[]> {
    await this.access.findVisible(id, user);
    const events = await this.events.find({
      where: { taskId: id },
      relations: { actor: true },
      order: { id: 'ASC' },
    });
    return events.map((event) => TaskEventDto.from(event));
  }

  /** Only the tasks the user may see (`core/access/body-scope.ts`). */
  private visibleTo(builder: SelectQueryBuilder<Task>, user: AuthUser): void {
    const [scope] = scopeParams(user);
    builder.andWhere(visibleTaskSql(user, 'task', ':scope'), { scope });
  }

  /**
   * Of one directive's tasks, those the user sees: all when they govern it (the caller knows),
   * else their own unit's.
   */
  private ofDirective(builder: SelectQueryBuilder<Task>, user: AuthUser, governed: boolean): void {
    const unitId = directiveTasksUnit(user, governed);
    if (unitId !== null) builder.andWhere('task.unitId = :ownUnit', { ownUnit: unitId });
  }

  /**
   * What a reviewer reads beside each reported task: the report, the evidence still counted and
   * the latest metric figure. For tasks the caller already found visible (one query for all).
   */
  async reviewSummaries(taskIds: string[]): Promise<Map<string, ReviewSummary>> {
    if (taskIds.length === 0) return new Map();
    const rows = await this.tasks.query<ReviewSummaryRow[]>(
      `SELECT t.id, t.report,
              (SELECT count(*)::int FROM evidence e
                WHERE e.task_id = t.id AND e.withdrawn_at IS NULL) AS evidence,
              m.indicator, m.value::float8 AS value, m.as_of::text AS as_of
         FROM tasks t
         LEFT JOIN LATERAL (
           SELECT e.indicator, e.value, e.as_of FROM evidence e
            WHERE e.task_id = t.id AND e.kind = 'metric' AND e.withdrawn_at IS NULL
              AND e.value IS NOT NULL
            ORDER BY e.as_of DESC NULLS LAST, e.created_at DESC LIMIT 1
         ) m ON true
        WHERE t.id = ANY($1::uuid[])`,
      [taskIds],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          report: row.report,
          evidenceCount: row.evidence,
          latestMetric:
            row.value === null
              ? null
              : { indicator: row.indicator, value: row.value, asOf: row.as_of },
        },
      ]),
    );
  }

  /** The name of each task's unit, for tasks the caller already holds. */
  async unitNames(taskIds: string[]): Promise<Map<string, string>> {
    if (taskIds.length === 0) return new Map();
    const rows = await this.tasks
      .createQueryBuilder('task')
      .innerJoin('task.unit', 'unit')
      .select('task.id', 'id')
      .addSelect('unit.name', 'name')
      .where('task.id = ANY(:taskIds::uuid[])', { taskIds })
      .getRawMany<{ id: string; name: string }>();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * A directive's tasks: all of them for who governs it (`governed`, which the caller found),
   * else the user's own unit's.
   */
  async listForDirective(
    directiveId: string,
    query: PageQuery,
    user: AuthUser,
    governed: boolean,
  ): Promise<Page<TaskDto>> {
    const builder = this.tasks
      .createQueryBuilder('task')
      .leftJoinAndSelect('task.unit', 'unit')
      .where('task.directiveId = :directiveId', { directiveId });
    this.ofDirective(builder, user, governed);
    const [items, total] = await builder
      .orderBy('unit.kind', 'ASC')
      .addOrderBy('unit.name', 'ASC')
      .addOrderBy('task.role', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: await this.withFlags(items), total, limit: query.limit, offset: query.offset };
  }

  /**
   * Every task of a directive the user may see, as the few columns a per-unit summary links to:
   * raw rows, since a province-wide directive has more tasks than one request may hydrate.
   */
  async linesForDirective(
    directiveId: string,
    user: AuthUser,
    governed: boolean,
  ): Promise<TaskLine[]> {
    const builder = this.tasks
      .createQueryBuilder('task')
      .select('task.id', 'id')
      .addSelect('task.unit_id', 'unitId')
      .addSelect('task.requested', 'requested')
      .addSelect('task.status', 'status')
      .addSelect('task.deadline', 'deadline')
      .where('task.directiveId = :directiveId', { directiveId });
    this.ofDirective(builder, user, governed);
    return builder.orderBy('task.role', 'DESC').addOrderBy('task.id').getRawMany<TaskLine>();
  }

  /**
   * The open tasks the unit received (a body's, for carrying down), with their directive's
   * number and part, in the order received and a directive's in its parts' order; `taskId`
   * narrows to one. Tasks are the tasks module's: directives reads
   * them here.
   */
  async receivedOpen(unitId: string, taskId?: string): Promise<ReceivedTask[]> {
    return this.tasks.query<ReceivedTask[]>(
      `${RECEIVED_TASK}
        WHERE t.unit_id = $1 AND ${openSql('t')} AND ($2::uuid IS NULL OR t.id = $2::uuid)
        ORDER BY t.created_at, a.ordinal, t.id`,
      [unitId, taskId ?? null],
    );
  }

  /**
   * The task a directive carries down, named as `receivedOpen` names it, open or not (the
   * directive's page says what it implements). Only for a directive the caller may see.
   */
  async carriedDownTask(taskId: string): Promise<ReceivedTask | null> {
    const [task] = await this.tasks.query<ReceivedTask[]>(`${RECEIVED_TASK} WHERE t.id = $1`, [
      taskId,
    ]);
    return task ?? null;
  }

  /** Whether a unit has any task in a directive (what lets its people see the directive). */
  async unitHasTask(directiveId: string, unitId: string): Promise<boolean> {
    return this.tasks.exists({ where: { directiveId, unitId } });
  }
}

/** A task as a body received it: its directive's number and subject, its part. */
const RECEIVED_TASK = `
  SELECT t.id AS "taskId", t.directive_id AS "directiveId", d.number, d.subject, a.label,
         a.text AS instruction
    FROM tasks t
    JOIN directives d ON d.id = t.directive_id
    JOIN assignments a ON a.id = t.assignment_id`;

function sortOf(sort: TaskListQuery['sort']): [string, 'ASC' | 'DESC'] {
  switch (sort) {
    case '-deadline':
      return ['task.dueAt', 'DESC'];
    case 'updated':
      return ['task.updatedAt', 'ASC'];
    case '-updated':
      return ['task.updatedAt', 'DESC'];
    case 'deadline':
    case undefined:
      return ['task.dueAt', 'ASC'];
  }
}
