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
import { User } from '../users/user.entity.js';
import { Task } from './task.entity.js';

export const TASK_REQUEST_KINDS = ['extension', 'pause'] as const;
export type TaskRequestKind = (typeof TASK_REQUEST_KINDS)[number];
export const TASK_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type TaskRequestStatus = (typeof TASK_REQUEST_STATUSES)[number];

/** A unit's request to the chair: a new deadline (gia hạn) or a pause (tạm hoãn). */
@Entity({ name: 'task_requests' })
@Index('IDX_task_requests_task_id', ['taskId'])
@Index('UQ_task_requests_one_pending', ['taskId', 'kind'], {
  unique: true,
  where: `"status" = 'pending'`,
})
@Check('CHK_task_requests_kind', `"kind" IN ('extension', 'pause')`)
@Check('CHK_task_requests_status', `"status" IN ('pending', 'approved', 'rejected')`)
export class TaskRequest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_task_requests' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_requests_task' })
  task?: Task;

  @Column({ type: 'varchar', length: 16 })
  kind: TaskRequestKind;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: TaskRequestStatus;

  @Column({ type: 'text' })
  reason: string;

  /** extension: the deadline asked for. */
  @Column({ name: 'requested_deadline', type: 'varchar', length: 40, nullable: true })
  requestedDeadline: string | null;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'FK_task_requests_requested_by' })
  requestedBy?: User;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'FK_task_requests_decided_by' })
  decidedBy?: User | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;
}
