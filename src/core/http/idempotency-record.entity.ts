import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a POST sent with an `Idempotency-Key`, so a retry with the same key gets
 * that answer instead of acting twice. Keys are per user.
 */
@Entity({ name: 'idempotency_records' })
export class IdempotencyRecord {
  @PrimaryColumn({
    name: 'user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_idempotency_records',
  })
  userId: string;

  @PrimaryColumn({
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'PK_idempotency_records',
  })
  key: string;

  /** "POST /api/tasks/…/status": the same key on another route is refused. */
  @Column({ type: 'varchar', length: 500 })
  route: string;

  /** SHA-256 of the first request's JSON body: the same key with another body is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  /** Null while the first request is still being served. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
