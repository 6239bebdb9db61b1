import type { EntityManager } from 'typeorm';
import type { SessionRevokeReason } from './auth-session.entity.js';

/**
 * Writes to `auth_sessions` that others trigger (the auth module owns the table; sign-in,
 * refresh and sign-out write it in AuthService). Each runs in the caller's transaction.
 */
export const AuthSessions = {
  /**
   * Ends every live session of a user, and with them the access tokens they issued (checked on
   * every request). Returns how many were ended.
   */
  async revokeForUser(
    manager: EntityManager,
    userId: string,
    reason: SessionRevokeReason,
  ): Promise<number> {
    const [, revoked] = await manager.query<[unknown, number]>(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
    return revoked;
  },
};
