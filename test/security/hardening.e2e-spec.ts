import { multipartBody, PNG, publishLetter } from '../support/directives.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';
import { decodeToken, hmacToken } from './tokens.js';

const SLOW = 60_000;

describe('hardening (issue 13)', () => {
  let t: TestApp;
  let address = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    await publishLetter(t);
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

  it(
    'should never put the anti-forgery token in a URL, and take no token from one',
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const token = await t.login('xa-phu-ung.officer');
      const tasks = await t.request('GET', '/api/me/tasks', { token });
      const taskId = tasks.body.items[0].id as string;
      const page = await officer.get(`/viec/${taskId}`);
      expect(page.body).toContain(`action="/api/tasks/${taskId}/evidence"`);
      const clerk = await signInToPages(t, 'clerk');
      for (const body of [page.body, (await clerk.get('/van-ban/nhap')).body]) {
        expect(body).not.toMatch(/action="[^"]*_csrf/);
      }

      const csrf = await officer.csrf(`/viec/${taskId}`);
      const send = (url: string, headers: Record<string, string>) => {
        const form = multipartBody({ name: 'anh.png', data: PNG, type: 'image/png' });
        return t.request('POST', url, {
          raw: form.raw,
          headers: { ...form.headers, cookie: officer.cookie(), ...headers },
        });
      };
      const evidence = `/api/tasks/${taskId}/evidence`;
      // A token in the query is not looked at: another site's form still gets nowhere.
      const forged = await send(`${evidence}?_csrf=${encodeURIComponent(csrf)}`, {
        origin: 'https://attacker.example',
      });
      expect(forged.status).toBe(403);
      expect(forged.body).toMatchObject({ code: 'csrf' });
      expect((await send(evidence, {})).status).toBe(403);
      // The task page's own form (no script) says where it comes from.
      const own = await send(evidence, {
        origin: 'http://localhost',
        'sec-fetch-site': 'same-origin',
      });
      expect(own.status).toBe(201);
      // The page's script sends the token in a header.
      expect((await send(evidence, { 'x-csrf-token': csrf })).status).toBe(201);
    },
    SLOW,
  );

  it(
    'should refuse new passwords that are short or common (the admin pages validate with the same DTOs)',
    async () => {
      const admin = await t.login('admin');
      const units = await t.request('GET', '/api/units?limit=1', { token: admin });
      const create = (username: string, password: string) =>
        t.request('POST', '/api/users', {
          token: admin,
          body: {
            username,
            fullName: 'Cán bộ thử',
            role: 'clerk',
            unitId: units.body.items[0].id,
            password,
          },
        });
      for (const password of ['password123', 'Matkhau@123', '123456789a', 'ngan-9']) {
        const reply = await create('weak.password', password);
        expect(reply.status).toBe(400);
        expect(reply.body.code).toBe('validation_failed');
      }
      const created = await create('strong.password', 'một câu của riêng tôi');
      expect(created.status).toBe(201);
      const changed = await t.request('PATCH', `/api/users/${created.body.id}`, {
        token: admin,
        body: { password: 'qwertyuiop' },
      });
      expect(changed.status).toBe(400);
    },
    SLOW,
  );

  it(
    'should refuse evidence PDFs that run scripts or programs with 422, and keep ordinary ones',
    async () => {
      const token = await t.login('xa-phu-ung.officer');
      const tasks = await t.request('GET', '/api/me/tasks', { token });
      const taskId = tasks.body.items[0].id as string;
      const upload = (body: string) =>
        t.request('POST', `/api/tasks/${taskId}/evidence`, {
          token,
          ...multipartBody({
            name: 'bao-cao.pdf',
            data: Buffer.from(`%PDF-1.7\n${body}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1'),
            type: 'application/pdf',
          }),
        });
      const scripted = await upload(
        '1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj',
      );
      expect(scripted.status).toBe(422);
      expect(scripted.body).toMatchObject({ code: 'active_pdf' });
      const launch = await upload(
        '1 0 obj << /Type /Catalog /AA << /O << /S /L#61unch /F (cmd.exe) >> >> >> endobj',
      );
      expect(launch.status).toBe(422);
      const plain = await upload('1 0 obj << /Type /Catalog /OpenAction [3 0 R /Fit] >> endobj');
      expect(plain.status).toBe(201);
    },
    SLOW,
  );

  it(
    'should refuse a webhook channel whose URL is a private or local address (400)',
    async () => {
      const admin = await t.login('admin');
      const units = await t.request('GET', '/api/units?limit=1', { token: admin });
      const unitId = units.body.items[0].id as string;
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]/hook',
        'http://10.0.0.5/hook',
      ]) {
        const reply = await t.request('POST', '/api/notification-channels', {
          token: admin,
          body: { kind: 'webhook', url, unitId },
        });
        expect([url, reply.status, reply.body.code]).toEqual([url, 400, 'private_webhook_target']);
      }
      const reply = await t.request('POST', '/api/notification-channels', {
        token: admin,
        body: { kind: 'webhook', url: 'https://hooks.example.org/dondoc', unitId },
      });
      expect(reply.status).toBe(201);
    },
    SLOW,
  );
});
