import { unitBodySql } from '../units/unit-body.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../core/clock.js';
import {
  NOTIFICATION_WRITES_RESULT,
  notificationFields,
  notificationWrites,
} from '../notifications/notification-writes.js';
import { escalationText, NotificationsService } from '../notifications/notifications.service.js';
import { TaskEvents } from '../tasks/task-history.js';
import { EscalationPlanner, type FiringRow } from './escalation-planner.service.js';
import { daysLate, type PlannedStep, recipientsOf } from './escalation-steps.js';
import type { StepJob } from './escalation.constants.js';
import { preparedQuery } from '../core/database/prepared-query.js';

export type FireOutcome = 'fired' | 'not_planned' | 'already_fired';

// Reads that found the task changed before the write: past this, the job fails and is retried
// later (a task updated this often is being worked on; the next attempt decides afresh).
const MAX_READS = 4;

/**
 * The escalation, its history line, the inbox rows and their deliveries, in one statement (one
 * round trip, one implicit transaction; prepared, as it runs for every job). It locks the task and writes only if the row is still at
 * the version the decision was made on; the escalation's unique key (task, step, deadline
 * version) makes a duplicate job write nothing. `fired_at` is the injected clock's instant, as
 * `due_at` is: lateness is measured on one clock (and tests that drive time can read it).
 */
const FIRE_STEP = `
  WITH task AS (
    SELECT t.id, t.unit_id, t.directive_id FROM tasks t
     WHERE t.id = $1 AND t.xmin = $2::text::xid
       FOR UPDATE
  ),
  recipients AS (
    SELECT u.id FROM users u, task
     WHERE u.active AND u.role = ANY($7::varchar[]) AND (NOT $8::boolean OR u.unit_id = task.unit_id)
       -- The chair told is the issuing body's, never another body's (core/access/body-scope.ts).
       AND ($8::boolean OR ${unitBodySql('u.unit_id')} =
            (SELECT d.issuing_unit_id FROM directives d WHERE d.id = task.directive_id))
  ),
  escalation AS (
    INSERT INTO escalations (task_id, step, level, deadline_version, due_at, fired_at, recipient_ids)
    SELECT task.id, $3::varchar, $4::int, $5::int, $6::timestamptz, $13::timestamptz,
           ARRAY(SELECT id FROM recipients ORDER BY id)
      FROM task
    ON CONFLICT (task_id, step, deadline_version) DO NOTHING
    RETURNING id, cardinality(recipient_ids) AS recipients
  ),
  history AS (${TaskEvents.insertFrom(`
    SELECT $1::uuid, NULL::uuid, 'escalated', NULL, NULL, $12::text,
           jsonb_build_object('escalationId', e.id, 'step', $3::varchar, 'level', $4::int,
                              'recipients', e.recipients)
      FROM escalation e`)}
  ),
  notify_to AS (
    SELECT r.id AS user_id, $1::uuid AS task_id, e.id AS escalation_id
      FROM escalation e CROSS JOIN recipients r
  ),
  ${notificationWrites({ kind: 9, title: 10, body: 11 })}
  SELECT EXISTS (SELECT 1 FROM task) AS current,
         (SELECT id FROM escalation) AS escalation_id,
         (SELECT recipients FROM escalation) AS recipients,
         ${NOTIFICATION_WRITES_RESULT}`;

interface FireResult {
  current: boolean;
  escalation_id: string | null;
  recipients: number | null;
  notified: number;
  delivery_ids: string[];
}

/**
 * Fires one step of one task: reads the task, does nothing if the step is no longer planned
 * (task done, cancelled, paused, deadline moved, unit spoke up), and otherwise writes the
 * escalation row, the notifications and the history line at once — provided the task has not
 * changed since it was read. The write locks the task row, so it serialises with status moves
 * on it: a completion either precedes it (the row changed: read again, and the step is no longer
 * planned) or follows it.
 */
@Injectable()
export class EscalationFirer {
  private readonly logger = new Logger(EscalationFirer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly planner: EscalationPlanner,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async fire(job: StepJob): Promise<FireOutcome> {
    const calendar = await this.calendar.calendar();
    for (let read = 1; ; read++) {
      // One connection per statement: nothing is held between the read and the write.
      const row = await this.planner.rowForFiring(job.taskId);
      if (!row || row.deadline_version !== job.deadlineVersion) return 'not_planned';
      const step = this.planner.unfired(row, calendar).find((planned) => planned.step === job.step);
      if (!step) return (row.fired ?? []).includes(job.step) ? 'already_fired' : 'not_planned';

      const result = await this.write(job, row, step);
      if (!result.current) {
        if (read >= MAX_READS)
          throw new Error(`task ${job.taskId} changed under ${MAX_READS} attempts to fire it`);
        continue;
      }
      if (!result.escalation_id) return 'already_fired';
      this.notifications.deliverAfterCommit(this.dataSource.manager, result.delivery_ids);
      this.logger.debug(
        `task ${job.taskId}: ${step.step} fired ${this.clock.now().getTime() - step.dueAt.getTime()} ms after due, to ${result.recipients} users`,
      );
      return 'fired';
    }
  }

  private async write(job: StepJob, row: FiringRow, step: PlannedStep): Promise<FireResult> {
    const { roles, ownUnit } = recipientsOf(step.audience);
    const now = this.clock.now();
    const text = escalationText({
      directiveNumber: row.number,
      subject: row.subject,
      unitName: row.unit_name,
      deadline: row.deadline,
      daysLate: row.due_at ? daysLate(row.due_at, now) : 0,
      level: step.level,
      step: step.step,
      task: row.instruction,
    });
    const { kind, title } = notificationFields(
      step.level === 0 ? 'reminder' : 'escalation',
      text.title,
    );
    const [result] = await preparedQuery<FireResult>(
      this.dataSource,
      'escalation-fire-step',
      FIRE_STEP,
      [
        job.taskId,
        row.row_version,
        job.step,
        step.level,
        job.deadlineVersion,
        step.dueAt,
        roles,
        ownUnit,
        kind,
        title,
        text.body,
        text.title,
        now,
      ],
    );
    return result;
  }
}
