import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { scopeParams, visibleTaskSql } from '../core/access/body-scope.js';
import { figures, worstFirst } from './compliance-figures.js';
import { openSql } from '../tasks/task-flags.sql.js';
import {
  countColumns,
  countsOf,
  type CountsSqlRow,
  directiveRef,
  type DirectiveRefSqlRow,
  overdueTaskOf,
  type OverdueTaskSqlRow,
  overdueTasksSql,
} from './compliance-sql.js';
import type {
  ComplianceOverview,
  OpenDirectiveRow,
  RecentEscalationRow,
} from './compliance.types.js';

/** A row of the recent escalations query, as pg returns it. */
interface RecentEscalationSqlRow {
  id: string;
  step: string;
  level: number;
  fired_at: Date;
  task_id: string;
  unit_id: string;
  code: string;
  name: string;
  directive_id: string;
  number: string | null;
  subject: string | null;
}

function recentEscalationOf(row: RecentEscalationSqlRow): RecentEscalationRow {
  return {
    escalationId: row.id,
    step: row.step,
    level: row.level,
    firedAt: row.fired_at.toISOString(),
    taskId: row.task_id,
    unit: { id: row.unit_id, code: row.code, name: row.name },
    directive: { id: row.directive_id, number: row.number, subject: row.subject },
  };
}

/** The chair's home: open directives, overdue tasks, recent escalations (a unit: its own). */
@Injectable()
export class ComplianceOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async overview(user: AuthUser): Promise<ComplianceOverview> {
    const now = this.clock.now();
    const params = [now, ...scopeParams(user)];
    // The tasks the user sees (`core/access/body-scope.ts`); every query joins `t` and `d`.
    const visible = visibleTaskSql(user, 't', '$2', 'd');
    const mine = `AND ${visible}`;
    const directives = await this.dataSource.query<Array<DirectiveRefSqlRow & CountsSqlRow>>(
      `SELECT d.id, d.number, d.issuer, d.subject, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on,
              ${countColumns(1)}
         FROM directives d
         JOIN tasks t ON t.directive_id = d.id
        WHERE d.status = 'published' AND t.status <> 'cancelled' ${mine}
        GROUP BY d.id
       HAVING count(*) FILTER (WHERE ${openSql('t')}) > 0`,
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
    const overdue = await this.dataSource.query<OverdueTaskSqlRow[]>(
      overdueTasksSql(visible),
      params,
    );
    const escalations = await this.dataSource.query<RecentEscalationSqlRow[]>(
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
      overdueTasks: overdue.map(overdueTaskOf),
      recentEscalations: escalations.map(recentEscalationOf),
    };
  }
}
