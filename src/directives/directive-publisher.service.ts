import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
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
import type { DefaultDeadline } from './directive-status.js';
import { deadlineInForce, deadlineInstant, normalizeDefaultDeadline } from './deadlines.js';
import { DirectivesService } from './directives.service.js';
import { PublishBlockedError } from './directives.errors.js';

/** The outbox event a publication writes; the escalation scheduler consumes it. */
export const DIRECTIVE_PUBLISHED = 'directive.published';

/**
 * Publishes a reviewed draft: one task per (part, unit) — a group fans out to every member,
 * named partners get `coordinate` tasks — all in one transaction with the directive's new state
 * and a `directive.published` outbox event, so a publication is whole or absent.
 */
@Injectable()
export class DirectivePublisher {
  private readonly logger = new Logger(DirectivePublisher.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly directives: DirectivesService,
    private readonly tasks: TasksService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

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

      const unitIds = new Set(
        assignments.flatMap((a) => [...a.unitIds, ...a.coordinators.flatMap((c) => c.unitIds)]),
      );
      const active = new Set(
        (
          await manager.find(Unit, {
            where: { id: In([...unitIds]), active: true },
            select: { id: true },
          })
        ).map((u) => u.id),
      );
      const problems = publishProblems(assignments, fallback, active);
      if (problems.length > 0) throw new PublishBlockedError(problems);

      const now = this.clock.now();
      const publishedOn = vietnamDate(now);
      const rows: NewTask[] = [];
      const perAssignment: PublishResultDto['assignments'] = [];
      for (const assignment of assignments) {
        const deadline = deadlineInForce(assignment.deadline, fallback, publishedOn, calendar);
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
        const leads = [...new Set(assignment.unitIds)];
        const partners = [...new Set(assignment.coordinators.flatMap((c) => c.unitIds))].filter(
          (unitId) => !leads.includes(unitId),
        );
        for (const unitId of leads) rows.push({ ...common, unitId, role: 'lead' });
        for (const unitId of partners) rows.push({ ...common, unitId, role: 'coordinate' });
        perAssignment.push({
          assignmentId: assignment.id,
          label: assignment.label,
          assignee: assignment.assignee,
          lead: leads.length,
          coordinate: partners.length,
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

/** Every reason a draft cannot be published yet, for the clerk to fix in one pass. */
function publishProblems(
  assignments: Assignment[],
  fallback: DefaultDeadline | null,
  activeUnits: Set<string>,
): string[] {
  const problems: string[] = [];
  if (assignments.length === 0) problems.push('the directive has no parts');
  for (const a of assignments) {
    const part = `part ${a.label} (${a.assignee})`;
    if (a.resolution === 'unmatched')
      problems.push(`${part}: no unit matches the assignee; choose units from the directory`);
    for (const coordinator of a.coordinators) {
      if (coordinator.resolution === 'unmatched') {
        problems.push(
          `${part}: no unit matches the coordinator "${coordinator.name}"; choose units or remove it`,
        );
      }
    }
    if (!a.deadline && !fallback)
      problems.push(`${part}: no deadline, and no default deadline applies`);
    const inactive = [...a.unitIds, ...a.coordinators.flatMap((c) => c.unitIds)].filter(
      (u) => !activeUnits.has(u),
    );
    if (inactive.length > 0)
      problems.push(`${part}: units no longer active: ${[...new Set(inactive)].join(', ')}`);
  }
  return problems;
}
