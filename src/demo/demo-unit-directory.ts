import { DEMO_GROUPS, DEMO_UNITS, demoGroupMembers } from './demo-directory.js';
import type { UnitDirectory } from '../units/unit-resolver.js';

/** The demo's directory as the resolver reads it (the resolver's specs), each unit's code standing in for its id. */
export const DEMO_DIRECTORY: UnitDirectory = {
  units: DEMO_UNITS.map((unit) => ({
    id: unit.code,
    code: unit.code,
    name: unit.name,
    shortName: unit.shortName ?? null,
    aliases: unit.aliases ?? [],
    active: true,
    kind: unit.kind,
    parentId: unit.parent ?? null,
  })),
  groups: DEMO_GROUPS.map((group) => ({
    id: group.code,
    code: group.code,
    name: group.name,
    aliases: group.aliases,
    memberIds: demoGroupMembers(group),
  })),
  places: ['An Thi'],
};
