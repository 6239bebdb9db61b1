import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { AppConfig } from '../core/config/app-config.js';
import { Clock } from '../core/clock.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import { isUnitRole } from '../core/access/role.js';
import { classify, figures, worstFirst } from './compliance-figures.js';
import { InvalidPeriodError } from './compliance.errors.js';
import {
  countsOf,
  directiveComplianceSql,
  type DirectiveComplianceSqlRow,
  directiveRef,
  type DirectiveRefSqlRow,
  isoOrNull,
  present,
  unitsComplianceSql,
  type UnitsComplianceSqlRow,
} from './compliance-sql.js';
import type {
  AssignmentComplianceRow,
  ComplianceRow,
  ComplianceTotals,
  DirectiveCompliance,
  DirectiveRef,
  RankedUnitRow,
  UnitComplianceRow,
  UnitsCompliance,
} from './compliance.types.js';

/** The longest period `GET /api/compliance/units` ranks over. */
export const MAX_PERIOD_DAYS = 366;

const EMPTY = figures({
  total: 0,
  completedOnTime: 0,
  completedLate: 0,
  inProgressOnTime: 0,
  overdue: 0,
  notReceived: 0,
  daysOverdueMax: 0,
  daysOverdueSum: 0,
});

/**
 * Compliance per directive and per unit, computed in SQL from the tasks themselves at the
 * Clock's instant: exact at any moment, one GROUP BY per answer. A unit's people see their own
 * unit's rows only.
 */
@Injectable()
export class ComplianceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The directive if published and visible to the user (a unit: one that gave it a task). */
  async visibleDirective(id: string, user: AuthUser): Promise<DirectiveRef> {
    const [row] = await this.dataSource.query<Array<DirectiveRefSqlRow & { mine: boolean }>>(
      `SELECT d.id, d.number, d.issuer, d.subject, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on,
              EXISTS (SELECT 1 FROM tasks t WHERE t.directive_id = d.id AND t.unit_id = $2) AS mine
         FROM directives d WHERE d.id = $1 AND d.status = 'published'`,
      [id, user.unitId],
    );
    if (!row || (isUnitRole(user.role) && !row.mine)) throw new NotFoundError('directive', id);
    return directiveRef(row);
  }

  async directive(id: string, user: AuthUser): Promise<DirectiveCompliance> {
    const directive = await this.visibleDirective(id, user);
    const now = this.clock.now();
    const unitOnly = isUnitRole(user.role);
    const rows = await this.dataSource.query<DirectiveComplianceSqlRow[]>(
      directiveComplianceSql(unitOnly),
      unitOnly ? [id, now, user.unitId] : [id, now],
    );
    const totals: ComplianceTotals = { orders: EMPTY, requests: EMPTY };
    const assignments: AssignmentComplianceRow[] = [];
    const units: UnitComplianceRow[] = [];
    for (const row of rows) {
      const grouping = row.grouping;
      if (grouping === 3) {
        totals[row.requested ? 'requests' : 'orders'] = figures(countsOf(row));
      } else if (grouping === 1) {
        assignments.push({
          assignment: {
            id: present(row.assignment_id, 'assignment_id'),
            ordinal: present(row.ordinal, 'ordinal'),
            label: present(row.label, 'label'),
            text: present(row.text, 'text'),
          },
          ...complianceRow(row),
        });
      } else {
        units.push({ unit: unitRef(row), ...complianceRow(row) });
      }
    }
    return {
      asOf: now.toISOString(),
      directive,
      totals,
      assignments: assignments.sort(ordersThenWorst),
      units: units.sort(ordersThenWorst),
    };
  }

  /** The district's ranking (bảng xếp hạng) over directives issued from `from` to `to`. */
  async units(from: string, to: string, user: AuthUser): Promise<UnitsCompliance> {
    if (from > to) throw new InvalidPeriodError('from must not be after to');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_PERIOD_DAYS)
      throw new InvalidPeriodError(`the period may span at most ${MAX_PERIOD_DAYS} days`);
    const now = this.clock.now();
    const unitOnly = isUnitRole(user.role);
    // A period's tasks are read from the covering IDX_tasks_directive_compliance alone, which the
    // planner prefers at its default costs: no transaction, no SET LOCAL, one round trip.
    const rows = await this.dataSource.query<UnitsComplianceSqlRow[]>(
      unitsComplianceSql(unitOnly),
      unitOnly ? [now, from, to, user.unitId] : [now, from, to],
    );
    const rules = this.config.complianceRules;
    const totals: ComplianceTotals = { orders: EMPTY, requests: EMPTY };
    const items: RankedUnitRow[] = [];
    for (const row of rows) {
      if (row.grouping === 1) {
        totals[row.requested ? 'requests' : 'orders'] = figures(countsOf(row));
        continue;
      }
      const base = complianceRow(row);
      items.push({
        unit: unitRef(row),
        ...base,
        rank: 0,
        directives: present(row.directives, 'directives'),
        classification: base.requested ? null : classify(base, rules),
      });
    }
    items.sort(ordersThenWorst);
    let rank = 0;
    items.forEach((item, index) => {
      rank = index > 0 && item.requested !== items[index - 1].requested ? 1 : rank + 1;
      item.rank = rank;
    });
    return { asOf: now.toISOString(), from, to, rules, totals, items };
  }
}

type UnitSqlColumns = Pick<DirectiveComplianceSqlRow, 'unit_id' | 'code' | 'name'>;

function unitRef(row: UnitSqlColumns): { id: string; code: string; name: string } {
  return {
    id: present(row.unit_id, 'unit_id'),
    code: present(row.code, 'code'),
    name: present(row.name, 'name'),
  };
}

function complianceRow(row: DirectiveComplianceSqlRow | UnitsComplianceSqlRow): ComplianceRow {
  return {
    requested: row.requested,
    ...figures(countsOf(row)),
    escalationLevel: row.escalation_level,
    lastActivityAt: isoOrNull(row.last_activity_at),
  };
}

function ordersThenWorst(a: ComplianceRow, b: ComplianceRow): number {
  return Number(a.requested) - Number(b.requested) || worstFirst(a, b);
}
