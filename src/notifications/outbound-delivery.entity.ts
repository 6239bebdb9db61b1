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
import { NotificationChannel } from './notification-channel.entity.js';
import { Notification } from './notification.entity.js';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One notification to send over one channel. A `pending` row is the work itself (the queue only
 * carries its id), so it survives Redis losing the job; the unique key stops a second send.
 */
@Entity({ name: 'outbound_deliveries' })
@Index('UQ_outbound_deliveries_notification_channel', ['notificationId', 'channelId'], {
  unique: true,
})
@Index('IDX_outbound_deliveries_pending', ['createdAt'], { where: `"status" = 'pending'` })
@Index('IDX_outbound_deliveries_status_created', ['status', 'createdAt'])
@Index('IDX_outbound_deliveries_channel_id', ['channelId'])
@Check('CHK_outbound_deliveries_status', `"status" IN ('pending', 'sent', 'failed')`)
@Check('CHK_outbound_deliveries_attempts', `"attempts" >= 0`)
export class OutboundDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_outbound_deliveries' })
  id: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'notification_id',
    foreignKeyConstraintName: 'FK_outbound_deliveries_notification',
  })
  notification?: Notification;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  /** Deleting a channel deletes its delivery history; deactivate it to keep the history. */
  @ManyToOne(() => NotificationChannel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'FK_outbound_deliveries_channel' })
  channel?: NotificationChannel;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
