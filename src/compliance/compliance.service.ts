import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { AppConfig } from '../core/config/app-config.js';
import { Clock } from '../core/clock.js';
import { preparedQuery } from '../core/database/prepared-query.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import {
  directiveTasksUnit,
  overseesSql,
  scopeOf,
  scopeParams,
  visibleDirectiveSql,
  visibleTaskSql,
} from '../core/access/body-scope.js';
import { classify, figures, worstFirst } from './compliance-figures.js';
import { InvalidPeriodError } from './compliance.errors.js';
import { byName, type ChainEntry, nestChain } from './compliance-chain.js';
import {
  chainComplianceSql,
  type ChainComplianceSqlRow,
  countsOf,
  type CountsSqlRow,
  directiveComplianceSql,
  type DirectiveComplianceSqlRow,
  directiveRef,
  type DirectiveRefSqlRow,
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

  /**
   * The directive if published and visible to the user (`core/access/body-scope.ts`), and
   * whether they govern it (see all its tasks) or see it as a receiving unit (their own only).
   */
  async visibleDirective(
    id: string,
    user: AuthUser,
  ): Promise<DirectiveRef & { governed: boolean }> {
    // Prepared (one statement per scope): every compliance, chain and grid route asks it first.
    const [row] = await preparedQuery<DirectiveRefSqlRow & { governed: boolean }>(
      this.dataSource,
      `visible-directive-${scopeOf(user)}`,
      `SELECT d.id, d.number, d.issuer, d.subject, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on,
              ${overseesSql(user, 'd', '$2', 'row')} AS governed
         FROM directives d
        WHERE d.id = $1 AND d.status = 'published' AND ${visibleDirectiveSql(user, 'd', '$2', 'row')}`,
      [id, ...scopeParams(user)],
    );
    if (!row) throw new NotFoundError('directive', id);
    return { ...directiveRef(row), governed: row.governed };
  }

  /**
   * One directive's figures; with `depth: 'all'`, also those of every directive carried down
   * from it (what the viewer may see of them: see `chainCte`), nested by the task each carries.
   */
  async directive(
    id: string,
    user: AuthUser,
    depth: 'all' | null = null,
  ): Promise<DirectiveCompliance> {
    const { governed, ...directive } = await this.visibleDirective(id, user);
    const now = this.clock.now();
    const unitId = directiveTasksUnit(user, governed);
    const params = unitId !== null ? [id, now, unitId] : [id, now];
    const [rows, chainRows] = await Promise.all([
      this.dataSource.query<DirectiveComplianceSqlRow[]>(
        directiveComplianceSql(unitId !== null),
        params,
      ),
      depth === 'all'
        ? preparedQuery<ChainComplianceSqlRow>(
            this.dataSource,
            unitId !== null ? 'chain-compliance-own' : 'chain-compliance',
            chainComplianceSql(unitId !== null),
            params,
          )
        : Promise.resolve(null),
    ]);
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
      ...(chainRows === null ? {} : { carriedDown: nestChain(id, chainEntries(chainRows)) }),
    };
  }

  /** The district's ranking (bảng xếp hạng) over directives issued from `from` to `to`. */
  async units(from: string, to: string, user: AuthUser): Promise<UnitsCompliance> {
    if (from > to) throw new InvalidPeriodError('from must not be after to');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_PERIOD_DAYS)
      throw new InvalidPeriodError(`the period may span at most ${MAX_PERIOD_DAYS} days`);
    const now = this.clock.now();
    // A period's tasks are read from the covering IDX_tasks_directive_compliance alone, which the
    // planner prefers at its default costs: no transaction, no SET LOCAL, one round trip.
    const rows = await this.dataSource.query<UnitsComplianceSqlRow[]>(
      unitsComplianceSql(visibleTaskSql(user, 't', '$4', 'd')),
      [now, from, to, ...scopeParams(user)],
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

function complianceRow(
  row: CountsSqlRow & Pick<UnitsComplianceSqlRow, 'requested' | 'escalation_level'>,
): ComplianceRow {
  return {
    requested: row.requested,
    ...figures(countsOf(row)),
    escalationLevel: row.escalation_level,
    lastActivityAt: row.last_activity_at,
  };
}

/** The chain query's rows — each directive's own, then its figures, in any order — as one entry each. */
function chainEntries(rows: ChainComplianceSqlRow[]): ChainEntry[] {
  const entries = new Map<string, ChainEntry>();
  for (const row of rows) {
    if (row.grouping !== null) continue;
    entries.set(row.directive_id, {
      directive: directiveRef({ ...row, id: row.directive_id }),
      parentDirectiveId: present(row.parent_directive_id, 'parent_directive_id'),
      task: {
        id: present(row.parent_task_id, 'parent_task_id'),
        unit: {
          id: present(row.parent_unit_id, 'parent_unit_id'),
          code: present(row.parent_code, 'parent_code'),
          name: present(row.parent_name, 'parent_name'),
        },
      },
      depth: present(row.depth, 'depth'),
      totals: { orders: EMPTY, requests: EMPTY },
      units: [],
    });
  }
  for (const row of rows) {
    const entry = entries.get(row.directive_id);
    if (!entry || row.grouping === null || row.requested === null || row.total === null) continue;
    const counted = { ...row, requested: row.requested, total: row.total };
    if (row.grouping === 1) {
      entry.totals[row.requested ? 'requests' : 'orders'] = figures(countsOf(counted));
    } else {
      entry.units.push({ unit: unitRef(row), ...complianceRow(counted) });
    }
  }
  for (const entry of entries.values()) entry.units.sort(ordersThenWorst);
  // By depth, then by the carrying unit's name: each directive's children in that order.
  return [...entries.values()].sort(
    (a, b) => a.depth - b.depth || byName(a.task.unit.name, b.task.unit.name),
  );
}

function ordersThenWorst(a: ComplianceRow, b: ComplianceRow): number {
  return Number(a.requested) - Number(b.requested) || worstFirst(a, b);
}
