/** Who a user is to dondoc; every route names the roles it admits. */
export const ROLES = ['admin', 'chair', 'clerk', 'unit_head', 'unit_officer'] as const;
export type Role = (typeof ROLES)[number];
