import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { vietnamDate } from '../calendar/working-calendar.js';
import { Clock } from '../core/clock.js';
import type { EscalationPolicy } from '../escalation/escalation-policy.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { Outbox } from '../core/outbox/outbox.js';
import { PeriodScheduler } from '../periods/period-scheduler.service.js';
import { recurrenceForPeriods } from '../periods/period-schedule.js';
import { insertPublishedTasks, type PublishedTaskColumns } from '../tasks/task-publication.js';
import type { TaskRole } from '../tasks/task-status.js';
import type { Assignment } from './assignment.entity.js';
import type { PublishResultDto } from './directive.dto.js';
import type { Directive } from './directive.entity.js';
import type { DefaultDeadline } from './directive-status.js';
import { deadlineInstant } from '../tasks/deadlines.js';
import { normalizeDefaultDeadline } from './default-deadline.js';
import { DirectivesService } from './directives.service.js';
import { DirectiveNotDraftError, PublishBlockedError } from './directives.errors.js';
import {
  describeProblem,
  type PlannablePart,
  type PlannedPart,
  planTasks,
  type PublishProblem,
  publishProblems,
} from './publication-plan.js';

/** The outbox event a publication writes; the escalation scheduler consumes it. */
export const DIRECTIVE_PUBLISHED = 'directive.published';

/** What a publication would create now, and what blocks it. */
export interface PublicationPreview {
  directive: Directive;
  /** The day counted from ("N working days" deadlines). */
  publishedOn: string;
  defaultDeadline: DefaultDeadline | null;
  parts: Array<PlannedPart<Assignment>>;
  tasks: number;
  problems: PublishProblem[];
}

/**
 * Publishes a reviewed draft: one task per (part, unit) — a group fans out to every member,
 * named partners get `coordinate` tasks — all in one transaction with the directive's new state
 * and a `directive.published` outbox event, so a publication is whole or absent.
 */
@Injectable()
export class DirectivePublisher {
  private readonly logger = new Logger(DirectivePublisher.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly directives: DirectivesService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly periods: PeriodScheduler,
  ) {}

  /**
   * What publishing now would create, without writing anything: the same fan-out, deadlines and
   * problems as `publish`, for the clerk to confirm first. Refuses a published directive (409).
   */
  async preview(
    id: string,
    input: { defaultDeadline?: unknown },
    user: AuthUser,
  ): Promise<PublicationPreview> {
    await this.directives.findGoverned(id, user);
    const { directive, assignments } = await this.directives.get(id, user);
    if (directive.status !== 'draft') throw new DirectiveNotDraftError(id);
    const fallback =
      input.defaultDeadline !== undefined
        ? normalizeDefaultDeadline(input.defaultDeadline)
        : directive.defaultDeadline;
    const [calendar, active] = await Promise.all([
      this.calendar.calendar(),
      activeUnitsOf(this.dataSource.manager, assignments),
    ]);
    const publishedOn = vietnamDate(this.clock.now());
    const parts = planTasks(assignments, fallback, publishedOn, calendar);
    return {
      directive,
      publishedOn,
      defaultDeadline: fallback,
      parts,
      tasks: parts.reduce((sum, p) => sum + p.leads.length + p.partners.length, 0),
      problems: publishProblems(assignments, fallback, active),
    };
  }

  async publish(
    id: string,
    input: { defaultDeadline?: unknown; escalationPolicy?: Partial<EscalationPolicy> },
    user: AuthUser,
  ): Promise<PublishResultDto> {
    const defaultDeadlineInput = input.defaultDeadline;
    const started = Date.now();
    const calendar = await this.calendar.calendar();
    const result = await this.transactions.run(async (manager) => {
      // The row lock makes a second, concurrent publish wait and then find it published (409).
      const directive = await this.directives.lockDraft(manager, id, user);
      // Plain rows, not entities: a long letter may have thousands of parts.
      const parts = await manager.query<PartRow[]>(
        `SELECT id, label, assignee, requested, resolution, deadline, unit_ids AS "unitIds",
                coordinators, recurrence, subtasks
           FROM assignments WHERE directive_id = $1 ORDER BY ordinal`,
        [id],
      );
      const fallback: DefaultDeadline | null =
        defaultDeadlineInput !== undefined
          ? normalizeDefaultDeadline(defaultDeadlineInput)
          : directive.defaultDeadline;

      const active = await activeUnitsOf(manager, parts);
      const problems = publishProblems(parts, fallback, active);
      if (problems.length > 0) throw new PublishBlockedError(problems.map(describeProblem));

      const now = this.clock.now();
      const tasks = new TaskColumns();
      const perAssignment: PublishResultDto['assignments'] = [];
      for (const planned of planTasks(parts, fallback, vietnamDate(now), calendar)) {
        const { part, deadline } = planned;
        tasks.add(part, deadline, planned.leads, 'lead');
        tasks.add(part, deadline, planned.partners, 'coordinate');
        perAssignment.push({
          assignmentId: part.id,
          label: part.label,
          assignee: part.assignee,
          lead: planned.leads.length,
          coordinate: planned.partners.length,
        });
      }
      await insertPublishedTasks(manager, id, tasks, now, user.id);
      // Reporting periods of the recurring parts' lead tasks: one statement, same transaction.
      const periods = await this.periods.atPublication(
        manager,
        id,
        parts.map((part) => ({ assignmentId: part.id, recurrence: periodRecurrence(part) })),
        now,
        calendar,
      );
      await manager.query(
        `UPDATE directives
            SET status = 'published', published_at = $2, published_by = $3,
                default_deadline = $4::jsonb, escalation_policy = coalesce($5::jsonb, escalation_policy),
                updated_at = now()
          WHERE id = $1`,
        [
          id,
          now,
          user.id,
          fallback === null ? null : JSON.stringify(fallback),
          input.escalationPolicy ? JSON.stringify(input.escalationPolicy) : null,
        ],
      );
      // Wakes the scheduler at once: the jobs of a publication should not wait for its poll.
      await Outbox.add(manager, DIRECTIVE_PUBLISHED, { directiveId: id }, { wake: true });
      return {
        directiveId: id,
        publishedAt: now.toISOString(),
        tasks: tasks.count,
        periods,
        assignments: perAssignment,
      };
    });
    this.logger.log(
      `user ${user.id} published directive ${id}: ${result.tasks} tasks in ${Date.now() - started} ms`,
    );
    return result;
  }
}

/** What publishing reads of a part. */
type PartRow = PlannablePart & Pick<Assignment, 'recurrence' | 'subtasks'>;

/** The tasks of a publication, column by column, for the tasks module's set-based INSERT. */
class TaskColumns implements PublishedTaskColumns {
  readonly assignmentIds: string[] = [];
  readonly unitIds: string[] = [];
  readonly roles: TaskRole[] = [];
  readonly requested: boolean[] = [];
  readonly deadlines: Array<string | null> = [];
  readonly dueAts: Array<Date | null> = [];
  readonly recurrences: Array<string | null> = [];
  readonly subtasks: string[] = [];

  get count(): number {
    return this.unitIds.length;
  }

  add(part: PartRow, deadline: string | null, unitIds: string[], role: TaskRole): void {
    const dueAt = deadline ? deadlineInstant(deadline) : null;
    const own = periodRecurrence(part);
    const recurrence = own === null ? null : JSON.stringify(own);
    const subtasks = JSON.stringify(part.subtasks);
    for (const unitId of unitIds) {
      this.assignmentIds.push(part.id);
      this.unitIds.push(unitId);
      this.roles.push(role);
      this.requested.push(part.requested);
      this.deadlines.push(deadline);
      this.dueAts.push(dueAt);
      this.recurrences.push(recurrence);
      this.subtasks.push(subtasks);
    }
  }
}

/** A part's recurrence, or its first recurring sub-item's: what its tasks and periods follow. */
function periodRecurrence(part: PartRow) {
  return recurrenceForPeriods(part.recurrence, part.subtasks);
}

/** Which of the units a draft names are still active. */
async function activeUnitsOf(manager: EntityManager, parts: PlannablePart[]): Promise<Set<string>> {
  const unitIds = new Set(
    parts.flatMap((a) => [...a.unitIds, ...a.coordinators.flatMap((c) => c.unitIds)]),
  );
  if (unitIds.size === 0) return new Set();
  const units = await manager.query<Array<{ id: string }>>(
    'SELECT id FROM units WHERE id = ANY($1::uuid[]) AND active',
    [[...unitIds]],
  );
  return new Set(units.map((u) => u.id));
}
