import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { isUnitRole } from '../core/access/role.js';
import { Clock } from '../core/clock.js';
import {
  CELL_SEVERITY,
  type PeriodCounts,
  periodFigures,
  periodWorstFirst,
  rangeInstants,
  reportingRange,
} from '../periods/period-cell.js';
import { periodGridSql, type PeriodGridSqlRow } from './period-grid-sql.js';
import type { PeriodGrid, PeriodGridRow } from './compliance.types.js';
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
    const directive = await this.compliance.visibleDirective(id, user);
    const unitOnly = isUnitRole(user.role);
    const instants = rangeInstants(range);
    const params: unknown[] = [id, now, instants.from, instants.until, CELL_SEVERITY];
    if (unitOnly) params.push(user.unitId);
    const [{ grid }] = await this.dataSource.query<PeriodGridSqlRow[]>(
      periodGridSql(unitOnly),
      params,
    );
    const columns = (grid.columns ?? []).map((column) => ({
      ...column,
      dueAt: new Date(column.dueAt).toISOString(),
    }));
    const totals: PeriodCounts = { onTime: 0, late: 0, missed: 0, open: 0, notDue: 0 };
    const units: PeriodGridRow[] = (grid.units ?? []).map((row) => {
      const cells: PeriodGridRow['cells'] = new Array<null>(columns.length).fill(null);
      row.at.forEach((column, k) => (cells[column] = CELL_SEVERITY[row.worst[k]]));
      const counts = {
        onTime: row.onTime,
        late: row.late,
        missed: row.missed,
        open: row.open,
        notDue: row.notDue,
      };
      for (const key of Object.keys(totals) as Array<keyof PeriodCounts>)
        totals[key] += counts[key];
      return {
        unit: { id: row.id, code: row.code, name: row.name },
        ...periodFigures(counts),
        cells,
      };
    });
    units.sort(periodWorstFirst);
    return {
      asOf: now.toISOString(),
      directive,
      ...range,
      columns,
      totals: periodFigures(totals),
      units,
    };
  }
}
