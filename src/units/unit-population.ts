import { MAX_TREE_DEPTH } from './unit-body.js';

/**
 * A unit's population (dân số), defined once for SQL: the one recorded on the unit, else the sum
 * of those recorded under it — on each path down, the nearest unit that records one, so a
 * commune's villages never count twice beside the commune. The demo's districts and a province
 * record none of their own; their Bluezone rate (a figure rolled up from the communes ÷ this) is
 * then the communes' own arithmetic, as the issue asks (issue 16, part 4).
 */
export function unitPopulationSql(u: string): string {
  return `COALESCE(${u}.population, (WITH RECURSIVE pop_below(id, population, depth) AS (
      SELECT pc.id, pc.population, 1 FROM units pc WHERE pc.parent_id = ${u}.id AND pc.active
      UNION ALL
      SELECT pc.id, pc.population, pop_below.depth + 1
        FROM pop_below JOIN units pc ON pc.parent_id = pop_below.id
       WHERE pop_below.population IS NULL AND pc.active AND pop_below.depth < ${MAX_TREE_DEPTH}
    ) SELECT sum(pop_below.population)::int FROM pop_below))`;
}
