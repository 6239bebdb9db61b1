import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TaskPeriod } from '../periods/task-period.entity.js';
import { Task } from '../tasks/task.entity.js';

/**
 * One đôn đốc round that happened: a reminder or an escalation level for a task at one deadline
 * version. The unique key is what makes a step happen once, whatever Redis or a worker does.
 */
@Entity({ name: 'escalations' })
@Index('UQ_escalations_task_step_version', ['taskId', 'step', 'deadlineVersion'], { unique: true })
@Index('IDX_escalations_fired_at', ['firedAt'])
export class Escalation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_escalations' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_escalations_task' })
  task?: Task;

  /** A reporting period's step (`p<number>-…`): the period it presses; null for the task's own. */
  @Column({ name: 'period_id', type: 'uuid', nullable: true })
  periodId: string | null;

  @ManyToOne(() => TaskPeriod, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'FK_escalations_period' })
  period?: TaskPeriod;

  /** Which step: `receipt`, `reminder`, `stale-<n>`, `level-1`, `level-2`, `level-3-<n>`; a period's
   *  `p<number>-reminder`, `p<number>-missed`, `p<number>-chair`. */
  @Column({ type: 'varchar', length: 32 })
  step: string;

  /** 0 for reminders, 1–3 for escalation levels. */
  @Column({ type: 'integer' })
  level: number;

  @Column({ name: 'deadline_version', type: 'integer' })
  deadlineVersion: number;

  /** When the step was due, and when it actually fired. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @CreateDateColumn({ name: 'fired_at', type: 'timestamptz' })
  firedAt: Date;

  /** Who was told (user ids). */
  @Column({ name: 'recipient_ids', type: 'uuid', array: true, default: () => "'{}'" })
  recipientIds: string[];
}
