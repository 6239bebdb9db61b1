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

export const SESSION_REVOKE_REASONS = ['logout', 'reuse', 'disabled', 'password_changed'] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

/**
 * One sign-in: the family of refresh tokens it hands out, one after another. Access tokens name
 * it (`sid`), so revoking it ends both the refresh chain and every access token still out.
 */
@Entity({ name: 'auth_sessions' })
@Index('IDX_auth_sessions_user_id', ['userId'])
export class AuthSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_auth_sessions' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_auth_sessions_user' })
  user?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Null while the session lives; set on logout, on reuse of a spent refresh token, or disable. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 16, nullable: true })
  revokedReason: SessionRevokeReason | null;
}
