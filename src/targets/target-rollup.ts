/**
 * Targets rolling up the chain (pure; issue 16, part 4). A unit's standing figure on a directive
 * is its own reported figure (targets.sql.ts: the rule) if it has one; else, when it carried its
 * task down, the sum of the standing figures — by this same definition, recursively — of the
 * units of the directive(s) it carried it down with. So the province sees a district's Bluezone
 * figure computed from the communes' reports under it until the district reports one itself.
 */

/** A standing figure ("as of": a date `YYYY-MM-DD`). */
export interface Figure {
  value: number;
  asOf: string | null;
}

/** A row of `CHAIN_FIGURES`: one unit's own figure on a carried-down directive (or none). */
export interface ChainFigureRow {
  directiveId: string;
  /** The directive whose task this one carries down, and that task's unit. */
  parentDirectiveId: string;
  parentUnitId: string;
  /** Null: the directive has no figure at all (it still links the chain). */
  unitId: string | null;
  value: number | null;
  asOf: string | null;
}

export interface RolledFigure extends Figure {
  /** True when the figure is the sum of what the unit's carried-down directive(s) report. */
  rolledUp: boolean;
}

/**
 * The figure of each of `units` (the root's units) on the root directive: its own (`own`) or,
 * missing that, rolled up from the chain. A unit with neither has no entry. The sum's "as of"
 * is the newest of its parts. Cycles cannot loop: a directive is entered once per path.
 */
export function rollUp(
  rootId: string,
  units: readonly string[],
  own: ReadonlyMap<string, Figure>,
  chain: readonly ChainFigureRow[],
): Map<string, RolledFigure> {
  // Own figures per directive and unit; the children of each (directive, unit).
  const figures = new Map<string, Map<string, Figure>>([[rootId, new Map(own)]]);
  const children = new Map<string, string[]>();
  const carriers = new Map<string, Set<string>>();
  const key = (directiveId: string, unitId: string) => `${directiveId}/${unitId}`;
  for (const row of chain) {
    const list = children.get(key(row.parentDirectiveId, row.parentUnitId)) ?? [];
    if (!list.includes(row.directiveId)) list.push(row.directiveId);
    children.set(key(row.parentDirectiveId, row.parentUnitId), list);
    carriers.set(
      row.parentDirectiveId,
      (carriers.get(row.parentDirectiveId) ?? new Set<string>()).add(row.parentUnitId),
    );
    const ofDirective = figures.get(row.directiveId) ?? new Map<string, Figure>();
    figures.set(row.directiveId, ofDirective);
    if (row.unitId !== null && row.value !== null)
      ofDirective.set(row.unitId, { value: row.value, asOf: row.asOf });
  }
  // The units of a directive that may hold a figure: those reporting, those carrying down.
  const unitsOf = (directiveId: string): Set<string> => {
    const found = new Set(figures.get(directiveId)?.keys() ?? []);
    for (const unitId of carriers.get(directiveId) ?? []) found.add(unitId);
    return found;
  };
  const figureOf = (
    directiveId: string,
    unitId: string,
    path: Set<string>,
  ): RolledFigure | null => {
    const mine = figures.get(directiveId)?.get(unitId);
    if (mine) return { ...mine, rolledUp: false };
    const parts: RolledFigure[] = [];
    for (const child of children.get(key(directiveId, unitId)) ?? []) {
      if (path.has(child)) continue;
      const below = new Set(path).add(child);
      for (const childUnit of unitsOf(child)) {
        const part = figureOf(child, childUnit, below);
        if (part) parts.push(part);
      }
    }
    if (parts.length === 0) return null;
    return {
      value: parts.reduce((sum, part) => sum + part.value, 0),
      asOf: parts.reduce<string | null>((max, part) => newest(max, part.asOf), null),
      rolledUp: true,
    };
  };
  const result = new Map<string, RolledFigure>();
  for (const unitId of units) {
    const figure = figureOf(rootId, unitId, new Set([rootId]));
    if (figure) result.set(unitId, figure);
  }
  return result;
}

function newest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
