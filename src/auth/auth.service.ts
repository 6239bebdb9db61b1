import { createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '../core/config/app-config.js';
import { preparedQuery } from '../core/database/prepared-query.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { PasswordHasher } from '../users/password-hasher.js';
import type { Role } from '../core/access/role.js';
import { unitBodySql } from '../units/unit-body.js';
import { UserDto } from '../users/user.dto.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AuthSession, type SessionRevokeReason } from './auth-session.entity.js';
import { AuthSessions } from './auth-sessions.js';
import type { AuthUser } from '../core/access/access.decorators.js';
import type { SessionDto } from './auth.dto.js';
import {
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  NotSignedInError,
} from './auth.errors.js';
import { RefreshToken } from './refresh-token.entity.js';

/** Every refused token, whatever was wrong with it (signature, expiry, an ended session…). */
const SESSION_INVALID = 'Your session has expired or the token is invalid; sign in again';

/** What an access token says. `iss`, `aud`, `iat` and `exp` are added and checked by the JWT layer. */
export interface TokenClaims {
  sub: string;
  /** The session (refresh-token family) the token belongs to; revoking it ends the token too. */
  sid: string;
  username: string;
  role: string;
  unitId: string;
}

/** Issuer and audience of dondoc's access tokens; tokens naming anything else are refused. */
export const JWT_ISSUER = 'dondoc';
export const JWT_AUDIENCE = 'dondoc-api';
/** The one algorithm signed and accepted: `none`, RS*, HS384/512… are all refused. */
export const JWT_ALGORITHM = 'HS256';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

type RefreshOutcome = { session: SessionDto } | { refused: string };

/**
 * Sign-in sessions: a short-lived access token (JWT, HS256) and a single-use refresh token that
 * rotates on each refresh. A spent refresh token presented again means it was copied: the whole
 * session is revoked, so thief and owner both sign in again.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);
  // Verified against when the username is unknown, so both failures take the same time.
  private decoyHash = '';
  // The HS256 key as a KeyObject, made once: given the secret as a string, the JWT library
  // first tries (and fails) to parse it as a public key, then builds a key, on every request.
  private readonly verifyKey: KeyObject;

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
  ) {
    this.verifyKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  async onModuleInit(): Promise<void> {
    // Users changes passwords and disables accounts; the sessions are auth's to end.
    this.users.onSessionsMustEnd((manager, userId, reason) =>
      AuthSessions.revokeForUser(manager, userId, reason),
    );
    this.decoyHash = await this.hasher.hash('dondoc-decoy-password');
  }

  /**
   * Checks a username and password and opens a session. Every failure is the same
   * {@link InvalidCredentialsError} (401). The web pages may call this and keep the tokens in
   * httpOnly cookies.
   */
  async login(username: string, password: string): Promise<SessionDto> {
    const user = await this.users.findForSignIn(username);
    const matches = await this.hasher.verify(user?.passwordHash ?? this.decoyHash, password);
    if (!user || !matches || !user.active) {
      this.logger.warn(`failed sign-in for username "${username.slice(0, 100)}"`);
      throw new InvalidCredentialsError();
    }
    const session = await this.issueSession(user);
    this.logger.log(`user ${user.id} (${user.username}) signed in`);
    return session;
  }

  /**
   * Opens a session for a user whose identity is already established (after {@link login}'s
   * password check, or by another sign-in method): a new refresh-token family and its tokens.
   */
  async issueSession(user: User): Promise<SessionDto> {
    return this.transactions.run(async (manager) => {
      // Housekeeping while here: the user's sessions whose refresh tokens have all expired are
      // dead; drop them (their tokens go with them), so the tables do not grow without end.
      await manager.query(
        `DELETE FROM auth_sessions s WHERE s.user_id = $1 AND NOT EXISTS (
           SELECT 1 FROM refresh_tokens t WHERE t.session_id = s.id AND t.expires_at > now())`,
        [user.id],
      );
      const session = await manager
        .getRepository(AuthSession)
        .save(
          manager.create(AuthSession, { userId: user.id, revokedAt: null, revokedReason: null }),
        );
      return this.tokensFor(manager, session.id, user);
    });
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token; the one given is
   * spent. An unknown, expired or spent token, or one of an ended session, is an
   * {@link InvalidRefreshTokenError} (401); a spent one also revokes its session.
   */
  async refresh(refreshToken: string): Promise<SessionDto> {
    const outcome = await this.transactions.run(async (manager): Promise<RefreshOutcome> => {
      const tokens = manager.getRepository(RefreshToken);
      const found = REFRESH_TOKEN.test(refreshToken)
        ? await tokens.findOne({ where: { tokenHash: sha256(refreshToken) } })
        : null;
      if (!found) return { refused: 'unknown refresh token' };
      // The session row serialises refreshes of one session: two racing uses of one token
      // cannot both succeed.
      const session = await manager
        .getRepository(AuthSession)
        .createQueryBuilder('session')
        .setLock('pessimistic_write')
        .where('session.id = :id', { id: found.sessionId })
        .getOne();
      const token = await tokens.findOneByOrFail({ id: found.id });
      if (!session || session.revokedAt) return { refused: `session ${found.sessionId} has ended` };
      if (token.usedAt) {
        await this.revoke(manager, session.id, 'reuse');
        this.logger.warn(
          `refresh token ${token.id} of session ${session.id} (user ${session.userId}) was used ` +
            'again: session revoked',
        );
        return { refused: 'reused' };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { refused: `token ${token.id} expired` };
      const user = await this.users.findActive(session.userId);
      if (!user) {
        await this.revoke(manager, session.id, 'disabled');
        return { refused: `user ${session.userId} is disabled` };
      }
      await tokens.update({ id: token.id }, { usedAt: new Date() });
      // Spent tokens are kept to catch their reuse, until they would have expired anyway.
      await tokens
        .createQueryBuilder()
        .delete()
        .where('session_id = :id AND used_at IS NOT NULL AND expires_at <= now()', {
          id: session.id,
        })
        .execute();
      return { session: await this.tokensFor(manager, session.id, user) };
    });
    if ('refused' in outcome) {
      this.logger.warn(`refused refresh: ${outcome.refused}`);
      throw new InvalidRefreshTokenError();
    }
    return outcome.session;
  }

  /**
   * Signs out: revokes the session the refresh token belongs to, which also ends the access
   * tokens it issued. Unknown or already revoked tokens are ignored (signing out twice is fine).
   * Returns whether a live session was ended.
   */
  async logout(refreshToken: string): Promise<boolean> {
    if (!REFRESH_TOKEN.test(refreshToken)) return false;
    const sessionId = await this.transactions.run(async (manager) => {
      const token = await manager
        .getRepository(RefreshToken)
        .findOne({ where: { tokenHash: sha256(refreshToken) } });
      return token && (await this.revoke(manager, token.sessionId, 'logout'))
        ? token.sessionId
        : null;
    });
    const ended = sessionId !== null;
    if (ended) this.logger.log(`session ${sessionId} signed out`);
    return ended;
  }

  /**
   * The signed-in user behind an access token: the signature (HS256 only), issuer, audience and
   * expiry are checked, then the session must be live and the user active (one query, so a
   * sign-out, a disabled account or a role change takes effect at once).
   * Throws {@link NotSignedInError} (401) otherwise.
   */
  async authenticate(accessToken: string): Promise<AuthUser> {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(accessToken, {
        // A KeyObject is what jsonwebtoken takes; @nestjs/jwt's type only names strings and Buffers.
        secret: this.verifyKey as unknown as string,
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch {
      throw new NotSignedInError(SESSION_INVALID);
    }
    if (!UUID.test(String(claims.sub)) || !UUID.test(String(claims.sid))) {
      throw new NotSignedInError(SESSION_INVALID);
    }
    // Every request runs this: one hand-written statement by primary key, prepared once per
    // pooled connection (parsing and planning it each time cost as much as running it).
    const [user] = await preparedQuery<AuthUser>(
      this.sessions.manager.connection,
      'auth-session-user',
      `SELECT u.id, u.username, u.full_name AS "fullName", u.role, u.unit_id AS "unitId",
              ${unitBodySql('u.unit_id')} AS "bodyId"
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.active`,
      [claims.sid, claims.sub],
    );
    if (!user) {
      // The same words as a bad signature: a 401 does not tell which part of a token held.
      throw new NotSignedInError(SESSION_INVALID);
    }
    return {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      role: user.role,
      unitId: user.unitId,
      bodyId: user.bodyId,
    };
  }

  private async tokensFor(
    manager: EntityManager,
    sessionId: string,
    user: User,
  ): Promise<SessionDto> {
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresIn = this.config.refreshTokenSeconds;
    await manager.getRepository(RefreshToken).insert({
      sessionId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + refreshExpiresIn * 1000),
      usedAt: null,
    });
    const claims: TokenClaims = {
      sub: user.id,
      sid: sessionId,
      username: user.username,
      role: user.role satisfies Role,
      unitId: user.unitId,
    };
    const expiresIn = this.config.accessTokenSeconds;
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn,
      refreshToken,
      refreshExpiresIn,
      user: UserDto.from(user),
    };
  }

  /** Ends a session; false when it had already ended. */
  private async revoke(
    manager: EntityManager,
    sessionId: string,
    reason: SessionRevokeReason,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(AuthSession)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
