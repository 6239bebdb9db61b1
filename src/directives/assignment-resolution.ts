import type { UnitResolution } from '../units/unit-resolver.service.js';
import type { Assignment } from './assignment.entity.js';

type ResolutionFields = Pick<
  Assignment,
  'resolution' | 'resolvedBy' | 'confidence' | 'unitIds' | 'matches'
>;

/**
 * What the resolver's answer means for an assignment: one unit is `matched`, several (a group,
 * or a list of bodies) are `group`, none is `unmatched` with the near candidates kept for review.
 */
export function resolvedBy(resolution: UnitResolution): ResolutionFields {
  if (resolution.status === 'unmatched' || resolution.unitIds.length === 0) {
    return {
      resolution: 'unmatched',
      resolvedBy: 'resolver',
      confidence: 0,
      unitIds: [],
      matches: resolution.candidates,
    };
  }
  const single = resolution.matches.length === 1 && resolution.matches[0].type === 'unit';
  return {
    resolution: single ? 'matched' : 'group',
    resolvedBy: 'resolver',
    confidence: resolution.confidence,
    unitIds: resolution.unitIds,
    matches: resolution.matches,
  };
}

/** Units a clerk chose from the directory. */
export function chosenByClerk(unitIds: string[]): ResolutionFields {
  const unique = [...new Set(unitIds)];
  return {
    resolution: unique.length === 0 ? 'unmatched' : unique.length === 1 ? 'matched' : 'group',
    resolvedBy: 'clerk',
    confidence: unique.length === 0 ? 0 : 1,
    unitIds: unique,
    matches: [],
  };
}
