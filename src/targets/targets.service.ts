import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { DirectiveTarget } from '../directives/parser/parsed-directive.js';
import { DirectivesService } from '../directives/directives.service.js';
import { directiveTasksUnit, oversees } from '../core/access/body-scope.js';
import { Clock } from '../core/clock.js';
import { rangeInstants, reportingRange } from '../periods/period-cell.js';
import { dateInVietnam } from '../periods/period-schedule.js';
import { gapTo, indicatorsByTarget, meets, percentOf } from './target-progress.js';
import { type ChainFigureRow, rollUp } from './target-rollup.js';
import {
  CHAIN_FIGURES,
  DISTRICT_HISTORY,
  PERIOD_TREND,
  REPORTED_INDICATORS,
  UNIT_FIGURES,
} from './targets.sql.js';
import type {
  TargetTrendDto,
  TargetTrendsDto,
  TargetHistoryPointDto,
  TargetProgressDto,
  TargetsDto,
  TargetUnitDto,
} from './targets.dto.js';

interface TrendSqlRow {
  columns: Array<{ from: string; to: string; dueAt: string }> | null;
  units: Array<{
    id: string;
    code: string;
    name: string;
    population: number | null;
    at: number[];
    values: number[];
  }> | null;
  of: number | null;
  totals: Array<number | null> | null;
}

interface ChainSqlRow {
  directive_id: string;
  parent_directive_id: string;
  parent_unit_id: string;
  unit_id: string | null;
  value: number | null;
  as_of: string | null;
}

function chainFigureRow(row: ChainSqlRow): ChainFigureRow {
  return {
    directiveId: row.directive_id,
    parentDirectiveId: row.parent_directive_id,
    parentUnitId: row.parent_unit_id,
    unitId: row.unit_id,
    value: row.value,
    asOf: row.as_of,
  };
}

interface UnitRow {
  unit_id: string;
  code: string;
  name: string;
  population: number | null;
  value: number | null;
  as_of: string | null;
}

/**
 * Chỉ tiêu: a directive's targets, tracked from the figures its units report: metric evidence and
 * the metrics of their period reports (which one counts: targets.sql.ts).
 */
@Injectable()
export class TargetsService {
  private readonly logger = new Logger(TargetsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directives: DirectivesService,
    private readonly clock: Clock,
  ) {}

  /** Each target's district figure, per-unit rows and history; a unit sees only its own row. */
  async progress(directiveId: string, user: AuthUser): Promise<TargetsDto> {
    const { targets, indicators, ownOnly } = await this.targetsOf(directiveId, user);
    return {
      targets: await Promise.all(
        targets.map((target, index) =>
          this.targetProgress(directiveId, index, target, indicators[index], ownOnly),
        ),
      ),
    };
  }

  /**
   * The trend by reporting period (kỳ báo cáo) over the periods due in [from, to] (missing ends:
   * the current quarter, as the period grid): per target, each unit's reported figure per period
   * and the district's total of standing figures at each period's last day.
   */
  async trend(
    directiveId: string,
    from: string | undefined,
    to: string | undefined,
    user: AuthUser,
  ): Promise<TargetTrendsDto> {
    const range = reportingRange(from, to, this.clock.now());
    const { targets, indicators, ownOnly } = await this.targetsOf(directiveId, user);
    const instants = rangeInstants(range);
    const today = dateInVietnam(this.clock.now());
    const trends = await Promise.all(
      targets.map(async (target, index): Promise<TargetTrendDto> => {
        const [{ trend }] = await this.dataSource.query<Array<{ trend: TrendSqlRow }>>(
          PERIOD_TREND,
          [directiveId, indicators[index], instants.from, instants.until],
        );
        const width = trend.columns?.length ?? 0;
        const of = target.baseline?.of ?? trend.of;
        return {
          index,
          indicator: target.indicator,
          target: target.target,
          columns: (trend.columns ?? []).map((c) => ({
            ...c,
            dueAt: new Date(c.dueAt).toISOString(),
          })),
          // A period not yet begun has no standing figure of its own (the SQL would repeat today's).
          totals: (trend.totals ?? []).map((value, column) =>
            (trend.columns?.[column]?.from ?? '') > today
              ? { value: null, percent: null }
              : { value, percent: percentOf(value, of) },
          ),
          units: (trend.units ?? [])
            .filter((u) => ownOnly === null || u.id === ownOnly)
            .map((u) => {
              const values: Array<number | null> = new Array<null>(width).fill(null);
              u.at.forEach((column, k) => (values[column] = u.values[k]));
              return {
                unitId: u.id,
                code: u.code,
                name: u.name,
                values,
                percents: values.map((value) => percentOf(value, u.population)),
              };
            }),
        };
      }),
    );
    return { ...range, targets: trends };
  }

  /** The directive's targets (404 unless visible) and the reported indicators that count for each. */
  private async targetsOf(
    directiveId: string,
    user: AuthUser,
  ): Promise<{ targets: DirectiveTarget[]; indicators: string[][]; ownOnly: string | null }> {
    const { directive } = await this.directives.get(directiveId, user);
    // The issuing body sees every unit's row; a receiving unit its own.
    const ownOnly = directiveTasksUnit(user, oversees(user, directive));
    const reported = await this.dataSource.query<Array<{ indicator: string }>>(
      REPORTED_INDICATORS,
      [directiveId],
    );
    return {
      targets: directive.targets,
      ownOnly,
      indicators: indicatorsByTarget(
        directive.targets,
        reported.map((row) => row.indicator),
      ),
    };
  }

  private async targetProgress(
    directiveId: string,
    index: number,
    target: DirectiveTarget,
    indicators: string[],
    ownOnly: string | null,
  ): Promise<TargetProgressDto> {
    const params = [directiveId, indicators];
    // Every unit with a task on the directive and its standing figure (targets.sql.ts: evidence
    // and period reports, the newest "as of" first); the district total at each figure's date.
    const reported = await this.dataSource.query<UnitRow[]>(UNIT_FIGURES, params);
    const points = await this.dataSource.query<Array<{ date: string; value: number }>>(
      DISTRICT_HISTORY,
      params,
    );
    // A unit that reported nothing itself but carried its task down stands at the sum of what
    // the units under it report (target-rollup.ts), to any depth.
    const chain = await this.dataSource.query<ChainSqlRow[]>(CHAIN_FIGURES, params);
    const rolled = rollUp(
      directiveId,
      reported.map((u) => u.unit_id),
      new Map(
        reported.flatMap((u) =>
          u.value === null ? [] : [[u.unit_id, { value: u.value, asOf: u.as_of }]],
        ),
      ),
      chain.map(chainFigureRow),
    );
    const units = reported.map((u) => {
      const figure = rolled.get(u.unit_id);
      return {
        ...u,
        value: figure?.value ?? null,
        as_of: figure?.asOf ?? null,
        rolledUp: figure?.rolledUp ?? false,
      };
    });

    const baseline = target.baseline;
    const of =
      baseline?.of ??
      (units.some((u) => u.population !== null)
        ? units.reduce((sum, u) => sum + (u.population ?? 0), 0)
        : null);
    const history: TargetHistoryPointDto[] = [];
    if (baseline && baseline.value !== null && baseline.asOf) {
      history.push({
        date: baseline.asOf,
        value: baseline.value,
        percent: baseline.percent ?? percentOf(baseline.value, of),
      });
    }
    for (const point of points) {
      history.push({ date: point.date, value: point.value, percent: percentOf(point.value, of) });
    }
    // With a figure rolled up from the chain, the directive's own total is every unit's standing
    // figure now (own or rolled up), as of the newest of them.
    if (units.some((u) => u.rolledUp)) {
      const counted = units.filter((u) => u.value !== null);
      const asOf = counted.reduce((max, u) => ((u.as_of ?? '') > max ? (u.as_of ?? '') : max), '');
      const value = counted.reduce((sum, u) => sum + (u.value ?? 0), 0);
      while (history.length > 0 && (history.at(-1)?.date ?? '') >= asOf) history.pop();
      history.push({ date: asOf, value, percent: percentOf(value, of) });
    }
    // Until a unit reports, the baseline is the latest figure known.
    const last = history.at(-1);
    const current = last
      ? { value: last.value, of, percent: last.percent, asOf: last.date }
      : { value: null, of, percent: null, asOf: null };

    const rows: TargetUnitDto[] = units
      .filter((u) => ownOnly === null || u.unit_id === ownOnly)
      .filter((u) => u.population !== null || u.value !== null)
      .map((u) => {
        const percent = percentOf(u.value, u.population);
        return {
          unitId: u.unit_id,
          code: u.code,
          name: u.name,
          population: u.population,
          value: u.value,
          percent,
          gap: gapTo(target.target, percent),
          met: meets(target.target, percent),
          asOf: u.as_of,
          rolledUp: u.rolledUp,
        };
      })
      // Lowest first; units with nothing reported before all others.
      .sort((a, b) => (a.percent ?? -1) - (b.percent ?? -1) || a.name.localeCompare(b.name, 'vi'));

    return {
      index,
      indicator: target.indicator,
      target: target.target,
      baseline,
      current,
      gap: gapTo(target.target, current.percent),
      met: meets(target.target, current.percent),
      units: rows,
      history,
    };
  }

  /** Replaces a directive's targets, before or after publication. */
  async update(
    directiveId: string,
    targets: DirectiveTarget[],
    user: AuthUser,
  ): Promise<TargetsDto> {
    await this.directives.findGoverned(directiveId, user);
    const normalized = targets.map((t) => ({
      indicator: t.indicator,
      baseline: t.baseline
        ? {
            value: t.baseline.value ?? null,
            of: t.baseline.of ?? null,
            percent: t.baseline.percent ?? null,
            asOf: t.baseline.asOf ?? null,
          }
        : null,
      target: t.target ? { percent: t.target.percent, comparator: t.target.comparator } : null,
    }));
    if (!(await this.directives.setTargets(directiveId, normalized))) {
      throw new NotFoundError('directive', directiveId);
    }
    this.logger.log(`user ${user.id} set ${normalized.length} targets on directive ${directiveId}`);
    return this.progress(directiveId, user);
  }
}
