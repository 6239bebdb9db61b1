import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { Task } from './task.entity.js';

/** What a history entry records. */
export const TASK_EVENT_KINDS = [
  'assigned',
  'status_changed',
  'evidence_added',
  'evidence_withdrawn',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'pause_requested',
  'pause_approved',
  'pause_rejected',
  'deadline_changed',
  'escalated',
  // Reporting periods (the periods module): a report, its review, a recurrence change.
  'period_reported',
  'period_reviewed',
  'recurrence_changed',
] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

/**
 * One immutable line of a task's history, written in the same transaction as the change:
 * who, when, what, and the state before and after. Never updated or deleted.
 */
@Entity({ name: 'task_events' })
@Index('IDX_task_events_task_id', ['taskId', 'id'])
export class TaskEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'PK_task_events',
  })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_events_task' })
  task?: Task;

  /** Null for the system (the escalator). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'FK_task_events_actor' })
  actor?: User | null;

  @Column({ type: 'varchar', length: 32 })
  kind: TaskEventKind;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus: string | null;

  /** The note, report or reason given with the change. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** What changed besides the status: { before, after } values, ids of evidence or requests. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
