// How far a part's bodies are settled to units: plain data, shared by the entity and planning.
export const RESOLUTIONS = ['matched', 'group', 'unmatched'] as const;
/** matched: one unit; group: several units (a group or a list of bodies); unmatched: none yet. */
export type Resolution = (typeof RESOLUTIONS)[number];

/** A named partner (phối hợp) of an assignment, resolved like the assignee. */
export interface Coordinator {
  name: string;
  resolution: Resolution;
  unitIds: string[];
}
