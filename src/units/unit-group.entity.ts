import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Unit } from './unit.entity.js';

/**
 * A named set of units that a directive addresses as one body, e.g. "Ủy ban nhân dân các xã,
 * thị trấn": publishing to the group gives each member its own task.
 */
@Entity({ name: 'unit_groups' })
@Index('UQ_unit_groups_code', ['code'], { unique: true })
export class UnitGroup {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_unit_groups' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @ManyToMany(() => Unit)
  @JoinTable({
    name: 'unit_group_members',
    joinColumn: {
      name: 'group_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'FK_unit_group_members_group',
    },
    inverseJoinColumn: {
      name: 'unit_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'FK_unit_group_members_unit',
    },
  })
  members?: Unit[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
