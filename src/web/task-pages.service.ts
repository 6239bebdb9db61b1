import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { DomainError } from '../core/errors/domain-error.js';
import { EvidenceService } from '../tasks/evidence.service.js';
import { TaskAccess } from '../tasks/task-access.service.js';
import { TaskRequestsService } from '../tasks/task-requests.service.js';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task-status.js';
import { checkMove, OPEN_STATUSES } from '../tasks/task-workflow.js';
import { TaskWorkflowService } from '../tasks/task-workflow.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import type { TaskDto } from '../tasks/task.dto.js';
import { TargetsService } from '../targets/targets.service.js';
import type { DuePeriodDto } from '../periods/period.dto.js';
import { todayInVietnam } from './format.js';
import { PeriodPagesService } from './period-pages.service.js';
import type { ExtensionForm, MetricForm, StatusForm } from './task-pages.form.js';

const PAGE_SIZE = 30;

export interface InboxRow extends TaskDto {
  directiveNumber: string | null;
  label: string;
  text: string;
}

/** A move offered on the task page, and what its form must ask for. */
export interface OfferedMove {
  to: TaskStatus;
  needs?: 'reason' | 'report';
}

/** What the task pages read and do, through the same services (and checks) as the API. */
@Injectable()
export class TaskPagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly access: TaskAccess,
    private readonly workflow: TaskWorkflowService,
    private readonly evidence: EvidenceService,
    private readonly requests: TaskRequestsService,
    private readonly targets: TargetsService,
    private readonly periods: PeriodPagesService,
    private readonly clock: Clock,
  ) {}

  /**
   * The unit's open tasks, soonest deadline first (a status or "late only" narrows them); for
   * chairs and clerks, every task they may see.
   */
  async inbox(
    filter: { status?: TaskStatus; overdue?: 'true'; page?: number },
    user: AuthUser,
  ): Promise<{
    items: InboxRow[];
    total: number;
    page: number;
    pages: number;
    periods: DuePeriodDto[] | null;
  }> {
    const page = filter.page ?? 1;
    const result = await this.tasks.list(
      {
        status: filter.status ? [filter.status] : [...OPEN_STATUSES],
        overdue: filter.overdue,
        unitId: user.role === 'unit_officer' || user.role === 'unit_head' ? user.unitId : undefined,
        sort: 'deadline',
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      },
      user,
    );
    const [parts, periods] = await Promise.all([
      this.partsOf(result.items.map((task) => task.assignmentId)),
      this.periods.dueThisWeek(user),
    ]);
    return {
      items: result.items.map((task) => ({ ...task, ...parts.get(task.assignmentId)! })),
      total: result.total,
      page,
      pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
      periods,
    };
  }

  /** The task page: the task, its history, evidence and requests, and the moves offered. */
  async task(id: string, user: AuthUser) {
    const detail = await this.tasks.detail(id, user);
    const entity = await this.access.findVisible(id, user);
    const actor = this.access.actorFor(entity, user);
    const [history, evidence, requests, indicators, periods] = await Promise.all([
      this.tasks.history(id, user),
      this.evidence.list(id, { limit: 100, offset: 0 }, user),
      this.requests.listForTask(id, user),
      this.indicators(detail.directiveId, user),
      this.periods.forTask(entity, user),
    ]);
    const moves: OfferedMove[] = [];
    for (const to of TASK_STATUSES) {
      const check = checkMove(detail.status, to, actor, detail.pausedFrom);
      if (check.allowed) moves.push({ to, needs: check.needs });
    }
    const mayAddEvidence = await this.evidence
      .checkMayAdd(id, user)
      .then(() => true)
      .catch((error: unknown) => {
        if (error instanceof DomainError) return false;
        throw error;
      });
    return {
      task: detail,
      history,
      evidence: evidence.items,
      requests,
      moves,
      mayAddEvidence,
      mayRequestExtension:
        actor.ownUnit &&
        detail.deadline !== null &&
        OPEN_STATUSES.includes(detail.status) &&
        detail.status !== 'reported',
      indicators,
      periods,
      // Triển khai văn bản: the receiving body's clerk imports its own letter for an open task.
      mayCarryDown:
        user.role === 'clerk' &&
        detail.unit.id === user.bodyId &&
        OPEN_STATUSES.includes(detail.status),
      today: todayInVietnam(this.clock.now()),
    };
  }

  changeStatus(id: string, form: StatusForm, user: AuthUser) {
    return this.workflow.changeStatus(
      id,
      {
        status: form.status,
        version: form.version,
        note: form.note,
        report: form.report,
        reason: form.reason,
      },
      user,
    );
  }

  addMetric(id: string, form: MetricForm, user: AuthUser) {
    return this.evidence.add(
      id,
      {
        kind: 'metric',
        indicator: form.indicator,
        value: form.value,
        asOf: form.asOf,
        text: form.text,
      },
      null,
      user,
    );
  }

  addNote(id: string, text: string, user: AuthUser) {
    return this.evidence.add(id, { kind: 'note', text }, null, user);
  }

  requestExtension(id: string, form: ExtensionForm, user: AuthUser) {
    return this.requests.request(
      id,
      'extension',
      { deadline: form.deadline, reason: form.reason },
      user,
    );
  }

  /** The directive's target indicators, offered when the unit enters a figure. */
  private async indicators(directiveId: string, user: AuthUser): Promise<string[]> {
    const { targets } = await this.targets.progress(directiveId, user);
    return targets.map((target) => target.indicator);
  }

  /** Each task's part of its directive (label, text) and the directive's number, in one query. */
  private async partsOf(assignmentIds: string[]) {
    const rows = await this.dataSource.query<
      Array<{ id: string; label: string; text: string; number: string | null }>
    >(
      `SELECT a.id, a.label, a.text, d.number FROM assignments a
       JOIN directives d ON d.id = a.directive_id WHERE a.id = ANY($1::uuid[])`,
      [assignmentIds],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { label: row.label, text: row.text, directiveNumber: row.number },
      ]),
    );
  }
}
