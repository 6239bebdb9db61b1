import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';
import { decodeToken, hmacToken } from './tokens.js';

const SLOW = 60_000;

describe('hardening (issue 13)', () => {
  let t: TestApp;
  let address = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  }, SLOW);
  afterAll(() => t?.close(), SLOW);

  it(
    'should answer a forged signature and an ended session with the same 401 (no oracle)',
    async () => {
      const login = await t.request('POST', '/api/auth/login', {
        body: { username: 'chair', password: 'demo1234' },
        headers: { 'x-forwarded-for': `198.18.0.${++address}` },
      });
      const { accessToken, refreshToken } = login.body as {
        accessToken: string;
        refreshToken: string;
      };
      const { header, claims } = decodeToken(accessToken);
      const forged = hmacToken(header, claims, 'not-the-secret-'.repeat(4));
      const badSignature = await t.request('GET', '/api/me/tasks', { token: forged });
      await t.request('POST', '/api/auth/logout', { body: { refreshToken } });
      const ended = await t.request('GET', '/api/me/tasks', { token: accessToken });
      expect(badSignature.status).toBe(401);
      expect(ended.status).toBe(401);
      const { requestId: _a, ...first } = badSignature.body as Record<string, unknown>;
      const { requestId: _b, ...second } = ended.body as Record<string, unknown>;
      expect(second).toEqual(first);
    },
    SLOW,
  );

  it(
    'should ignore a flash cookie this site did not sign, and show one it did',
    async () => {
      const forged = Buffer.from(
        JSON.stringify({ kind: 'error', text: 'Tài khoản bị khoá, gọi ngay 0900 000 000' }),
      ).toString('base64url');
      const page = await t.request<string>('GET', '/dang-nhap', {
        headers: { cookie: `dondoc_flash=${forged}` },
      });
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('0900 000 000');

      const session = await signInToPages(t, 'clerk');
      const out = await session.post('/dang-xuat', {}, '/van-ban');
      expect(out.status).toBe(303);
      const flash = /dondoc_flash=([^;]+)/.exec(String(out.headers['set-cookie']))![1];
      const shown = await t.request<string>('GET', '/dang-nhap', {
        headers: { cookie: `dondoc_flash=${flash}` },
      });
      expect(shown.body).toContain('Đã đăng xuất.');
      // The same signature on other words is no signature.
      const [, mac] = flash.split('.');
      const swapped = await t.request<string>('GET', '/dang-nhap', {
        headers: { cookie: `dondoc_flash=${forged}.${mac}` },
      });
      expect(swapped.body).not.toContain('0900 000 000');
    },
    SLOW,
  );

  it('should send Strict-Transport-Security over HTTPS only', async () => {
    const plain = await t.request('GET', '/api/health/live');
    expect(plain.status).toBe(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    // The tests trust the proxy, as a deployment behind TLS termination does.
    const secure = await t.request('GET', '/api/health/live', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(secure.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });
});
