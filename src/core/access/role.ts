/** Who a user is to dondoc; every route names the roles it admits. */
export const ROLES = ['admin', 'chair', 'clerk', 'unit_head', 'unit_officer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act for one unit and see only that unit's work. */
export const UNIT_ROLES: readonly Role[] = ['unit_head', 'unit_officer'];

export function isUnitRole(role: Role): boolean {
  return UNIT_ROLES.includes(role);
}
