import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UNIT_KINDS, type UnitKind } from './unit-kind.js';

/** Đơn vị: a body that can be given tasks (an office, a commune, an organisation). */
@Entity({ name: 'units' })
@Index('UQ_units_code', ['code'], { unique: true })
@Index('IDX_units_parent_id', ['parentId'])
@Check('CHK_units_kind', `"kind" IN (${UNIT_KINDS.map((kind) => `'${kind}'`).join(', ')})`)
@Check('CHK_units_population', `"population" IS NULL OR "population" >= 0`)
export class Unit {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_units' })
  id: string;

  /** ASCII slug of the name, stable across renames of the display name: `xa-hong-quang`. */
  @Column({ type: 'varchar', length: 100 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'short_name', type: 'varchar', length: 100, nullable: true })
  shortName: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: UnitKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_units_parent' })
  parent?: Unit | null;

  /** Residents, for communes: the denominator of per-capita targets. */
  @Column({ type: 'integer', nullable: true })
  population: number | null;

  /** Other ways letters write the name: abbreviations, old names, "Phòng VH&TT". */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  /** Code, names and aliases folded to plain ASCII, for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'text', default: '' })
  searchText: string;

  /** Inactive units keep their history but get no new tasks. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
