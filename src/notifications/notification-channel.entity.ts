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
import { User } from '../users/user.entity.js';

export const CHANNEL_KINDS = ['webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * Where notifications go besides the inbox: a webhook or an e-mail address, for a unit (every
 * user of the unit is covered) or for one user — exactly one of the two.
 */
@Entity({ name: 'notification_channels' })
@Index('IDX_notification_channels_unit_id', ['unitId'])
@Index('IDX_notification_channels_user_id', ['userId'])
@Check('CHK_notification_channels_owner', `("unit_id" IS NULL) <> ("user_id" IS NULL)`)
@Check('CHK_notification_channels_kind', `"kind" IN ('webhook', 'email')`)
@Check(
  'CHK_notification_channels_target',
  `("kind" = 'webhook' AND "url" IS NOT NULL AND "secret" IS NOT NULL AND "address" IS NULL) OR ` +
    `("kind" = 'email' AND "address" IS NOT NULL AND "url" IS NULL AND "secret" IS NULL)`,
)
export class NotificationChannel {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_notification_channels' })
  id: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_notification_channels_unit' })
  unit?: Unit | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_notification_channels_user' })
  user?: User | null;

  @Column({ type: 'varchar', length: 16 })
  kind: ChannelKind;

  /** Webhooks: where to POST. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  /** Webhooks: the HMAC-SHA256 key. Needed in clear to sign; the API shows it only once. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  secret: string | null;

  /** E-mail: the recipient address. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  address: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
