import { ISSUING_KINDS, isIssuingKind, type UnitKind } from './unit-kind.js';

/**
 * A user's body (cơ quan): the issuing body a user acts for. Defined once, here, for TypeScript
 * and for SQL: the nearest unit up the tree, starting at the user's own unit, whose kind is an
 * issuing kind (a committee of any level or a department); when no unit up the tree is one, the
 * top of the tree (so a directory without committees still gives every user a body).
 * The clerk of "Văn phòng HĐND và UBND" acts for the district committee above it; a commune's
 * chair, whose unit is the commune committee, for that commune.
 */

/** What the walk reads of a unit. */
export interface TreeUnit {
  kind: UnitKind;
  parentId: string | null;
}

/** Deeper than any real directory; stops a cycle written by hand into the table. */
export const MAX_TREE_DEPTH = 32;

/** The body of the unit `unitId`, walking `units` up; null when the unit is not in it. */
export function bodyOf(unitId: string, units: ReadonlyMap<string, TreeUnit>): string | null {
  let id = unitId;
  let unit = units.get(id);
  if (!unit) return null;
  // As deep as the SQL walk goes (its rows stop at depth MAX_TREE_DEPTH - 1).
  for (let depth = 0; depth < MAX_TREE_DEPTH - 1; depth++) {
    if (isIssuingKind(unit.kind) || unit.parentId === null) return id;
    const parent = units.get(unit.parentId);
    if (!parent) return id;
    id = unit.parentId;
    unit = parent;
  }
  return id;
}

const ISSUING_KINDS_SQL = ISSUING_KINDS.map((kind) => `'${kind}'`).join(', ');

/**
 * The same rule as {@link bodyOf} as a scalar SQL subquery: the body of the unit whose id is the
 * SQL expression `unitId` (a column of the outer query or a placeholder). The walk climbs only
 * from units that are not issuing kinds, so its deepest row is the body.
 */
export function unitBodySql(unitId: string): string {
  return `(WITH RECURSIVE up(id, parent_id, kind, depth) AS (
            SELECT bu.id, bu.parent_id, bu.kind, 0 FROM units bu WHERE bu.id = ${unitId}
            UNION ALL
            SELECT p.id, p.parent_id, p.kind, up.depth + 1 FROM up JOIN units p ON p.id = up.parent_id
             WHERE up.kind NOT IN (${ISSUING_KINDS_SQL}) AND up.depth < ${MAX_TREE_DEPTH - 1})
          SELECT up.id FROM up ORDER BY up.depth DESC LIMIT 1)`;
}
