import { chainCte } from '../directives/directive-chain-sql.js';
import { unitPopulationSql } from '../units/unit-population.js';

/**
 * Which reported figure counts for a target: the rule, written once, for every target query
 * (current value per unit, the district's history, the trend by period). Parameters: `$1` the
 * directive, `$2` the target's indicators (text[]).
 *
 * A unit's figures come from two places:
 * - metric evidence on its tasks (not withdrawn, with a value and an "as of" date);
 * - the metrics of its period reports (kỳ báo cáo) that stand: `accepted`, or `submitted` and
 *   awaiting review. A returned report does not count until it is sent again; an open, missed or
 *   cancelled period has none. A metric's "as of" is the period's last day unless the unit gave one.
 *
 * The unit's standing figure as of a date D (the current value: D = infinity):
 * 1. of its periods with figures as of D or earlier, the latest ACCEPTED one's (by due instant),
 *    else the latest submitted one's; within one report, the first metric for the target;
 * 2. of its evidence as of D or earlier, the newest "as of" (then the latest entered);
 * 3. of those two, the newer "as of"; on the same day, the period report's.
 * So a figure corrected by evidence after the last accepted period counts, and a report still
 * under review does not displace an accepted one.
 */
export const TARGET_FIGURES = targetFiguresSql('t.directive_id = $1');

/**
 * The CTEs `ev` and `pf` over the tasks `t` that `tasksOf` picks (one directive, or every
 * directive of a chain), each row with its task's directive.
 */
function targetFiguresSql(tasksOf: string): string {
  return `
  ev AS (
    SELECT t.directive_id, t.unit_id, e.value::float8 AS value, e.as_of, e.created_at AS entered_at
      FROM evidence e JOIN tasks t ON t.id = e.task_id
     WHERE ${tasksOf} AND e.kind = 'metric' AND e.withdrawn_at IS NULL
       AND e.as_of IS NOT NULL AND e.value IS NOT NULL AND e.indicator = ANY($2::text[])
  ),
  pf AS (
    SELECT t.directive_id, t.unit_id, p.id AS period_id, (m.item->>'value')::float8 AS value,
           (m.item->>'asOf')::date AS as_of, p.status = 'accepted' AS accepted, p.due_at,
           m.n, p.starts_on, p.ends_on
      FROM tasks t
      JOIN task_periods p ON p.task_id = t.id
     CROSS JOIN LATERAL jsonb_array_elements(p.metrics) WITH ORDINALITY AS m(item, n)
     WHERE ${tasksOf} AND p.status IN ('submitted', 'accepted')
       AND m.item->>'indicator' = ANY($2::text[])
  )`;
}

/**
 * Each unit's standing figure as of `asOf` (an SQL date expression, possibly a column of an outer
 * query, or `'infinity'::date`): rows (unit_id, value, as_of). Needs the TARGET_FIGURES CTEs.
 */
export function standingFiguresSql(asOf: string): string {
  return `SELECT DISTINCT ON (c.directive_id, c.unit_id) c.directive_id, c.unit_id, c.value, c.as_of
    FROM ((SELECT DISTINCT ON (pf.directive_id, pf.unit_id) pf.directive_id, pf.unit_id, pf.value,
                  pf.as_of, 1 AS source
             FROM pf WHERE pf.as_of <= ${asOf}
            ORDER BY pf.directive_id, pf.unit_id, pf.accepted DESC, pf.due_at DESC, pf.n)
          UNION ALL
          (SELECT DISTINCT ON (ev.directive_id, ev.unit_id) ev.directive_id, ev.unit_id, ev.value,
                  ev.as_of, 0 AS source
             FROM ev WHERE ev.as_of <= ${asOf}
            ORDER BY ev.directive_id, ev.unit_id, ev.as_of DESC, ev.entered_at DESC)) c
   ORDER BY c.directive_id, c.unit_id, c.as_of DESC, c.source DESC`;
}

/**
 * Rolling up (issue 16, part 4): the standing figures, by the same rule, on every directive
 * carried down from directive `$1` (chain-sql.ts), each with the directive whose task it carries
 * down and that task's unit; a carried-down directive without a figure comes as one row with a
 * null unit, so the chain's shape is whole. `target-rollup.ts` sums them up the chain.
 * Parameters: `$1` the root, `$2` the indicators.
 */
export const CHAIN_FIGURES = `
  WITH RECURSIVE ${chainCte('$1', null)},
  ${targetFiguresSql('t.directive_id IN (SELECT chain.id FROM chain WHERE chain.depth > 0)')},
  latest AS (${standingFiguresSql(`'infinity'::date`)})
  SELECT c.id AS directive_id, c.parent_directive_id, c.parent_unit_id,
         l.unit_id, l.value, l.as_of::text AS as_of
    FROM chain c
    LEFT JOIN latest l ON l.directive_id = c.id
   WHERE c.depth > 0`;

/**
 * Every indicator reported on the directive, or on any directive carried down from it (the
 * communes' figures roll up to the province under the words they wrote), by evidence or in a
 * standing period report.
 */
export const REPORTED_INDICATORS = `
  WITH RECURSIVE ${chainCte('$1', null)}
  SELECT DISTINCT e.indicator FROM evidence e JOIN tasks t ON t.id = e.task_id
   WHERE t.directive_id IN (SELECT chain.id FROM chain) AND e.kind = 'metric'
     AND e.indicator IS NOT NULL
  UNION
  SELECT DISTINCT m.item->>'indicator' FROM tasks t
    JOIN task_periods p ON p.task_id = t.id
   CROSS JOIN LATERAL jsonb_array_elements(p.metrics) AS m(item)
   WHERE t.directive_id IN (SELECT chain.id FROM chain) AND p.status IN ('submitted', 'accepted')`;

/** Every unit with a task on the directive, with its current standing figure. */
export const UNIT_FIGURES = `
  WITH ${TARGET_FIGURES}, latest AS (${standingFiguresSql(`'infinity'::date`)})
  SELECT u.id AS unit_id, u.code, u.name, ${unitPopulationSql('u')} AS population, l.value,
         l.as_of::text AS as_of
    FROM units u
    JOIN (SELECT DISTINCT unit_id FROM tasks WHERE directive_id = $1) tu ON tu.unit_id = u.id
    LEFT JOIN latest l ON l.unit_id = u.id`;

/** The district total at each date a figure is "as of": every unit's standing figure then. */
export const DISTRICT_HISTORY = `
  WITH ${TARGET_FIGURES},
  dates AS (SELECT as_of FROM ev UNION SELECT as_of FROM pf)
  SELECT d.as_of::text AS date, sum(s.value)::float8 AS value
    FROM dates d CROSS JOIN LATERAL (${standingFiguresSql('d.as_of')}) s
   GROUP BY d.as_of ORDER BY d.as_of`;

/**
 * The trend by period over the periods due in [$3, $4): the columns (distinct due instant and
 * span, in due order, as the period grid has them); per unit, the figure of its report in each
 * column; per column, the district's total of standing figures as of the column's last day.
 * One row: `{columns, units, totals}` as JSON.
 */
export const PERIOD_TREND = `
  WITH ${TARGET_FIGURES},
  cols AS (
    SELECT due_at, starts_on, ends_on,
           (row_number() OVER (ORDER BY due_at, starts_on, ends_on))::int - 1 AS i
      FROM (SELECT DISTINCT p.due_at, p.starts_on, p.ends_on
              FROM tasks t JOIN task_periods p ON p.task_id = t.id
             WHERE t.directive_id = $1 AND p.due_at >= $3 AND p.due_at < $4
               AND p.status <> 'cancelled') d
  ),
  own AS (
    SELECT DISTINCT ON (pf.unit_id, c.i) pf.unit_id, c.i, pf.value
      FROM pf JOIN cols c USING (due_at, starts_on, ends_on)
     ORDER BY pf.unit_id, c.i, pf.accepted DESC, pf.n
  ),
  unit_rows AS (
    SELECT own.unit_id, array_agg(own.i ORDER BY own.i) AS at,
           array_agg(own.value ORDER BY own.i) AS vals
      FROM own GROUP BY own.unit_id
  )
  SELECT json_build_object(
    'columns', (SELECT json_agg(json_build_object('from', to_char(starts_on, 'YYYY-MM-DD'),
                  'to', to_char(ends_on, 'YYYY-MM-DD'), 'dueAt', due_at) ORDER BY i) FROM cols),
    'units', (SELECT json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name,
                'population', ${unitPopulationSql('u')}, 'at', r.at, 'values', r.vals) ORDER BY u.name)
                FROM unit_rows r JOIN units u ON u.id = r.unit_id),
    'of', (SELECT sum(${unitPopulationSql('u')})::float8 FROM units u
            WHERE u.id IN (SELECT unit_id FROM tasks WHERE directive_id = $1)),
    'totals', (SELECT json_agg(s.total ORDER BY c.i) FROM cols c CROSS JOIN LATERAL (
                 SELECT sum(f.value)::float8 AS total FROM (${standingFiguresSql('c.ends_on')}) f) s)
  ) AS trend`;
