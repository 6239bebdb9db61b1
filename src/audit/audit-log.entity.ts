import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Nhật ký: one row per successful mutating API request. Append-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE. No foreign keys, so the trail outlives the users and things it names.
 */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_at', ['at'])
@Index('IDX_audit_log_user_id_at', ['userId', 'at'])
// GIN over the target ids, written by hand in the migration (TypeORM cannot declare GIN).
@Index('IDX_audit_log_target_ids', { synchronize: false })
export class AuditLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_audit_log' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** Who acted; null only for requests made without signing in (a sign-in names its user). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  role: string | null;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  /** Method and route pattern, e.g. `POST /api/tasks/:id/status`. */
  @Column({ type: 'varchar', length: 300 })
  action: string;

  /** The ids in the path, then the id of what the request created (when it answered one). */
  @Column({ name: 'target_ids', type: 'text', array: true })
  targetIds: string[];

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  /** The HTTP status answered (2xx or 3xx: only successes are recorded). */
  @Column({ type: 'smallint' })
  status: number;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;
}
