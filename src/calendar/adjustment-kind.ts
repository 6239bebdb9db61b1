/**
 * How an admin corrects the computed calendar for one date, from the government's yearly notice
 * of holidays (thông báo nghỉ lễ, Tết).
 */
export const ADJUSTMENT_KINDS = [
  'day_off', // nghỉ bù, hoán đổi: a day that would be worked is off
  'working_day', // làm bù: a Saturday (or a computed holiday) is worked
] as const;

export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
