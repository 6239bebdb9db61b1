import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from './adjustment-kind.js';

/**
 * An admin's correction of the computed working-day calendar for one date, taken from the
 * government's yearly holiday notice: nghỉ bù / hoán đổi (day off) or làm bù (day worked).
 */
@Entity({ name: 'calendar_adjustments' })
@Check(
  'CHK_calendar_adjustments_kind',
  `"kind" IN (${ADJUSTMENT_KINDS.map((kind) => `'${kind}'`).join(', ')})`,
)
export class CalendarAdjustment {
  /** A calendar date in Vietnam, `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_calendar_adjustments' })
  date: string;

  @Column({ type: 'varchar', length: 16 })
  kind: AdjustmentKind;

  /** Why, usually citing the notice: "Nghỉ bù Quốc khánh (Thông báo 123/TB-BNV)". */
  @Column({ type: 'text' })
  note: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
