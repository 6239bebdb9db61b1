import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { TaskAccess } from '../tasks/task-access.service.js';
import { DEFAULT_ESCALATION_POLICY } from './escalation-policy.js';
import type { AttentionItemDto, EscalationDto } from './escalation.dto.js';

/** Reading escalations: a task's rounds, and the chair's meeting list. */
@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TaskAccess,
  ) {}

  async forTask(taskId: string, user: AuthUser): Promise<EscalationDto[]> {
    await this.access.findVisible(taskId, user);
    const rows = await this.dataSource.query<Array<Record<string, never>>>(
      `SELECT id, task_id, step, level, deadline_version, due_at, fired_at, cardinality(recipient_ids) AS recipients
         FROM escalations WHERE task_id = $1 ORDER BY fired_at, id`,
      [taskId],
    );
    return rows.map((row) => ({
      id: row.id,
      taskId: row.task_id,
      step: row.step,
      level: row.level,
      deadlineVersion: row.deadline_version,
      dueAt: new Date(row.due_at).toISOString(),
      firedAt: new Date(row.fired_at).toISOString(),
      recipients: Number(row.recipients),
    }));
  }

  /**
   * Tasks pressed more than the policy's number of rounds and still open: the list the chair
   * takes to the meeting (giao ban). One aggregate query.
   */
  async attention(): Promise<AttentionItemDto[]> {
    const rows = await this.dataSource.query<Array<Record<string, never>>>(
      `SELECT t.id AS task_id, count(e.id)::int AS rounds, max(e.level) AS last_level, max(e.fired_at) AS last_at,
              t.status, t.deadline, u.id AS unit_id, u.code AS unit_code, u.name AS unit_name,
              d.id AS directive_id, d.number, d.subject
         FROM escalations e
         JOIN tasks t ON t.id = e.task_id
         JOIN units u ON u.id = t.unit_id
         JOIN directives d ON d.id = t.directive_id
        WHERE t.status NOT IN ('completed', 'cancelled')
        GROUP BY t.id, u.id, d.id
       HAVING count(e.id) > COALESCE((d.escalation_policy->>'attentionAfterRounds')::int, $1)
        ORDER BY count(e.id) DESC, max(e.fired_at) DESC
        LIMIT 500`,
      [DEFAULT_ESCALATION_POLICY.attentionAfterRounds],
    );
    return rows.map((row) => ({
      taskId: row.task_id,
      rounds: row.rounds,
      lastLevel: row.last_level,
      lastEscalatedAt: new Date(row.last_at).toISOString(),
      status: row.status,
      deadline: row.deadline,
      unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
      directive: { id: row.directive_id, number: row.number, subject: row.subject },
    }));
  }
}
