/** What sort of body a unit is; directives address bodies by these kinds ("các xã, thị trấn"). */
export const UNIT_KINDS = [
  'district_committee', // Ủy ban nhân dân huyện
  'office', // phòng chuyên môn, văn phòng, thanh tra
  'public_service', // đơn vị sự nghiệp: đài, trung tâm
  'commune', // xã, thị trấn
  'mass_organisation', // Mặt trận, hội, đoàn thể
  'police_military', // công an, quân sự
  'other',
] as const;

export type UnitKind = (typeof UNIT_KINDS)[number];
