import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { isUnitRole } from '../core/access/role.js';
import { figures, worstFirst } from './compliance-figures.js';
import {
  COMPLIANCE_ZONE,
  countColumns,
  countsOf,
  isoOrNull,
  type RawRow,
} from './compliance-sql.js';
import { directiveRef } from './compliance.service.js';
import type { ComplianceOverview, OpenDirectiveRow } from './compliance.types.js';

/** The chair's home: open directives, overdue tasks, recent escalations (a unit: its own). */
@Injectable()
export class ComplianceOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async overview(user: AuthUser): Promise<ComplianceOverview> {
    const now = this.clock.now();
    const unitOnly = isUnitRole(user.role);
    const params = unitOnly ? [now, user.unitId] : [now];
    const mine = unitOnly ? 'AND t.unit_id = $2' : '';
    const directives = await this.dataSource.query<RawRow[]>(
      `SELECT d.id, d.number, d.issuer, d.subject, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on,
              ${countColumns(1)}
         FROM directives d
         JOIN tasks t ON t.directive_id = d.id
        WHERE d.status = 'published' AND t.status <> 'cancelled' ${mine}
        GROUP BY d.id
       HAVING count(*) FILTER (WHERE t.status <> 'completed') > 0`,
      params,
    );
    const openDirectives: OpenDirectiveRow[] = directives
      .map((row) => {
        const counts = figures(countsOf(row));
        return {
          directive: directiveRef(row),
          state: counts.overdue > 0 ? ('overdue' as const) : ('on_track' as const),
          ...counts,
        };
      })
      .sort(worstFirst)
      .slice(0, 100);
    const overdue = await this.dataSource.query<RawRow[]>(
      `SELECT t.id, t.status, t.requested, t.deadline, t.due_at,
              (($1::timestamptz AT TIME ZONE '${COMPLIANCE_ZONE}')::date
                - (t.due_at AT TIME ZONE '${COMPLIANCE_ZONE}')::date) AS days,
              (SELECT max(e.level) FROM escalations e WHERE e.task_id = t.id) AS escalation_level,
              u.id AS unit_id, u.code, u.name, d.id AS directive_id, d.number, d.subject,
              a.label, a.text
         FROM tasks t
         JOIN units u ON u.id = t.unit_id
         JOIN directives d ON d.id = t.directive_id
         JOIN assignments a ON a.id = t.assignment_id
        WHERE t.status NOT IN ('completed', 'cancelled', 'paused') AND t.due_at < $1 ${mine}
        ORDER BY t.due_at, t.id
        LIMIT 50`,
      params,
    );
    const escalations = await this.dataSource.query<RawRow[]>(
      `SELECT e.id, e.step, e.level, e.fired_at, t.id AS task_id,
              u.id AS unit_id, u.code, u.name, d.id AS directive_id, d.number, d.subject
         FROM escalations e
         JOIN tasks t ON t.id = e.task_id
         JOIN units u ON u.id = t.unit_id
         JOIN directives d ON d.id = t.directive_id
        WHERE e.level >= 1 AND e.fired_at <= $1 ${mine}
        ORDER BY e.fired_at DESC, e.id
        LIMIT 20`,
      params,
    );
    return {
      asOf: now.toISOString(),
      openDirectives,
      overdueTasks: overdue.map((row) => ({
        taskId: row.id as string,
        status: row.status as string,
        requested: Boolean(row.requested),
        deadline: (row.deadline as string | null) ?? null,
        dueAt: isoOrNull(row.due_at) as string,
        daysOverdue: Number(row.days),
        escalationLevel: row.escalation_level === null ? null : Number(row.escalation_level),
        unit: { id: row.unit_id as string, code: row.code as string, name: row.name as string },
        directive: {
          id: row.directive_id as string,
          number: (row.number as string | null) ?? null,
          subject: (row.subject as string | null) ?? null,
        },
        assignment: { label: row.label as string, text: row.text as string },
      })),
      recentEscalations: escalations.map((row) => ({
        escalationId: row.id as string,
        step: row.step as string,
        level: Number(row.level),
        firedAt: isoOrNull(row.fired_at) as string,
        taskId: row.task_id as string,
        unit: { id: row.unit_id as string, code: row.code as string, name: row.name as string },
        directive: {
          id: row.directive_id as string,
          number: (row.number as string | null) ?? null,
          subject: (row.subject as string | null) ?? null,
        },
      })),
    };
  }
}
