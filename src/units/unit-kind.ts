/**
 * What sort of body a unit is, at any level of local government: directives address bodies by
 * these kinds ("các xã, thị trấn", "các sở, ban, ngành"). Offices, public service units, mass
 * organisations and police or military units of any level sit under their committee through
 * `parent_id`; the kind says what they are, the tree says where.
 */
export const UNIT_KINDS = [
  'province_committee', // Ủy ban nhân dân tỉnh (thành phố trực thuộc trung ương)
  'department', // sở, ban, ngành tỉnh
  'district_committee', // Ủy ban nhân dân huyện, quận, thị xã (before 1 July 2025)
  'office', // phòng chuyên môn, văn phòng, thanh tra
  'public_service', // đơn vị sự nghiệp: đài, trung tâm
  'commune', // xã, thị trấn
  'ward', // phường
  'special_zone', // đặc khu
  'mass_organisation', // Mặt trận, hội, đoàn thể
  'police_military', // công an, quân sự
  'other',
] as const;

export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Kinds of body that issue directives of their own (cơ quan ban hành): the committees of every
 * level and the departments (Sở). A user's body is the nearest of these up the tree from the
 * user's unit (see `unit-body.ts`).
 */
export const ISSUING_KINDS = [
  'province_committee',
  'department',
  'district_committee',
  'commune',
  'ward',
  'special_zone',
] as const satisfies readonly UnitKind[];

export function isIssuingKind(kind: UnitKind): boolean {
  return (ISSUING_KINDS as readonly UnitKind[]).includes(kind);
}
