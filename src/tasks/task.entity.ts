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
import type { ParsedSubtask, Recurrence } from '../directives/parser/parsed-directive.js';
import { Assignment } from '../directives/assignment.entity.js';
import { Directive } from '../directives/directive.entity.js';
import { Unit } from '../units/unit.entity.js';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from './task-status.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** One unit's share of one assignment of a published directive. */
@Entity({ name: 'tasks' })
@Index('UQ_tasks_assignment_unit', ['assignmentId', 'unitId'], { unique: true })
@Index('IDX_tasks_directive_id', ['directiveId'])
@Index('IDX_tasks_unit_status', ['unitId', 'status'])
@Check('CHK_tasks_status', `"status" IN (${list(TASK_STATUSES)})`)
@Check('CHK_tasks_role', `"role" IN (${list(TASK_ROLES)})`)
export class Task {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_tasks' })
  id: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId: string;

  @ManyToOne(() => Directive, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'directive_id', foreignKeyConstraintName: 'FK_tasks_directive' })
  directive?: Directive;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => Assignment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_tasks_assignment' })
  assignment?: Assignment;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_tasks_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 16 })
  role: TaskRole;

  /** Asked of a body outside the issuer's authority ("Đề nghị …"), scored apart. */
  @Column({ type: 'boolean', default: false })
  requested: boolean;

  @Column({ type: 'varchar', length: 16, default: 'assigned' })
  status: TaskStatus;

  /** The deadline in force as written ("2021-06-30" or with a time), after moving off days off. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  deadline: string | null;

  /** The same deadline as an instant: the end of the day in Vietnam for a date. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  recurrence: Recurrence | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  subtasks: ParsedSubtask[];

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
