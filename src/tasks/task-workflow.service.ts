import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { vietnamDate } from '../calendar/working-calendar.js';
import { Clock } from '../core/clock.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { DomainError } from '../core/errors/domain-error.js';
import { mapError } from '../core/http/error-mapping.js';
import { deadlineDate, deadlineInstant } from './deadlines.js';
import { ReportAttachments } from './carrying-down.ports.js';
import { Evidence } from './evidence.entity.js';
import { EvidenceService } from './evidence.service.js';
import type { BulkReviewDto, BulkReviewResultDto } from './task.dto.js';
import { TaskAccess } from './task-access.service.js';
import type { TaskStatus } from './task-status.js';
import { updateTaskAtVersion } from './task-versioning.js';
import { checkMove, isUnitActivity } from './task-workflow.js';
import type { Task } from './task.entity.js';
import {
  EvidenceRequiredError,
  InvalidTransitionError,
  NotYourMoveError,
  ReasonRequiredError,
  ReportRequiredError,
  StaleVersionError,
} from './tasks.errors.js';

/** Outbox events for the escalation scheduler: a deadline moved, or a task ended. */
export const TASK_DEADLINE_CHANGED = 'task.deadline_changed';
export const TASK_CLOSED = 'task.closed';

/** What a child's attached compliance report says of itself. */
const CHILD_REPORT_TEXT =
  'Báo cáo tuân thủ của văn bản triển khai nhiệm vụ này, đính kèm tự động khi báo cáo';

export interface StatusChange {
  status: TaskStatus;
  version: number;
  note?: string;
  report?: string;
  reason?: string;
}

/**
 * Moves tasks through the status machine (task-workflow.ts): checks who may move, what the move
 * needs, and the version the caller loaded; writes the change, its history line and any outbox
 * event in one transaction.
 */
@Injectable()
export class TaskWorkflowService {
  private readonly logger = new Logger(TaskWorkflowService.name);

  constructor(
    private readonly access: TaskAccess,
    private readonly transactions: TransactionRunner,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly evidence: EvidenceService,
    private readonly attachments: ReportAttachments,
  ) {}

  async changeStatus(taskId: string, change: StatusChange, user: AuthUser): Promise<Task> {
    const task = await this.access.findVisible(taskId, user);
    // A caller working from an old copy hears that first, whatever else is wrong with the move.
    if (task.version !== change.version) throw new StaleVersionError(change.version, task.version);
    const actor = this.access.actorFor(task, user);
    const check = checkMove(task.status, change.status, actor, task.pausedFrom);
    if (!check.allowed) {
      throw check.why === 'invalid_transition'
        ? new InvalidTransitionError(task.status, change.status)
        : new NotYourMoveError(task.status, change.status);
    }
    if (check.needs === 'reason' && !change.reason?.trim())
      throw new ReasonRequiredError(change.status);
    if (check.needs === 'report' && !change.report?.trim()) throw new ReportRequiredError();

    const now = this.clock.now();
    const resumed = task.status === 'paused';
    const shifted = resumed ? await this.deadlineAfterPause(task, now) : null;
    let version = task.version;
    let applied: Parameters<typeof updateTaskAtVersion>[3] = {};
    // Reporting a task the body carried down attaches each published child's compliance report
    // (rendered and stored first, attached in the report's transaction: once per report).
    const generated =
      change.status === 'reported'
        ? await this.evidence.storeGenerated(await this.attachments.forReport(taskId))
        : [];
    // A report is checked against its evidence in the same transaction; any other move is one
    // statement, a transaction by itself.
    const write = async (manager: EntityManager): Promise<void> => {
      if (check.needs === 'report') {
        await this.evidence.attachGenerated(manager, taskId, generated, user, CHILD_REPORT_TEXT);
        const evidence = await manager.count(Evidence, {
          where: { taskId, withdrawnAt: IsNull() },
        });
        if (evidence === 0) throw new EvidenceRequiredError();
      }
      const changes: Parameters<typeof updateTaskAtVersion>[3] = { status: change.status };
      if (change.status === 'reported')
        Object.assign(changes, { report: change.report!.trim(), reportedAt: now });
      if (change.status === 'completed') changes.completedAt = now;
      if (isUnitActivity(actor)) changes.lastUnitActivityAt = now;
      if (resumed) {
        Object.assign(changes, { pausedFrom: null, pausedAt: null });
        if (shifted) {
          Object.assign(changes, {
            deadline: shifted,
            dueAt: deadlineInstant(shifted),
            deadlineVersion: task.deadlineVersion + 1,
          });
        }
      }
      const outbox: Array<{ type: string; payload: Record<string, unknown> }> = [];
      if (shifted) outbox.push({ type: TASK_DEADLINE_CHANGED, payload: { taskId } });
      if (change.status === 'completed' || change.status === 'cancelled') {
        outbox.push({ type: TASK_CLOSED, payload: { taskId } });
      }
      // The change, its history line and its outbox events: one statement.
      version = await updateTaskAtVersion(manager, taskId, change.version, changes, {
        history: {
          taskId,
          actorId: user.id,
          kind: 'status_changed',
          fromStatus: task.status,
          toStatus: change.status,
          note: change.reason ?? change.report ?? change.note ?? null,
          data: shifted ? { deadline: { before: task.deadline, after: shifted } } : {},
        },
        outbox,
      });
      applied = changes;
    };
    // A report is checked against its evidence in the same transaction; any other move is one
    // statement, a transaction by itself.
    await (check.needs === 'report'
      ? this.transactions.run(write)
      : this.transactions.statement(write));
    // The request log and the audit row already record the move; this line is for debugging.
    this.logger.debug(`user ${user.id} moved task ${taskId} ${task.status} → ${change.status}`);
    // The update matched the version read above, so the row is that task plus these changes:
    // no need to read it again.
    return Object.assign<Task, object>(task, { ...applied, version });
  }

  /**
   * The deadline after a pause: moved by the working days the task spent paused (the clock
   * stopped), keeping its time of day; null when nothing moves.
   */
  private async deadlineAfterPause(task: Task, now: Date): Promise<string | null> {
    if (!task.deadline || !task.pausedAt) return null;
    const calendar = await this.calendar.calendar();
    const paused = calendar.workingDaysBetween(vietnamDate(task.pausedAt), vietnamDate(now));
    if (paused <= 0) return null;
    return calendar.addWorkingDays(deadlineDate(task.deadline), paused) + task.deadline.slice(10);
  }

  /** Accepts or returns several reported tasks; each outcome is reported on its own. */
  async bulkReview(input: BulkReviewDto, user: AuthUser): Promise<BulkReviewResultDto[]> {
    const results: BulkReviewResultDto[] = [];
    for (const item of input.tasks) {
      try {
        const task = await this.changeStatus(
          item.taskId,
          { status: input.status, version: item.version, reason: input.reason, note: input.note },
          user,
        );
        results.push({ taskId: item.taskId, ok: true, status: task.status, version: task.version });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const { statusCode, code, message } = mapError(error);
        results.push({ taskId: item.taskId, ok: false, error: { statusCode, code, message } });
      }
    }
    return results;
  }
}
