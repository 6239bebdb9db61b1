import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import type { Role } from '../core/access/role.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../core/clock.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import type { Recurrence } from '../tasks/recurrence.js';
import { TaskAccess } from '../tasks/task-access.service.js';
import { TaskEvents } from '../tasks/task-history.js';
import { updateTaskAtVersion } from '../tasks/task-versioning.js';
import type { Task } from '../tasks/task.entity.js';
import { NotIssuerError, StaleVersionError } from '../tasks/tasks.errors.js';
import { moversOf } from '../tasks/task-workflow.js';
import type {
  DuePeriodDto,
  DuePeriodsQuery,
  PeriodDto,
  PeriodReportInput,
  PeriodReviewInput,
} from './period.dto.js';
import { endOfWeekInVietnam } from './period-schedule.js';
import { PeriodScheduler } from './period-scheduler.service.js';
import { AWAITING_UNIT, type PeriodStatus, SUBMITTABLE } from './period-status.js';
import { cancelOpenPeriods, insertPeriods, PeriodColumns, periodStatusSql } from './period.sql.js';
import type { PeriodFile, PeriodMetric } from './task-period.entity.js';
import {
  NotPeriodReviewerError,
  NotPeriodUnitError,
  PeriodNotSubmittableError,
  PeriodNotSubmittedError,
  ReturnReasonRequiredError,
  PeriodTaskClosedError,
} from './periods.errors.js';

/** The outbox event of a recurrence change: the escalation scheduler plans the new periods. */
export const PERIODS_CHANGED = 'task.periods_changed';

const CLOSED = ['completed', 'cancelled'];

/** Who changes a task's recurrence after publication: the issuing side. */
export const RECURRENCE_EDITORS: readonly Role[] = ['clerk', 'chair', 'admin'];

export interface PeriodPermissions {
  report: boolean;
  review: boolean;
  changeRecurrence: boolean;
}

/** The period columns every read returns; `$1` is now. */
const PERIOD_COLUMNS = `
  p.id, p.task_id AS "taskId", p.number, to_char(p.starts_on, 'YYYY-MM-DD') AS "from",
  to_char(p.ends_on, 'YYYY-MM-DD') AS "to", p.due_at AS "dueAt", ${periodStatusSql('p', '$1')} AS status,
  p.late, p.report, p.metrics, p.files, p.submitted_at AS "submittedAt",
  p.first_submitted_at AS "firstSubmittedAt", p.reviewed_at AS "reviewedAt",
  p.review_note AS "reviewNote", p.cancelled_at AS "cancelledAt"`;

interface PeriodRow {
  id: string;
  taskId: string;
  number: number;
  from: string;
  to: string;
  dueAt: Date;
  status: PeriodStatus;
  late: boolean;
  report: string | null;
  metrics: PeriodMetric[];
  files: PeriodFile[];
  submittedAt: Date | null;
  firstSubmittedAt: Date | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  cancelledAt: Date | null;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

function toDto(row: PeriodRow): PeriodDto {
  return {
    ...row,
    dueAt: new Date(row.dueAt).toISOString(),
    files: row.files.map(({ fileName, mediaType, sizeBytes }, index) => ({
      index,
      fileName,
      mediaType,
      sizeBytes,
    })),
    submittedAt: iso(row.submittedAt),
    firstSubmittedAt: iso(row.firstSubmittedAt),
    reviewedAt: iso(row.reviewedAt),
    cancelledAt: iso(row.cancelledAt),
  };
}

/**
 * Reporting periods (kỳ báo cáo) over HTTP: a task's periods, a unit's report on one, its review,
 * a unit's due list, and a recurrence change after publication. Access is the task's: a unit's
 * people reach only their own unit's tasks (404 otherwise, as for a missing id). Every change
 * writes its task history line in the same statement or transaction.
 */
@Injectable()
export class PeriodsService {
  private readonly logger = new Logger(PeriodsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TaskAccess,
    private readonly transactions: TransactionRunner,
    private readonly scheduler: PeriodScheduler,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** A task's periods, oldest first (cancelled ones included: history is kept). */
  async list(taskId: string, user: AuthUser): Promise<PeriodDto[]> {
    await this.access.findVisible(taskId, user);
    const rows = await this.dataSource.query<PeriodRow[]>(
      `SELECT ${PERIOD_COLUMNS} FROM task_periods p WHERE p.task_id = $2 ORDER BY p.number`,
      [this.clock.now(), taskId],
    );
    return rows.map(toDto);
  }

  /** One period of a visible task (404 when it is not this task's). */
  async get(taskId: string, periodId: string, user: AuthUser): Promise<PeriodDto> {
    await this.access.findVisible(taskId, user);
    return toDto(await this.row(this.dataSource.manager, taskId, periodId));
  }

  /**
   * The unit reports on a period: from open, missed (late, kept and marked late, never refused)
   * or returned. The report, its history line: one statement, guarded by the status it was in.
   */
  async report(
    taskId: string,
    periodId: string,
    input: PeriodReportInput,
    user: AuthUser,
    files: PeriodFile[] = [],
  ): Promise<PeriodDto> {
    const period = await this.checkMayReport(taskId, periodId, user);
    const now = this.clock.now();
    const metrics: PeriodMetric[] = (input.metrics ?? []).map((m) => ({
      indicator: m.indicator,
      value: m.value,
      asOf: m.asOf ?? period.to,
    }));
    const [written] = await this.dataSource.query<Array<{ late: boolean }>>(
      `WITH reported AS (
         UPDATE task_periods
            SET status = 'submitted', report = $3, metrics = $4::jsonb,
                files = files || $5::jsonb, submitted_at = $6, submitted_by = $7,
                first_submitted_at = coalesce(first_submitted_at, $6),
                late = coalesce(first_submitted_at, $6) > due_at,
                reviewed_at = NULL, reviewed_by = NULL, review_note = NULL
          WHERE id = $1 AND task_id = $2 AND status = ANY($8::varchar[])
          RETURNING task_id, id, number, late
       ),
       history AS (${TaskEvents.insertFrom(
         `SELECT task_id, $7::uuid, 'period_reported', NULL, NULL, $3::text,
                 jsonb_build_object('periodId', id, 'number', number, 'late', late,
                                    'metrics', $4::jsonb)
            FROM reported`,
       )})
       SELECT late FROM reported`,
      [
        periodId,
        taskId,
        input.text,
        JSON.stringify(metrics),
        JSON.stringify(files),
        now,
        user.id,
        [...SUBMITTABLE],
      ],
    );
    if (!written) {
      const current = await this.row(this.dataSource.manager, taskId, periodId);
      throw new PeriodNotSubmittableError(current.status);
    }
    this.logger.debug(`user ${user.id} reported period ${periodId} of task ${taskId}`);
    return toDto(await this.row(this.dataSource.manager, taskId, periodId));
  }

  /**
   * What can be refused before an upload is read, so nobody stores a file on a period they may
   * not report on: 404 (not theirs), 403 (not the unit), 409 (closed task, period not open).
   */
  async checkMayReport(taskId: string, periodId: string, user: AuthUser): Promise<PeriodRow> {
    const task = await this.access.findVisible(taskId, user);
    if (!this.isTaskUnit(task, user)) throw new NotPeriodUnitError();
    if (CLOSED.includes(task.status)) throw new PeriodTaskClosedError();
    const period = await this.row(this.dataSource.manager, taskId, periodId);
    if (!SUBMITTABLE.includes(period.status)) throw new PeriodNotSubmittableError(period.status);
    return period;
  }

  /** A file of a period's report (its place in `files`), to anyone who may see the task. */
  async file(taskId: string, periodId: string, index: number, user: AuthUser): Promise<PeriodFile> {
    await this.access.findVisible(taskId, user);
    const period = await this.row(this.dataSource.manager, taskId, periodId);
    const file = period.files[index];
    if (!file) throw new NotFoundError('period_file', `${periodId}/${index}`);
    return file;
  }

  /** The reviewer (as for the task) accepts or returns a submitted report. */
  async review(
    taskId: string,
    periodId: string,
    input: PeriodReviewInput,
    user: AuthUser,
  ): Promise<PeriodDto> {
    const task = await this.access.findVisible(taskId, user);
    if (!this.mayReview(task, user)) throw new NotPeriodReviewerError();
    if (input.decision === 'return' && !input.reason) throw new ReturnReasonRequiredError();
    const status = input.decision === 'accept' ? 'accepted' : 'returned';
    const [written] = await this.dataSource.query<Array<{ id: string }>>(
      `WITH reviewed AS (
         UPDATE task_periods
            SET status = $3, reviewed_at = $4, reviewed_by = $5, review_note = $6
          WHERE id = $1 AND task_id = $2 AND status = 'submitted'
          RETURNING task_id, id, number
       ),
       history AS (${TaskEvents.insertFrom(
         `SELECT task_id, $5::uuid, 'period_reviewed', 'submitted', $3::varchar, $6::text,
                 jsonb_build_object('periodId', id, 'number', number)
            FROM reviewed`,
       )})
       SELECT id FROM reviewed`,
      [periodId, taskId, status, this.clock.now(), user.id, input.reason ?? null],
    );
    const period = await this.row(this.dataSource.manager, taskId, periodId);
    if (!written) throw new PeriodNotSubmittedError(period.status);
    return toDto(period);
  }

  /** Kỳ báo cáo của đơn vị tôi: the user's unit's periods, soonest due first. */
  async dueForUnit(query: DuePeriodsQuery, user: AuthUser): Promise<Page<DuePeriodDto>> {
    const page = { limit: query.limit, offset: query.offset };
    if (!user.unitId) return { items: [], total: 0, ...page };
    const now = this.clock.now();
    const statuses = query.due === 'all' ? null : [...AWAITING_UNIT];
    // This week: what falls due by Sunday night, and whatever is overdue or returned already.
    const dueBefore = query.due === 'week' ? endOfWeekInVietnam(now) : null;
    const rows = await this.dataSource.query<
      Array<
        PeriodRow & {
          total: number;
          directiveId: string;
          dNumber: string | null;
          subject: string | null;
          label: string;
        }
      >
    >(
      `SELECT ${PERIOD_COLUMNS}, count(*) OVER ()::int AS total,
              t.directive_id AS "directiveId", d.number AS "dNumber", d.subject, a.label
         FROM tasks t
         JOIN task_periods p ON p.task_id = t.id
         JOIN directives d ON d.id = t.directive_id
         JOIN assignments a ON a.id = t.assignment_id
        WHERE t.unit_id = $2 AND t.status NOT IN ('completed', 'cancelled')
          AND ($3::varchar[] IS NULL OR ${periodStatusSql('p', '$1')} = ANY($3::varchar[]))
          AND ($6::timestamptz IS NULL OR p.due_at < $6 OR p.status = 'returned')
        ORDER BY p.due_at, p.id
        LIMIT $4 OFFSET $5`,
      [now, user.unitId, statuses, query.limit, query.offset, dueBefore],
    );
    return {
      items: rows.map(({ total: _total, directiveId, dNumber, subject, label, ...row }) => ({
        ...toDto(row),
        task: { id: row.taskId, directiveId, number: dNumber, subject, label },
      })),
      total: rows[0]?.total ?? 0,
      ...page,
    };
  }

  /**
   * The issuing side changes a task's recurrence after publication: future periods only. Open
   * periods not yet due are cancelled (kept, as history), the new schedule continues after the
   * last period kept, and the change is on the task's history with before and after.
   */
  async changeRecurrence(
    taskId: string,
    recurrence: Recurrence | null,
    version: number,
    user: AuthUser,
  ): Promise<PeriodDto[]> {
    const task = await this.access.findVisible(taskId, user);
    if (!this.access.actorFor(task, user).issuer) throw new NotIssuerError();
    if (CLOSED.includes(task.status)) throw new PeriodTaskClosedError();
    if (task.version !== version) throw new StaleVersionError(version, task.version);
    const now = this.clock.now();
    const calendar = await this.calendar.calendar();
    await this.transactions.run(async (manager) => {
      await updateTaskAtVersion(
        manager,
        taskId,
        version,
        { recurrence },
        {
          history: {
            taskId,
            actorId: user.id,
            kind: 'recurrence_changed',
            data: { before: task.recurrence, after: recurrence },
          },
          outbox: [{ type: PERIODS_CHANGED, payload: { taskId } }],
        },
      );
      const cancelled = await cancelOpenPeriods(manager, [taskId], now);
      if (recurrence) {
        const [last] = await manager.query<Array<{ number: number; to: string }>>(
          `SELECT max(number)::int AS number,
                  (SELECT to_char(ends_on, 'YYYY-MM-DD') FROM task_periods
                    WHERE task_id = $1 AND status <> 'cancelled' ORDER BY number DESC LIMIT 1) AS "to"
             FROM task_periods WHERE task_id = $1`,
          [taskId],
        );
        // Numbers are never reused (cancelled periods keep theirs); spans go on from the last
        // period kept, or from now when there is none.
        const after = last.number === null ? null : { number: last.number, to: last.to ?? '' };
        const spans = this.scheduler
          .spans(recurrence, now, calendar, after?.to ? after : null, now)
          .map((span, i) => ({ ...span, number: (after?.number ?? 0) + i + 1 }));
        const periods = new PeriodColumns();
        periods.add(taskId, spans);
        await insertPeriods(manager, periods);
      }
      this.logger.log(
        `user ${user.id} changed the recurrence of task ${taskId}; ${cancelled} periods cancelled`,
      );
    });
    return this.list(taskId, user);
  }

  /**
   * What the user may do with a visible task's periods (the pages offer only these forms; each
   * action checks again): report (the task's own unit, task open), review (as for the task),
   * change the recurrence (the issuing side, task open).
   */
  permissions(task: Task, user: AuthUser): PeriodPermissions {
    const open = !CLOSED.includes(task.status);
    return {
      report: open && this.isTaskUnit(task, user),
      review: this.mayReview(task, user),
      changeRecurrence:
        open && RECURRENCE_EDITORS.includes(user.role) && this.access.actorFor(task, user).issuer,
    };
  }

  private isTaskUnit(task: Task, user: AuthUser): boolean {
    return moversOf(this.access.actorFor(task, user)).includes('unit');
  }

  private mayReview(task: Task, user: AuthUser): boolean {
    return moversOf(this.access.actorFor(task, user)).includes('reviewer');
  }

  private async row(manager: EntityManager, taskId: string, periodId: string): Promise<PeriodRow> {
    const [row] = await manager.query<PeriodRow[]>(
      `SELECT ${PERIOD_COLUMNS} FROM task_periods p WHERE p.id = $2 AND p.task_id = $3`,
      [this.clock.now(), periodId, taskId],
    );
    if (!row) throw new NotFoundError('period', periodId);
    return row;
  }
}
