import type { ComplianceFigures } from './compliance-figures.js';
import { worstFirst } from './compliance-figures.js';
import type {
  CarriedDownCompliance,
  ComplianceTotals,
  DirectiveRef,
  UnitComplianceRow,
  UnitRef,
} from './compliance.types.js';

/**
 * Compliance down the chain (pure): one entry per carried-down directive, as the chain query
 * yields them, nested under the directive whose task each carries down; and the units late at
 * any depth, for the report and the urging letter.
 */

/** Units by name in Vietnamese order: one collator for every comparison (`localeCompare` builds one per call). */
export const byName = new Intl.Collator('vi').compare;

/** One carried-down directive with its figures, before nesting. */
export interface ChainEntry {
  directive: DirectiveRef;
  parentDirectiveId: string;
  task: { id: string; unit: UnitRef };
  depth: number;
  totals: ComplianceTotals;
  units: UnitComplianceRow[];
}

/**
 * The entries nested under `rootId`: each under its parent directive's `carriedDown`, in the
 * order given (the query's: depth, then the carrying unit's name). An entry whose parent is not
 * among them (nor the root) is dropped: nothing hangs in the air.
 */
export function nestChain(rootId: string, entries: readonly ChainEntry[]): CarriedDownCompliance[] {
  const nodes = new Map<string, CarriedDownCompliance>();
  for (const entry of entries) {
    nodes.set(entry.directive.id, {
      task: entry.task,
      directive: entry.directive,
      depth: entry.depth,
      totals: entry.totals,
      units: entry.units,
      carriedDown: [],
    });
  }
  const top: CarriedDownCompliance[] = [];
  for (const entry of entries) {
    const node = nodes.get(entry.directive.id) as CarriedDownCompliance;
    if (entry.parentDirectiveId === rootId) top.push(node);
    else nodes.get(entry.parentDirectiveId)?.carriedDown.push(node);
  }
  return top;
}

/** A unit late somewhere down the chain, with the directive it is late on and how deep that is. */
export interface LateUnit {
  unit: UnitRef;
  directive: DirectiveRef;
  depth: number;
  figures: ComplianceFigures;
}

/**
 * Every unit with an overdue task on a carried-down directive, at any depth, worst first — what
 * the report and the urging letter add to the root's own late units when asked (`depth=all`).
 */
export function lateUnitsDownTheChain(chain: readonly CarriedDownCompliance[]): LateUnit[] {
  const late: LateUnit[] = [];
  const stack = [...chain];
  while (stack.length > 0) {
    const node = stack.shift() as CarriedDownCompliance;
    for (const row of node.units) {
      if (row.overdue > 0)
        late.push({ unit: row.unit, directive: node.directive, depth: node.depth, figures: row });
    }
    stack.push(...node.carriedDown);
  }
  return late.sort((a, b) => worstFirst(a.figures, b.figures) || a.depth - b.depth);
}
