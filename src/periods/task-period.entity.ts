import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Task } from '../tasks/task.entity.js';
import { User } from '../users/user.entity.js';
import { PERIOD_STATUSES, type PeriodStatus } from './period-status.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** A figure reported for a period, as evidence's metric kind has it. */
export interface PeriodMetric {
  indicator: string;
  value: number;
  /** YYYY-MM-DD; the period's last day when not given. */
  asOf: string;
}

/** A file attached to a period's report: in the evidence store, by its SHA-256. */
export interface PeriodFile {
  sha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
}

/**
 * Kỳ báo cáo: one reporting period of a recurring task — the span it covers, when its report
 * is due, and the report itself (text, figures, files) with its review.
 */
@Entity({ name: 'task_periods' })
@Index('UQ_task_periods_task_number', ['taskId', 'number'], { unique: true })
// Reminders, misses, the sweep and the due lists look for pressed periods by due instant.
@Index('IDX_task_periods_open_due_at', ['dueAt'], { where: `"status" IN ('open', 'missed')` })
@Check('CHK_task_periods_status', `"status" IN (${list(PERIOD_STATUSES)})`)
@Check('CHK_task_periods_span', `"starts_on" <= "ends_on"`)
export class TaskPeriod {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_task_periods' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_periods_task' })
  task?: Task;

  /** 1, 2, 3 … within the task, in due order; never reused. */
  @Column({ type: 'integer' })
  number: number;

  /** The span the report covers, both days included (Vietnam dates). */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: PeriodStatus;

  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  metrics: PeriodMetric[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  files: PeriodFile[];

  /** The first submission's instant: on time or late is judged on it. */
  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by', foreignKeyConstraintName: 'FK_task_periods_submitted_by' })
  submittedBy?: User;

  /** The first submission came after the due instant (kept, never refused). */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'FK_task_periods_reviewed_by' })
  reviewedBy?: User;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When it was cancelled (task ended, recurrence changed). */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
