import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { vietnamDate } from '../calendar/working-calendar.js';
import { Clock } from '../core/clock.js';
import type { EscalationPolicy } from '../escalation/escalation-policy.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { recordEvent } from '../core/outbox/outbox.js';
import { type NewTask, TasksService } from '../tasks/tasks.service.js';
import { Unit } from '../units/unit.entity.js';
import { Assignment } from './assignment.entity.js';
import type { PublishResultDto } from './directive.dto.js';
import type { Directive } from './directive.entity.js';
import type { DefaultDeadline } from './directive-status.js';
import { deadlineInstant, normalizeDefaultDeadline } from './deadlines.js';
import { DirectivesService } from './directives.service.js';
import { DirectiveNotDraftError, PublishBlockedError } from './directives.errors.js';
import {
  describeProblem,
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
    private readonly tasks: TasksService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
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
      const directive = await this.directives.lockDraft(manager, id);
      const assignments = await manager.find(Assignment, {
        where: { directiveId: id },
        order: { ordinal: 'ASC' },
      });
      const fallback: DefaultDeadline | null =
        defaultDeadlineInput !== undefined
          ? normalizeDefaultDeadline(defaultDeadlineInput)
          : directive.defaultDeadline;

      const active = await activeUnitsOf(manager, assignments);
      const problems = publishProblems(assignments, fallback, active);
      if (problems.length > 0) throw new PublishBlockedError(problems.map(describeProblem));

      const now = this.clock.now();
      const rows: NewTask[] = [];
      const perAssignment: PublishResultDto['assignments'] = [];
      for (const planned of planTasks(assignments, fallback, vietnamDate(now), calendar)) {
        const { part: assignment, deadline } = planned;
        const common = {
          directiveId: id,
          assignmentId: assignment.id,
          requested: assignment.requested,
          deadline,
          originalDeadline: deadline,
          dueAt: deadline ? deadlineInstant(deadline) : null,
          // The stale clock starts at publication.
          lastUnitActivityAt: now,
          recurrence: assignment.recurrence,
          subtasks: assignment.subtasks,
        };
        for (const unitId of planned.leads) rows.push({ ...common, unitId, role: 'lead' });
        for (const unitId of planned.partners) rows.push({ ...common, unitId, role: 'coordinate' });
        perAssignment.push({
          assignmentId: assignment.id,
          label: assignment.label,
          assignee: assignment.assignee,
          lead: planned.leads.length,
          coordinate: planned.partners.length,
        });
      }
      await this.tasks.createMany(manager, rows, user.id);
      directive.status = 'published';
      directive.publishedAt = now;
      directive.publishedById = user.id;
      directive.defaultDeadline = fallback;
      if (input.escalationPolicy)
        directive.escalationPolicy = input.escalationPolicy as EscalationPolicy;
      await manager.save(directive);
      await recordEvent(manager, DIRECTIVE_PUBLISHED, { directiveId: id });
      return {
        directiveId: id,
        publishedAt: now.toISOString(),
        tasks: rows.length,
        assignments: perAssignment,
      };
    });
    this.logger.log(
      `user ${user.id} published directive ${id}: ${result.tasks} tasks in ${Date.now() - started} ms`,
    );
    return result;
  }
}

/** Which of the units a draft names are still active. */
async function activeUnitsOf(
  manager: EntityManager,
  assignments: Assignment[],
): Promise<Set<string>> {
  const unitIds = new Set(
    assignments.flatMap((a) => [...a.unitIds, ...a.coordinators.flatMap((c) => c.unitIds)]),
  );
  if (unitIds.size === 0) return new Set();
  const units = await manager.find(Unit, {
    where: { id: In([...unitIds]), active: true },
    select: { id: true },
  });
  return new Set(units.map((u) => u.id));
}
