import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { directiveTasksUnit } from '../core/access/body-scope.js';
import { Clock } from '../core/clock.js';
import {
  CELL_SEVERITY,
  periodFigures,
  rangeInstants,
  reportingRange,
} from '../periods/period-cell.js';
import { buildPeriodGrid } from './period-grid.js';
import { periodGridSql, type PeriodGridSqlRow } from './period-grid-sql.js';
import type { PeriodGrid } from './compliance.types.js';
import { ComplianceService } from './compliance.service.js';

/**
 * Báo cáo đúng kỳ: the reporting dimension of compliance. Per unit of a directive, over the
 * periods due in a range, how many were reported on time, late, missed, still open or not yet
 * due, and the grid of cells (units × periods), worst units first. Visibility is the directive
 * compliance's: a unit's people see their own unit's row only.
 */
@Injectable()
export class PeriodGridService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
  ) {}

  /** The grid over [from, to] (missing ends: the current quarter, Vietnam time). */
  async grid(
    id: string,
    from: string | undefined,
    to: string | undefined,
    user: AuthUser,
  ): Promise<PeriodGrid> {
    const now = this.clock.now();
    const range = reportingRange(from, to, now);
    const { governed, ...directive } = await this.compliance.visibleDirective(id, user);
    // The issuing body sees every unit's row; a receiving body or unit its own (as compliance).
    const unitId = directiveTasksUnit(user, governed);
    const instants = rangeInstants(range);
    const params: unknown[] = [id, now, instants.from, instants.until, CELL_SEVERITY];
    if (unitId !== null) params.push(unitId);
    const [{ units }] = await this.dataSource.query<PeriodGridSqlRow[]>(
      periodGridSql(unitId !== null),
      params,
    );
    const grid = buildPeriodGrid(units ?? []);
    return {
      asOf: now.toISOString(),
      directive,
      ...range,
      columns: grid.columns,
      totals: periodFigures(grid.totals),
      units: grid.rows,
    };
  }
}
