import { DEMO_PASSWORD } from '../../src/demo/demo-directory.js';
import { multipartBody } from '../support/directives.js';
import { expectError } from '../support/expect-error.js';
import { type Reply, startTestApp, type TestApp } from '../support/test-app.js';
import { type Instance, startSecondInstance } from './second-instance.js';

const SLOW = 60_000;

/** A 429 in the standard error body, with a Retry-After within the window. */
function expectLimited(reply: Reply, windowSeconds: number): void {
  expectError(reply, 429, 'rate_limited');
  const retryAfter = Number(reply.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

describe('rate limits shared by two instances through Redis', () => {
  // Two API instances (each with its own pools and Redis client) on one database and one Redis
  // key prefix, as several instances behind a load balancer would be.
  const env = {
    LOGIN_RATE_LIMIT: '3',
    LOGIN_RATE_WINDOW_SECONDS: '60',
    UPLOAD_RATE_LIMIT: '2',
    UPLOAD_RATE_WINDOW_SECONDS: '60',
    API_RATE_LIMIT: '12',
    API_RATE_WINDOW_SECONDS: '60',
  };
  let a: TestApp;
  let b: Instance;

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startSecondInstance(a);
  }, SLOW);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, SLOW);

  const login = (app: TestApp | Instance, address: string, password = 'wrong-password') =>
    app.request('POST', '/api/auth/login', {
      body: { username: 'chair', password },
      headers: { 'x-forwarded-for': address },
    });

  it(
    'should count sign-in attempts from one address across both instances',
    async () => {
      const address = '203.0.113.50';
      expect((await login(a, address)).status).toBe(401);
      expect((await login(b, address)).status).toBe(401);
      expect((await login(a, address)).status).toBe(401);
      // The fourth attempt is over the limit of 3, whichever instance takes it…
      expectLimited(await login(b, address), 60);
      // …and the right password does not get through either while blocked.
      expectLimited(await login(a, address, DEMO_PASSWORD), 60);
      // Another address is not affected.
      expect((await login(b, '203.0.113.51', DEMO_PASSWORD)).status).toBe(200);
    },
    SLOW,
  );

  it(
    'should limit each signed-in user’s API requests across both instances, not their colleagues’',
    async () => {
      const token = await a.login('phong-vhtt.officer');
      const other = await a.login('phong-vhtt.head');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const app = i % 2 === 0 ? a : b;
        statuses.push((await app.request('GET', '/api/me', { token })).status);
      }
      expect(statuses).toEqual(Array(12).fill(200));
      expectLimited(await a.request('GET', '/api/me', { token }), 60);
      expectLimited(await b.request('GET', '/api/units', { token }), 60);
      expect((await b.request('GET', '/api/me', { token: other })).status).toBe(200);
    },
    SLOW,
  );

  it(
    'should not limit health probes, which the load balancer sends all day',
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const app = i % 2 === 0 ? a : b;
        const probe = await app.request('GET', '/api/health/live', {
          headers: { 'x-forwarded-for': '203.0.113.60' },
        });
        statuses.push(probe.status);
      }
      expect(statuses).toEqual(Array(20).fill(200));
      // The same address is limited on the rest of the API (12 per window here).
      const others: number[] = [];
      for (let i = 0; i < 13; i++) {
        const reply = await a.request('POST', '/api/auth/refresh', {
          body: { refreshToken: 'x' },
          headers: { 'x-forwarded-for': '203.0.113.60' },
        });
        others.push(reply.status);
      }
      expect(others.slice(0, 12)).toEqual(Array(12).fill(401));
      expect(others[12]).toBe(429);
    },
    SLOW,
  );

  it(
    'should limit uploads (directive letters, evidence files) per user below the API limit',
    async () => {
      const clerk = await a.login('clerk');
      const letter = { text: 'not a directive at all' };
      const parse = (app: TestApp | Instance) =>
        app.request('POST', '/api/directives/parse', { token: clerk, body: letter });
      expect((await parse(a)).status).not.toBe(429);
      expect((await parse(b)).status).not.toBe(429);
      expectLimited(await parse(a), 60);
      expectLimited(
        await b.request('POST', '/api/directives/import', { token: clerk, body: letter }),
        60,
      );
      // Other routes are still open to the same user (the API-wide limit is higher).
      expect((await a.request('GET', '/api/me', { token: clerk })).status).toBe(200);
      // Evidence files count against the same budget; notes and links (JSON) do not.
      const officer = await a.login('xa-hong-quang.officer');
      const task = '00000000-0000-4000-8000-000000000000';
      const file = multipartBody({ name: 'a.png', data: Buffer.from('x') });
      const evidence = (upload: boolean) =>
        a.request('POST', `/api/tasks/${task}/evidence`, {
          token: officer,
          ...(upload ? file : { body: { kind: 'note', text: 'x' } }),
        });
      for (let i = 0; i < 3; i++) expect((await evidence(false)).status).toBe(404);
      expect((await evidence(true)).status).not.toBe(429);
      expect((await evidence(true)).status).not.toBe(429);
      expectLimited(await evidence(true), 60);
      expect((await evidence(false)).status).toBe(404);
    },
    SLOW,
  );
});
