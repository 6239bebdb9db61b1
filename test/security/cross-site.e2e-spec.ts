import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';

// Sign-in hashes with argon2id on a shared 2-core machine: give each test room.
const SLOW = 60_000;

/** Requests another site's page makes a browser send, and what the site's own pages send. */
const CROSS_SITE: Record<string, string>[] = [
  { 'sec-fetch-site': 'cross-site', origin: 'https://attacker.example' },
  { 'sec-fetch-site': 'same-site', origin: 'https://sub.localhost' },
  { origin: 'https://attacker.example' },
  { origin: 'null' },
];
const SAME_ORIGIN: Record<string, string>[] = [
  { 'sec-fetch-site': 'same-origin', origin: 'http://localhost' },
  { origin: 'http://localhost' },
  { 'sec-fetch-site': 'same-origin' },
];

describe('cross-site requests', () => {
  let t: TestApp;
  let address = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  }, SLOW);
  afterAll(() => t?.close(), SLOW);

  const postSignIn = (headers: Record<string, string>) =>
    t.request<string>('POST', '/dang-nhap', {
      raw: new URLSearchParams({ username: 'chair', password: 'demo1234' }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `198.51.100.${++address}`,
        ...headers,
      },
    });

  describe('the sign-in form (login CSRF)', () => {
    it.each(CROSS_SITE)(
      'should refuse a sign-in posted from another site (%j) with the form and 403, setting no cookie',
      async (headers) => {
        const reply = await postSignIn(headers);
        expect(reply.status).toBe(403);
        expect(reply.headers['content-type']).toContain('text/html');
        expect(reply.body).toContain('không được gửi từ trang này');
        expect(reply.headers['set-cookie']).toBeUndefined();
      },
      SLOW,
    );

    it.each([...SAME_ORIGIN, {}])(
      'should sign in from this site, or from a client that is no browser (%j)',
      async (headers) => {
        const reply = await postSignIn(headers);
        expect(reply.status).toBe(303);
        expect(String(reply.headers['set-cookie'])).toContain('dondoc_token=');
      },
      SLOW,
    );
  });

  describe('the queue board', () => {
    const pause = (headers: Record<string, string>) =>
      t.request('PUT', '/admin/queues/api/queues/outbound/pause', { headers });
    const paused = async (cookie: string) => {
      const reply = await t.request('GET', '/admin/queues/api/queues?activeQueue=outbound', {
        headers: { cookie },
      });
      expect(reply.status).toBe(200);
      return (reply.body as { queues: { name: string; isPaused: boolean }[] }).queues.find(
        (queue) => queue.name === 'outbound',
      )!.isPaused;
    };

    it(
      "should refuse a change to a queue sent with the admin's cookie from another site, or with no sign of its origin",
      async () => {
        const cookie = (await signInToPages(t, 'admin')).cookie();
        for (const headers of [...CROSS_SITE, {}]) {
          const reply = await pause({ cookie, ...headers });
          expect(reply.status).toBe(403);
          expect(reply.body).toMatchObject({ statusCode: 403, code: 'cross_site_request' });
        }
        expect(await paused(cookie)).toBe(false);
      },
      SLOW,
    );

    it(
      'should let the board itself, and a bearer token, change a queue',
      async () => {
        const cookie = (await signInToPages(t, 'admin')).cookie();
        const reply = await pause({ cookie, ...SAME_ORIGIN[0] });
        expect(reply.status).toBe(200);
        expect(await paused(cookie)).toBe(true);
        const resumed = await t.request('PUT', '/admin/queues/api/queues/outbound/resume', {
          token: await t.login('admin'),
        });
        expect(resumed.status).toBe(200);
        expect(await paused(cookie)).toBe(false);
      },
      SLOW,
    );
  });
});
