import { query } from './support/test-database.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Sign-in hashes with argon2id; on a shared 2-core machine a test with several takes seconds.
const SLOW = 60_000;

describe('sign-in and roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '5', LOGIN_RATE_WINDOW_SECONDS: '60' } });
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  it(
    'should sign the chair in with the demo password and describe the user',
    async () => {
      const reply = await t.request('POST', '/api/auth/login', {
        body: { username: 'chair', password: 'demo1234' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(reply.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      });
      expect(reply.body.user).toMatchObject({ username: 'chair', role: 'chair', active: true });
      expect(JSON.stringify(reply.body)).not.toMatch(/password|argon2/i);

      const me = await t.request('GET', '/api/me', { token: reply.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        username: 'chair',
        role: 'chair',
        unit: { code: 'ubnd-huyen', kind: 'district_committee' },
      });
    },
    SLOW,
  );

  it(
    'should accept the username in any case',
    async () => {
      const reply = await t.request('POST', '/api/auth/login', {
        body: { username: 'Xa-Hong-Quang.Officer', password: 'demo1234' },
        headers: { 'x-forwarded-for': '192.0.2.1' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.user).toMatchObject({
        username: 'xa-hong-quang.officer',
        role: 'unit_officer',
      });
    },
    SLOW,
  );

  it(
    'should answer a wrong password and an unknown user with the same 401',
    async () => {
      const wrong = await t.request('POST', '/api/auth/login', {
        body: { username: 'chair', password: 'not-the-password' },
        headers: { 'x-forwarded-for': '192.0.2.2' },
      });
      const unknown = await t.request('POST', '/api/auth/login', {
        body: { username: 'nobody', password: 'demo1234' },
        headers: { 'x-forwarded-for': '192.0.2.2' },
      });
      expectError(wrong, 401, 'invalid_credentials');
      expectError(unknown, 401, 'invalid_credentials');
      expect(unknown.body.message).toBe(wrong.body.message);
    },
    SLOW,
  );

  it(
    'should refuse every route without a token, and with a forged one',
    async () => {
      expectError(await t.request('GET', '/api/units'), 401, 'not_signed_in');
      expectError(
        await t.request('GET', '/api/me', { token: 'abc.def.ghi' }),
        401,
        'not_signed_in',
      );
      const token = await t.login('chair');
      const [header, payload] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString(
        'base64url',
      );
      expectError(await t.request('GET', '/api/users', { token: `${header}.${forged}.x` }), 401);
    },
    SLOW,
  );

  it(
    'should give a unit officer 403 on admin endpoints',
    async () => {
      const token = await t.login('phong-vhtt.officer');
      expectError(await t.request('GET', '/api/users', { token }), 403, 'forbidden');
      expectError(
        await t.request('POST', '/api/units', {
          token,
          body: { code: 'x', name: 'X', kind: 'other' },
        }),
        403,
      );
      const count = await query<{ n: number }>(
        t.database,
        `SELECT count(*)::int AS n FROM units WHERE code = 'x'`,
      );
      expect(count[0].n).toBe(0);
    },
    SLOW,
  );

  it(
    'should let an admin create a user who can then sign in, and disable them at once',
    async () => {
      const admin = await t.login('admin');
      const units = await t.request('GET', '/api/units?q=hong quang', { token: admin });
      const unitId = units.body.items[0].id;
      const created = await t.request('POST', '/api/users', {
        token: admin,
        body: {
          username: 'HQ.Second',
          fullName: 'Cán bộ 2',
          role: 'unit_officer',
          unitId,
          password: 'secret-pass-1',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ username: 'hq.second', unitId, role: 'unit_officer' });
      expect(JSON.stringify(created.body)).not.toMatch(/secret-pass-1|passwordHash/);

      const token = await t.login('hq.second', 'secret-pass-1');
      expect((await t.request('GET', '/api/me', { token })).status).toBe(200);

      const again = await t.request('POST', '/api/users', {
        token: admin,
        body: {
          username: 'hq.second',
          fullName: 'X',
          role: 'unit_officer',
          unitId,
          password: 'another-pass',
        },
      });
      expectError(again, 409, 'username_taken');

      const disabled = await t.request('PATCH', `/api/users/${created.body.id}`, {
        token: admin,
        body: { active: false },
      });
      expect(disabled.status).toBe(200);
      expectError(await t.request('GET', '/api/me', { token }), 401, 'not_signed_in');
      expectError(
        await t.request('POST', '/api/auth/login', {
          body: { username: 'hq.second', password: 'secret-pass-1' },
        }),
        401,
        'invalid_credentials',
      );
    },
    SLOW,
  );

  it(
    'should refuse a user for a unit that does not exist',
    async () => {
      const admin = await t.login('admin');
      const reply = await t.request('POST', '/api/users', {
        token: admin,
        body: {
          username: 'ghost',
          fullName: 'Ghost',
          role: 'unit_officer',
          unitId: '00000000-0000-4000-8000-000000000000',
          password: 'secret-pass-1',
        },
      });
      expectError(reply, 400, 'unknown_unit');
    },
    SLOW,
  );

  it(
    'should store passwords only as argon2id hashes',
    async () => {
      const rows = await query<{ password_hash: string }>(
        t.database,
        `SELECT password_hash FROM users WHERE username = 'chair'`,
      );
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    },
    SLOW,
  );

  it(
    'should rate-limit sign-in attempts from one address with 429',
    async () => {
      const attempt = () =>
        t.request('POST', '/api/auth/login', {
          body: { username: 'chair', password: 'guess' },
          headers: { 'x-forwarded-for': '203.0.113.7' },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await attempt()).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      const limited = await attempt();
      expectError(limited, 429, 'rate_limited');
      expect(limited.headers['retry-after']).toBeDefined();
      // Another address is not affected.
      const other = await t.request('POST', '/api/auth/login', {
        body: { username: 'chair', password: 'demo1234' },
        headers: { 'x-forwarded-for': '203.0.113.8' },
      });
      expect(other.status).toBe(200);
    },
    SLOW,
  );
});
