import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../core/clock.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import type { Role } from '../users/role.js';
import { escalationText, NotificationsService } from '../notifications/notifications.service.js';
import { recordTaskEvent } from '../tasks/task-history.js';
import { EscalationPlanner } from './escalation-planner.service.js';
import { daysLate } from './escalation-steps.js';
import type { StepJob } from './escalation.constants.js';

export type FireOutcome = 'fired' | 'not_planned' | 'already_fired';

/**
 * Fires one step of one task: re-reads the task under a row lock, does nothing if the step is no
 * longer planned (task done, cancelled, paused, deadline moved, unit spoke up), and otherwise
 * writes the escalation row, the notifications and the history line in one transaction. The
 * escalation's unique key (task, step, deadline version) makes a duplicate job a no-op.
 */
@Injectable()
export class EscalationFirer {
  private readonly logger = new Logger(EscalationFirer.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly planner: EscalationPlanner,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async fire(job: StepJob): Promise<FireOutcome> {
    const calendar = await this.calendar.calendar();
    return this.transactions.run(async (manager) => {
      // The row lock serialises with status moves on the same task: a completion either
      // precedes this (and the step is no longer planned) or follows it.
      const row = await this.planner.rowForFiring(manager, job.taskId);
      if (!row || row.deadline_version !== job.deadlineVersion) return 'not_planned';
      const step = this.planner.unfired(row, calendar).find((planned) => planned.step === job.step);
      if (!step) return (row.fired ?? []).includes(job.step) ? 'already_fired' : 'not_planned';

      // Read through the transaction's own connection: asking the pool for a second one while
      // holding this one deadlocks the pool once ESCALATION_CONCURRENCY steps hold every
      // connection (each then waits for a free one until the pool's timeout).
      const recipients =
        step.audience === 'unit'
          ? await activeUserIds(manager, ['unit_head', 'unit_officer'], row.unit_id)
          : await activeUserIds(manager, ['chair'], null);
      const inserted = await manager.query<Array<{ id: string }>>(
        `INSERT INTO escalations (task_id, step, level, deadline_version, due_at, recipient_ids)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (task_id, step, deadline_version) DO NOTHING
         RETURNING id`,
        [job.taskId, job.step, step.level, job.deadlineVersion, step.dueAt, recipients],
      );
      if (inserted.length === 0) return 'already_fired';
      const escalationId = inserted[0].id;
      const context = row;

      const now = this.clock.now();
      const text = escalationText({
        directiveNumber: context.number,
        subject: context.subject,
        unitName: context.unit_name,
        deadline: context.deadline,
        daysLate: row.due_at ? daysLate(row.due_at, now) : 0,
        level: step.level,
        step: step.step,
        task: context.instruction,
      });
      await this.notifications.notify(manager, {
        userIds: recipients,
        taskId: job.taskId,
        escalationId,
        kind: step.level === 0 ? 'reminder' : 'escalation',
        title: text.title,
        body: text.body,
      });
      await recordTaskEvent(manager, {
        taskId: job.taskId,
        actorId: null,
        kind: 'escalated',
        note: text.title,
        data: { escalationId, step: step.step, level: step.level, recipients: recipients.length },
      });
      this.logger.log(
        `task ${job.taskId}: ${step.step} fired ${now.getTime() - step.dueAt.getTime()} ms after due, to ${recipients.length} users`,
      );
      return 'fired';
    });
  }
}

/** Active users with one of `roles` (of one unit, when given), in the caller's transaction. */
async function activeUserIds(
  manager: EntityManager,
  roles: Role[],
  unitId: string | null,
): Promise<string[]> {
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT id FROM users WHERE active AND role = ANY($1) AND ($2::uuid IS NULL OR unit_id = $2)
      ORDER BY id`,
    [roles, unitId],
  );
  return rows.map((row) => row.id);
}
