import type { DirectiveTarget } from '../directives/parser/parsed-directive.js';
import { foldVietnamese } from '../units/vietnamese-text.js';

/**
 * Which reported indicators count towards each of a directive's targets.
 *
 * A metric's indicator counts for target i when, folded (case, tone marks, spacing), it equals
 * the target's indicator. A directive with a single target takes every metric of its tasks, since
 * units write the figure in their own words ("Số người đã cài Bluezone" for "Tỷ lệ dân số cài
 * đặt, sử dụng Bluezone"). With several targets, an indicator that matches none is not counted.
 */
export function indicatorsByTarget(
  targets: readonly Pick<DirectiveTarget, 'indicator'>[],
  reported: readonly string[],
): string[][] {
  if (targets.length === 1) return [[...reported]];
  return targets.map((target) => {
    const key = foldVietnamese(target.indicator);
    return reported.filter((indicator) => foldVietnamese(indicator) === key);
  });
}

/** A percentage to two decimals; null without a positive denominator. */
export function percentOf(value: number | null, of: number | null): number | null {
  if (value === null || of === null || of <= 0) return null;
  return round2((value / of) * 100);
}

/** Points still missing to reach the target (0 once reached); null without a percentage or goal. */
export function gapTo(goal: DirectiveTarget['target'], percent: number | null): number | null {
  if (percent === null || goal === null) return null;
  const gap = goal.comparator === 'min' ? goal.percent - percent : percent - goal.percent;
  return Math.max(0, round2(gap));
}

/**
 * Whether a percentage meets the target: at least it ('min') or at most it ('max'). A target
 * with no rate to reach (only the current figure was given) is never met.
 */
export function meets(goal: DirectiveTarget['target'], percent: number | null): boolean {
  if (percent === null || goal === null) return false;
  return goal.comparator === 'min' ? percent >= goal.percent : percent <= goal.percent;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
