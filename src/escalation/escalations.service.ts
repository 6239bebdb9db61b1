import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { scopeParams, visibleTaskSql } from '../core/access/body-scope.js';
import { TaskAccess } from '../tasks/task-access.service.js';
import { openSql } from '../tasks/task-flags.sql.js';
import { DEFAULT_ESCALATION_POLICY } from './escalation-policy.js';
import type { AttentionItemDto, EscalationDto } from './escalation.dto.js';

/** One đôn đốc round of a directive's task, for the directive's compliance page. */
export interface DirectiveEscalation {
  id: string;
  taskId: string;
  step: string;
  level: number;
  firedAt: string;
  unit: { id: string; code: string; name: string };
}

/** A row of the attention query, as pg returns it. */
interface AttentionSqlRow {
  task_id: string;
  rounds: number;
  last_level: number;
  last_at: Date;
  status: string;
  deadline: string | null;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  directive_id: string;
  number: string | null;
  subject: string | null;
}

function attentionItemOf(row: AttentionSqlRow): AttentionItemDto {
  return {
    taskId: row.task_id,
    rounds: row.rounds,
    lastLevel: row.last_level,
    lastEscalatedAt: row.last_at.toISOString(),
    status: row.status,
    deadline: row.deadline,
    unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
    directive: { id: row.directive_id, number: row.number, subject: row.subject },
  };
}

/** Reading escalations: a task's rounds, a directive's, and the chair's meeting list. */
@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TaskAccess,
  ) {}

  async forTask(taskId: string, user: AuthUser): Promise<EscalationDto[]> {
    await this.access.findVisible(taskId, user);
    const rows = await this.dataSource.query<Array<Record<string, never>>>(
      `SELECT id, task_id, period_id, step, level, deadline_version, due_at, fired_at,
              cardinality(recipient_ids) AS recipients
         FROM escalations WHERE task_id = $1 ORDER BY fired_at, id`,
      [taskId],
    );
    return rows.map((row) => ({
      id: row.id,
      taskId: row.task_id,
      periodId: row.period_id,
      step: row.step,
      level: row.level,
      deadlineVersion: row.deadline_version,
      dueAt: new Date(row.due_at).toISOString(),
      firedAt: new Date(row.fired_at).toISOString(),
      recipients: Number(row.recipients),
    }));
  }

  /**
   * A directive's latest rounds, newest first, on the tasks the user sees (all of them for the
   * issuing body, else their own unit's).
   */
  async forDirective(
    directiveId: string,
    user: AuthUser,
    limit = 50,
  ): Promise<DirectiveEscalation[]> {
    const rows = await this.dataSource.query<Array<Record<string, never>>>(
      `SELECT e.id, e.task_id, e.step, e.level, e.fired_at, u.id AS unit_id, u.code, u.name
         FROM escalations e
         JOIN tasks t ON t.id = e.task_id
         JOIN units u ON u.id = t.unit_id
         JOIN directives d ON d.id = t.directive_id
        WHERE t.directive_id = $1 AND ${visibleTaskSql(user, 't', '$3', 'd', 'row')}
        ORDER BY e.fired_at DESC, e.id
        LIMIT $2`,
      [directiveId, limit, ...scopeParams(user)],
    );
    return rows.map((row) => ({
      id: row.id,
      taskId: row.task_id,
      periodId: row.period_id,
      step: row.step,
      level: Number(row.level),
      firedAt: new Date(row.fired_at).toISOString(),
      unit: { id: row.unit_id, code: row.code, name: row.name },
    }));
  }

  /**
   * Tasks pressed more than the policy's number of rounds and still open: the list the chair
   * takes to the meeting (giao ban). One aggregate query.
   */
  async attention(user: AuthUser): Promise<AttentionItemDto[]> {
    const rows = await this.dataSource.query<AttentionSqlRow[]>(
      `SELECT t.id AS task_id, count(e.id)::int AS rounds, max(e.level) AS last_level, max(e.fired_at) AS last_at,
              t.status, t.deadline, u.id AS unit_id, u.code AS unit_code, u.name AS unit_name,
              d.id AS directive_id, d.number, d.subject
         FROM escalations e
         JOIN tasks t ON t.id = e.task_id
         JOIN units u ON u.id = t.unit_id
         JOIN directives d ON d.id = t.directive_id
        WHERE ${openSql('t')}
          -- A reporting period's reminder is routine; its misses are pressing.
          AND (e.period_id IS NULL OR e.level >= 1)
          AND ${visibleTaskSql(user, 't', '$2', 'd')}
        GROUP BY t.id, u.id, d.id
       HAVING count(e.id) > COALESCE((d.escalation_policy->>'attentionAfterRounds')::int, $1)
        ORDER BY count(e.id) DESC, max(e.fired_at) DESC
        LIMIT 500`,
      [DEFAULT_ESCALATION_POLICY.attentionAfterRounds, ...scopeParams(user)],
    );
    return rows.map(attentionItemOf);
  }
}
