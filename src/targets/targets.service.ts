import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { DirectiveTarget } from '../directives/parser/parsed-directive.js';
import { DirectivesService } from '../directives/directives.service.js';
import { directiveTasksUnit, governs } from '../core/access/body-scope.js';
import { gapTo, indicatorsByTarget, meets, percentOf } from './target-progress.js';
import type {
  TargetHistoryPointDto,
  TargetProgressDto,
  TargetsDto,
  TargetUnitDto,
} from './targets.dto.js';

// The directive's metric evidence that counts: not withdrawn, with one of the given indicators.
const METRICS = `
  SELECT t.unit_id, e.value::float8 AS value, e.as_of, e.created_at
  FROM evidence e
  JOIN tasks t ON t.id = e.task_id
  WHERE t.directive_id = $1 AND e.kind = 'metric' AND e.withdrawn_at IS NULL
    AND e.as_of IS NOT NULL AND e.value IS NOT NULL AND e.indicator = ANY($2::text[])`;

interface UnitRow {
  unit_id: string;
  code: string;
  name: string;
  population: number | null;
  value: number | null;
  as_of: string | null;
}

/** Chỉ tiêu: a directive's targets, tracked from the metric evidence its units submit. */
@Injectable()
export class TargetsService {
  private readonly logger = new Logger(TargetsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directives: DirectivesService,
  ) {}

  /** Each target's district figure, per-unit rows and history; a unit sees only its own row. */
  async progress(directiveId: string, user: AuthUser): Promise<TargetsDto> {
    const { directive } = await this.directives.get(directiveId, user);
    // The issuing body sees every unit's row; a receiving unit its own.
    const ownOnly = directiveTasksUnit(user, governs(user, directive));
    const reported = await this.dataSource.query<Array<{ indicator: string }>>(
      `SELECT DISTINCT e.indicator FROM evidence e JOIN tasks t ON t.id = e.task_id
       WHERE t.directive_id = $1 AND e.kind = 'metric' AND e.indicator IS NOT NULL`,
      [directiveId],
    );
    const matching = indicatorsByTarget(
      directive.targets,
      reported.map((row) => row.indicator),
    );
    const targets = await Promise.all(
      directive.targets.map((target, index) =>
        this.targetProgress(directiveId, index, target, matching[index], ownOnly),
      ),
    );
    return { targets };
  }

  private async targetProgress(
    directiveId: string,
    index: number,
    target: DirectiveTarget,
    indicators: string[],
    ownOnly: string | null,
  ): Promise<TargetProgressDto> {
    const params = [directiveId, indicators];
    // Every unit with a task on the directive, with its latest value (by as_of, then entry time).
    const units = await this.dataSource.query<UnitRow[]>(
      `WITH m AS (${METRICS}),
       latest AS (
         SELECT DISTINCT ON (unit_id) unit_id, value, as_of FROM m
         ORDER BY unit_id, as_of DESC, created_at DESC
       )
       SELECT u.id AS unit_id, u.code, u.name, u.population, l.value, l.as_of::text AS as_of
       FROM units u
       JOIN (SELECT DISTINCT unit_id FROM tasks WHERE directive_id = $1) tu ON tu.unit_id = u.id
       LEFT JOIN latest l ON l.unit_id = u.id`,
      params,
    );
    // The district total at each report date: every unit's latest value as of that date.
    const points = await this.dataSource.query<Array<{ date: string; value: number }>>(
      `WITH m AS (${METRICS})
       SELECT d.as_of::text AS date, SUM(l.value)::float8 AS value
       FROM (SELECT DISTINCT as_of FROM m) d
       CROSS JOIN LATERAL (
         SELECT DISTINCT ON (m.unit_id) m.value FROM m WHERE m.as_of <= d.as_of
         ORDER BY m.unit_id, m.as_of DESC, m.created_at DESC
       ) l
       GROUP BY d.as_of ORDER BY d.as_of`,
      params,
    );

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
