import { createHash } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service.js';
import { DEMO_PASSWORD } from '../../src/demo/demo-directory.js';
import { expectError } from '../support/expect-error.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';
import { decodeToken, hmacToken, rsaToken, unsignedToken } from './tokens.js';

// Sign-in hashes with argon2id on a shared 2-core machine: give each test room.
const SLOW = 60_000;

describe('sessions: access and refresh tokens', () => {
  let t: TestApp;
  let address = 0;

  beforeAll(async () => {
    t = await startTestApp();
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  // Each sign-in from its own address, clear of the sign-in rate limit.
  const signIn = async (username: string) => {
    address++;
    const reply = await t.request('POST', '/api/auth/login', {
      body: { username, password: DEMO_PASSWORD },
      headers: { 'x-forwarded-for': `192.0.2.${address}` },
    });
    expect(reply.status).toBe(200);
    return reply.body as {
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
      refreshExpiresIn: number;
      tokenType: string;
      user: { id: string };
    };
  };
  const refresh = (refreshToken: string) =>
    t.request('POST', '/api/auth/refresh', { body: { refreshToken } });
  const me = (token: string) => t.request('GET', '/api/me', { token });

  it(
    'should answer sign-in with a 15-minute HS256 access token naming issuer and audience, and a refresh token',
    async () => {
      const session = await signIn('chair');
      expect(session).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 7 * 86_400,
        user: { username: 'chair' },
      });
      expect(session.refreshToken).toMatch(/^[\w-]{43}$/);
      const { header, claims } = decodeToken(session.accessToken);
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(claims).toMatchObject({
        sub: session.user.id,
        iss: 'dondoc',
        aud: 'dondoc-api',
        sid: expect.any(String),
      });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
      expect((await me(session.accessToken)).status).toBe(200);

      // Only the refresh token's SHA-256 is stored.
      const rows = await query<{ token_hash: string }>(
        t.database,
        `SELECT token_hash FROM refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id
         WHERE s.id = $1`,
        [claims.sid],
      );
      expect(rows).toEqual([
        { token_hash: createHash('sha256').update(session.refreshToken).digest('hex') },
      ]);
    },
    SLOW,
  );

  it(
    'should rotate the refresh token on each use, and revoke the whole session when a spent one comes back',
    async () => {
      const first = await signIn('clerk');
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(decodeToken(second.body.accessToken).claims.sid).toBe(
        decodeToken(first.accessToken).claims.sid,
      );
      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);
      expect((await me(third.body.accessToken)).status).toBe(200);

      // The first token again: someone kept a copy. The session ends for everyone holding it.
      expectError(await refresh(first.refreshToken), 401, 'invalid_refresh_token');
      expectError(await refresh(third.body.refreshToken), 401, 'invalid_refresh_token');
      expectError(await me(third.body.accessToken), 401, 'not_signed_in');
      expectError(await me(first.accessToken), 401, 'not_signed_in');
      const [session] = await query<{ revoked_reason: string }>(
        t.database,
        'SELECT revoked_reason FROM auth_sessions WHERE id = $1',
        [decodeToken(first.accessToken).claims.sid],
      );
      expect(session.revoked_reason).toBe('reuse');
    },
    SLOW,
  );

  it(
    'should let only one of two simultaneous uses of a refresh token through',
    async () => {
      const session = await signIn('vicechair');
      const replies = await Promise.all([
        refresh(session.refreshToken),
        refresh(session.refreshToken),
      ]);
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 401]);
    },
    SLOW,
  );

  it(
    'should end a session on logout, leaving the user’s other sessions alone',
    async () => {
      const phone = await signIn('admin');
      const laptop = await signIn('admin');
      const out = await t.request('POST', '/api/auth/logout', {
        body: { refreshToken: phone.refreshToken },
      });
      expect(out.status).toBe(204);
      expectError(await me(phone.accessToken), 401, 'not_signed_in');
      expectError(await refresh(phone.refreshToken), 401, 'invalid_refresh_token');
      expect((await me(laptop.accessToken)).status).toBe(200);
      expect((await refresh(laptop.refreshToken)).status).toBe(200);
      // Signing out twice, or with a token that never existed, is not an error.
      const again = await t.request('POST', '/api/auth/logout', {
        body: { refreshToken: phone.refreshToken },
      });
      expect(again.status).toBe(204);
      expectError(
        await t.request('POST', '/api/auth/logout', { body: { refreshToken: 12 } }),
        400,
        'validation_failed',
      );
    },
    SLOW,
  );

  it(
    'should refuse an expired refresh token, and one of a disabled user',
    async () => {
      const session = await signIn('xa-hong-quang.head');
      await query(
        t.database,
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
         WHERE token_hash = $1`,
        [createHash('sha256').update(session.refreshToken).digest('hex')],
      );
      expectError(await refresh(session.refreshToken), 401, 'invalid_refresh_token');

      const officer = await signIn('xa-hong-quang.officer');
      await query(t.database, 'UPDATE users SET active = false WHERE id = $1', [officer.user.id]);
      expectError(await refresh(officer.refreshToken), 401, 'invalid_refresh_token');
      expectError(await me(officer.accessToken), 401, 'not_signed_in');
      expectError(await refresh('not a token'), 401, 'invalid_refresh_token');
    },
    SLOW,
  );

  it(
    'should end every session of a user whose password is changed, and no other user’s',
    async () => {
      const phone = await signIn('xa-phu-ung.officer');
      const laptop = await signIn('xa-phu-ung.officer');
      const bystander = await signIn('xa-phu-ung.head');
      const admin = await signIn('admin');
      const userId = phone.user.id;
      // A change that leaves the password alone ends nothing.
      const renamed = await t.request('PATCH', `/api/users/${userId}`, {
        token: admin.accessToken,
        body: { fullName: 'Cán bộ xã Phù Ủng' },
      });
      expect(renamed.status).toBe(200);
      expect((await me(phone.accessToken)).status).toBe(200);

      const changed = await t.request('PATCH', `/api/users/${userId}`, {
        token: admin.accessToken,
        body: { password: 'mật khẩu mới đủ dài 2026' },
      });
      expect(changed.status).toBe(200);
      for (const session of [phone, laptop]) {
        expectError(await me(session.accessToken), 401, 'not_signed_in');
        expectError(await refresh(session.refreshToken), 401, 'invalid_refresh_token');
      }
      const reasons = await query<{ revoked_reason: string | null }>(
        t.database,
        'SELECT revoked_reason FROM auth_sessions WHERE user_id = $1',
        [userId],
      );
      expect(reasons.map((row) => row.revoked_reason)).toEqual([
        'password_changed',
        'password_changed',
      ]);
      expect((await me(bystander.accessToken)).status).toBe(200);
      expect((await me(admin.accessToken)).status).toBe(200);
      // The new password signs in; the old one no longer does.
      const again = await t.request('POST', '/api/auth/login', {
        body: { username: 'xa-phu-ung.officer', password: 'mật khẩu mới đủ dài 2026' },
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      expect(again.status).toBe(200);
      expectError(
        await t.request('POST', '/api/auth/login', {
          body: { username: 'xa-phu-ung.officer', password: DEMO_PASSWORD },
          headers: { 'x-forwarded-for': '198.51.100.8' },
        }),
        401,
      );
    },
    SLOW,
  );

  it(
    'should end every session of a user who is deactivated, so reactivating brings none back',
    async () => {
      const phone = await signIn('xa-da-loc.officer');
      const laptop = await signIn('xa-da-loc.officer');
      const bystander = await signIn('xa-da-loc.head');
      const admin = await signIn('admin');
      const userId = phone.user.id;
      const setActive = (active: boolean) =>
        t.request('PATCH', `/api/users/${userId}`, {
          token: admin.accessToken,
          body: { active },
        });
      expect((await setActive(false)).status).toBe(200);
      expect((await setActive(true)).status).toBe(200);
      // Back in service, the account signs in afresh; nothing issued before the pause works.
      for (const session of [phone, laptop]) {
        expectError(await me(session.accessToken), 401, 'not_signed_in');
        expectError(await refresh(session.refreshToken), 401, 'invalid_refresh_token');
      }
      const reasons = await query<{ revoked_reason: string | null }>(
        t.database,
        'SELECT revoked_reason FROM auth_sessions WHERE user_id = $1',
        [userId],
      );
      expect(reasons.map((row) => row.revoked_reason)).toEqual(['disabled', 'disabled']);
      expect((await me(bystander.accessToken)).status).toBe(200);
      expect((await me(admin.accessToken)).status).toBe(200);
      expect((await me((await signIn('xa-da-loc.officer')).accessToken)).status).toBe(200);
    },
    SLOW,
  );

  it(
    'should drop a user’s dead sessions (every refresh token expired) at their next sign-in',
    async () => {
      const old = await signIn('phong-vhtt.head');
      const sid = decodeToken(old.accessToken).claims.sid;
      await query(
        t.database,
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE session_id = $1`,
        [sid],
      );
      const fresh = await signIn('phong-vhtt.head');
      const sessions = await query<{ id: string }>(
        t.database,
        'SELECT id FROM auth_sessions WHERE user_id = $1',
        [fresh.user.id],
      );
      expect(sessions.map((row) => row.id)).toEqual([decodeToken(fresh.accessToken).claims.sid]);
    },
    SLOW,
  );

  it(
    'should refuse crafted access tokens: alg none, other algorithms, wrong audience or issuer, expired, tampered',
    async () => {
      const session = await signIn('phong-vhtt.officer');
      const { claims } = decodeToken(session.accessToken);
      const secret = t.env.JWT_SECRET!;
      const now = Math.floor(Date.now() / 1000);
      const good = { ...claims, iat: now, exp: now + 300 };
      const hs256 = { alg: 'HS256', typ: 'JWT' };

      // The control: a token crafted here the right way is accepted, so each refusal below is
      // for its one defect, not for the crafting.
      expect((await me(hmacToken(hs256, good, secret))).status).toBe(200);

      const [header, payload, signature] = session.accessToken.split('.');
      const raised = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString(
        'base64url',
      );
      const crafted: Record<string, string> = {
        'alg none': unsignedToken(good),
        'alg none, upper case': `${Buffer.from('{"alg":"NONE","typ":"JWT"}').toString('base64url')}.${payload}.`,
        'HS512 with the right secret': hmacToken(
          { alg: 'HS512', typ: 'JWT' },
          good,
          secret,
          'sha512',
        ),
        'HS384 with the right secret': hmacToken(
          { alg: 'HS384', typ: 'JWT' },
          good,
          secret,
          'sha384',
        ),
        'RS256 header over an HMAC signature': hmacToken(
          { alg: 'RS256', typ: 'JWT' },
          good,
          secret,
        ),
        'RS256 under another key': rsaToken(good),
        'wrong audience': hmacToken(hs256, { ...good, aud: 'another-app' }, secret),
        'no audience': hmacToken(hs256, { ...good, aud: undefined }, secret),
        'wrong issuer': hmacToken(hs256, { ...good, iss: 'someone-else' }, secret),
        'no issuer': hmacToken(hs256, { ...good, iss: undefined }, secret),
        expired: hmacToken(hs256, { ...good, iat: now - 1000, exp: now - 60 }, secret),
        'signed with another secret': hmacToken(hs256, good, 'x'.repeat(64)),
        'tampered claims': `${header}.${raised}.${signature}`,
        'tampered signature': `${header}.${payload}.${signature.slice(0, -2)}AA`,
        'no session id': hmacToken(hs256, { ...good, sid: undefined }, secret),
        'another session id': hmacToken(
          hs256,
          { ...good, sid: '00000000-0000-4000-8000-000000000000' },
          secret,
        ),
      };
      for (const [defect, token] of Object.entries(crafted)) {
        const reply = await me(token);
        expect({ defect, status: reply.status }).toEqual({ defect, status: 401 });
        expectError(reply, 401, 'not_signed_in');
      }
    },
    SLOW,
  );

  it(
    'should offer sign-in, refresh and sign-out to other modules through AuthService',
    async () => {
      const auth = t.app.get(AuthService);
      const session = await auth.login('chair', DEMO_PASSWORD);
      expect((await auth.authenticate(session.accessToken)).username).toBe('chair');
      const next = await auth.refresh(session.refreshToken);
      await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject({
        code: 'invalid_refresh_token',
      });
      await expect(auth.authenticate(next.accessToken)).rejects.toMatchObject({
        code: 'not_signed_in',
      });
      const other = await auth.login('chair', DEMO_PASSWORD);
      await expect(auth.logout(other.refreshToken)).resolves.toBe(true);
      await expect(auth.logout(other.refreshToken)).resolves.toBe(false);
      await expect(auth.login('chair', 'wrong')).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    },
    SLOW,
  );
});
