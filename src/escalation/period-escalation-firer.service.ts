import { unitBodySql } from '../units/unit-body.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../core/clock.js';
import { preparedQuery } from '../core/database/prepared-query.js';
import {
  NOTIFICATION_WRITES_RESULT,
  notificationFields,
  notificationWrites,
} from '../notifications/notification-writes.js';
import { escalationText, NotificationsService } from '../notifications/notifications.service.js';
import { TaskEvents } from '../tasks/task-history.js';
import type { FireOutcome } from './escalation-firer.service.js';
import { daysLate, type PlannedStep, recipientsOf } from './escalation-steps.js';
import type { StepJob } from './escalation.constants.js';
import {
  PeriodEscalationPlanner,
  type PeriodFiringRow,
} from './period-escalation-planner.service.js';

const MAX_READS = 4;

/**
 * A period rung in one statement, as FIRE_STEP does for a task: it locks the period and writes
 * only if the row is unchanged since the decision (a report changes it: read again, and a
 * submitted period plans nothing); the escalation (with its period), the task's history line,
 * the inbox rows and their deliveries. The unique key (task, step, 0) stops a duplicate.
 */
const FIRE_PERIOD_STEP = `
  WITH period AS (
    SELECT p.id, p.task_id, p.number, t.unit_id, t.directive_id
      FROM task_periods p JOIN tasks t ON t.id = p.task_id
     WHERE p.id = $1 AND p.xmin = $2::text::xid
       FOR UPDATE OF p
  ),
  recipients AS (
    SELECT u.id FROM users u, period
     WHERE u.active AND u.role = ANY($7::varchar[]) AND (NOT $8::boolean OR u.unit_id = period.unit_id)
       -- The chair told is the issuing body's, never another body's (core/access/body-scope.ts).
       AND ($8::boolean OR ${unitBodySql('u.unit_id')} =
            (SELECT d.issuing_unit_id FROM directives d WHERE d.id = period.directive_id))
  ),
  escalation AS (
    INSERT INTO escalations (task_id, period_id, step, level, deadline_version, due_at, fired_at,
                             recipient_ids)
    SELECT period.task_id, period.id, $3::varchar, $4::int, 0, $6::timestamptz, $13::timestamptz,
           ARRAY(SELECT id FROM recipients ORDER BY id)
      FROM period
    ON CONFLICT (task_id, step, deadline_version) DO NOTHING
    RETURNING id, task_id, cardinality(recipient_ids) AS recipients
  ),
  history AS (${TaskEvents.insertFrom(`
    SELECT e.task_id, NULL::uuid, 'escalated', NULL, NULL, $12::text,
           jsonb_build_object('escalationId', e.id, 'step', $3::varchar, 'level', $4::int,
                              'recipients', e.recipients, 'periodId', $1::uuid, 'period', $5::int)
      FROM escalation e`)}
  ),
  notify_to AS (
    SELECT r.id AS user_id, e.task_id, e.id AS escalation_id
      FROM escalation e CROSS JOIN recipients r
  ),
  ${notificationWrites({ kind: 9, title: 10, body: 11 })}
  SELECT EXISTS (SELECT 1 FROM period) AS current,
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

/** Fires one rung of a reporting period's ladder, exactly once, only while it is still planned. */
@Injectable()
export class PeriodEscalationFirer {
  private readonly logger = new Logger(PeriodEscalationFirer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly planner: PeriodEscalationPlanner,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async fire(job: StepJob & { periodId: string }): Promise<FireOutcome> {
    const calendar = await this.calendar.calendar();
    for (let read = 1; ; read++) {
      const row = await this.planner.rowForFiring(job.periodId);
      if (!row || row.task_id !== job.taskId) return 'not_planned';
      const step = this.planner.unfired(row, calendar).find((planned) => planned.step === job.step);
      if (!step) return (row.fired ?? []).includes(job.step) ? 'already_fired' : 'not_planned';
      const result = await this.write(row, step);
      if (!result.current) {
        if (read >= MAX_READS)
          throw new Error(`period ${job.periodId} changed under ${MAX_READS} attempts to fire it`);
        continue;
      }
      if (!result.escalation_id) return 'already_fired';
      this.notifications.deliverAfterCommit(this.dataSource.manager, result.delivery_ids);
      this.logger.debug(
        `period ${job.periodId}: ${step.step} fired ${this.clock.now().getTime() - step.dueAt.getTime()} ms after due`,
      );
      return 'fired';
    }
  }

  private async write(row: PeriodFiringRow, step: PlannedStep): Promise<FireResult> {
    const { roles, ownUnit } = recipientsOf(step.audience);
    const now = this.clock.now();
    const text = escalationText({
      directiveNumber: row.directive_number,
      subject: row.subject,
      unitName: row.unit_name,
      deadline: row.due_at,
      daysLate: daysLate(row.due_at, now),
      level: step.level,
      step: step.step,
      task: `Báo cáo kỳ ${row.number} (${dayMonth(row.starts_on)}–${dayMonth(row.ends_on)}): ${row.instruction}`,
    });
    const { kind, title } = notificationFields(
      step.level === 0 ? 'reminder' : 'escalation',
      text.title,
    );
    const [result] = await preparedQuery<FireResult>(
      this.dataSource,
      'escalation-fire-period-step',
      FIRE_PERIOD_STEP,
      [
        row.id,
        row.row_version,
        step.step,
        step.level,
        row.number,
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

/** "2026-12-04" → "04/12". */
function dayMonth(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}`;
}
