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
import { Unit } from '../units/unit.entity.js';
import { DEADLINE_STOPPED_STATUSES } from './task-flags.js';
import type { Milestone, ParsedSubtask, Recurrence } from './recurrence.js';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from './task-status.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** What tasks read of their directive (the directives module owns that table). */
export interface TaskDirective {
  id: string;
  number: string | null;
  subject: string | null;
  issuedOn: string | null;
  clerkMayReview: boolean;
  /** The body that issued the directive: its chair and clerk review and manage the task. */
  issuingUnitId: string;
  /** The bodies above that it was carried down from (`body-scope.ts` `carriedFrom`). */
  carriedFrom: string[];
}

/** What tasks read of their assignment, the part of the directive they come from. */
export interface TaskAssignment {
  id: string;
  label: string;
  assignee: string;
  text: string;
  /** The part's dated steps; the task's deadline is the last (or as extended since). */
  milestones: Milestone[];
}

/** One unit's share of one assignment of a published directive. */
@Entity({ name: 'tasks' })
@Index('UQ_tasks_assignment_unit', ['assignmentId', 'unitId'], { unique: true })
@Index('IDX_tasks_directive_id', ['directiveId'])
@Index('IDX_tasks_unit_status', ['unitId', 'status'])
// Overdue lookups (compliance overview, reports): only tasks whose deadline clock runs carry a
// live deadline. The predicate is the expression `deadlineRunsSql` (task-flags.sql.ts) writes, so
// PostgreSQL can prove that a query filtering on it may use this index.
@Index('IDX_tasks_open_due_at', ['dueAt'], {
  where: `"status" NOT IN (${list(DEADLINE_STOPPED_STATUSES)})`,
})
// Recurring tasks still open: the periods' roll-forward looks for them on every sweep (its query
// filters with this very predicate, so PostgreSQL can use the index).
@Index('IDX_tasks_recurring_open', ['id'], {
  where: `"recurrence" IS NOT NULL AND "status" NOT IN ('completed', 'cancelled')`,
})
// The compliance ranking's covering index (INCLUDE columns, which TypeORM cannot declare): see
// the migration AddTasksDirectiveComplianceIndex1795890000000.
@Index('IDX_tasks_directive_compliance', { synchronize: false })
@Check('CHK_tasks_status', `"status" IN (${list(TASK_STATUSES)})`)
@Check('CHK_tasks_role', `"role" IN (${list(TASK_ROLES)})`)
export class Task {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_tasks' })
  id: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId: string;

  // Directive and Assignment are named, not imported: directives publishes tasks and imports
  // this module, which must not import it back.
  @ManyToOne('Directive', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'directive_id', foreignKeyConstraintName: 'FK_tasks_directive' })
  directive?: TaskDirective;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne('Assignment', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_tasks_assignment' })
  assignment?: TaskAssignment;

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

  /** The deadline set at publication, kept when extensions or pauses move it. */
  @Column({ name: 'original_deadline', type: 'varchar', length: 40, nullable: true })
  originalDeadline: string | null;

  /** Bumped whenever the deadline in force moves: escalation jobs carry it to spot stale steps. */
  @Column({ name: 'deadline_version', type: 'integer', default: 1 })
  deadlineVersion: number;

  /** While paused (tạm hoãn): the status to return to, and since when the clock stopped. */
  @Column({ name: 'paused_from', type: 'varchar', length: 16, nullable: true })
  pausedFrom: TaskStatus | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** The unit's latest report (báo cáo kết quả) and when it was submitted. */
  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** The unit's last move or submission: a task nobody updates goes stale. */
  @Column({ name: 'last_unit_activity_at', type: 'timestamptz', default: () => 'now()' })
  lastUnitActivityAt: Date;

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
