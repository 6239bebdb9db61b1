import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the same transaction as the change it announces (transactional
 * outbox): if the change commits, the event exists; if it rolls back, so does the event.
 * Consumers (the escalation scheduler) drain unprocessed events and mark them processed.
 */
@Entity({ name: 'outbox_events' })
@Index('IDX_outbox_events_unprocessed', ['createdAt'], { where: '"processed_at" IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'PK_outbox_events',
  })
  id: string;

  /** What happened: `directive.published`, … */
  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** Ids only: consumers reload the state they need. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
