import {
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

/**
 * One message in one user's in-app inbox (hộp thư thông báo). A retried escalation cannot notify
 * the same user twice: (escalation_id, user_id) is unique, and rows without an escalation never
 * collide (NULLs are distinct).
 */
@Entity({ name: 'notifications' })
@Index('UQ_notifications_escalation_user', ['escalationId', 'userId'], { unique: true })
@Index('IDX_notifications_user_created', ['userId', 'createdAt'])
@Index('IDX_notifications_user_unread', ['userId', 'createdAt'], { where: '"read_at" IS NULL' })
@Index('IDX_notifications_task_id', ['taskId'])
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_notifications' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_notifications_user' })
  user?: User;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_notifications_task' })
  task?: Task | null;

  /**
   * The escalation round that caused it. No foreign key: the escalation engine owns that table
   * and writes the row in the same transaction; the unique key above is what matters here.
   */
  @Column({ name: 'escalation_id', type: 'uuid', nullable: true })
  escalationId: string | null;

  /** `reminder`, `escalation`, … */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
