import { publishLetter } from '../support/directives.js';
import { decodeToken, hmacToken } from '../security/tokens.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';

const LONG = 60_000;

describe('web pages (HTTP level)', () => {
  let t: TestApp;
  let directiveId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    directiveId = await publishLetter(t);
  }, LONG);
  afterAll(() => t?.close());

  const taskOf = async (unitCode: string) =>
    (
      await query<{ id: string }>(
        t.database,
        `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = $1 AND t.directive_id = $2`,
        [unitCode, directiveId],
      )
    )[0].id;

  it('sends a visitor without a session to sign-in, and back to the page afterwards', async () => {
    const reply = await t.request('GET', '/viec');
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/dang-nhap?next=%2Fviec&expired=1');
    const form = await t.request<string>('GET', '/dang-nhap?next=%2Fviec&expired=1');
    expect(form.status).toBe(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.body).toContain('<html lang="vi">');
    expect(form.body).toContain('Phiên làm việc đã hết hạn');
    expect(form.body).toContain('name="next" value="/viec"');
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a wrong password with the form again, keeping the username', async () => {
    const reply = await t.request<string>('POST', '/dang-nhap', {
      raw: 'username=xa-phu-ung.officer&password=wrong',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '203.0.113.200',
      },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(reply.body).toContain('value="xa-phu-ung.officer"');
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it(
    "shows an officer their unit's tasks and lets them receive one with the form",
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const inbox = await officer.get('/viec');
      expect(inbox.status).toBe(200);
      const taskId = await taskOf('xa-phu-ung');
      expect(inbox.body).toContain(`/viec/${taskId}`);
      expect(inbox.body).toContain('04/12/2026');
      // Only the unit's own: one task for Phù Ủng.
      expect(inbox.body.match(/href="\/viec\/[0-9a-f-]{36}"/g)).toHaveLength(1);

      const page = await officer.get(`/viec/${taskId}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Tiếp nhận');
      expect(page.body).not.toContain('Báo cáo kết quả</button>');

      const moved = await officer.post(
        `/viec/${taskId}/trang-thai`,
        { status: 'received', version: '1' },
        `/viec/${taskId}`,
      );
      expect(moved.status).toBe(303);
      expect(moved.headers.location).toBe(`/viec/${taskId}`);
      const [row] = await query<{ status: string }>(
        t.database,
        'SELECT status FROM tasks WHERE id = $1',
        [taskId],
      );
      expect(row.status).toBe('received');
      const after = await officer.get(`/viec/${taskId}`);
      expect(after.body).toContain('data-saved-form="status-received"');
      expect(after.body).toContain('Đã tiếp nhận');
    },
    LONG,
  );

  it(
    'changes nothing for a form without its anti-forgery token',
    async () => {
      const officer = await signInToPages(t, 'xa-bac-son.officer');
      const taskId = await taskOf('xa-bac-son');
      const reply = await officer.post(`/viec/${taskId}/trang-thai`, {
        status: 'received',
        version: '1',
      });
      expect(reply.status).toBe(303);
      const [row] = await query<{ status: string }>(
        t.database,
        'SELECT status FROM tasks WHERE id = $1',
        [taskId],
      );
      expect(row.status).toBe('assigned');
    },
    LONG,
  );

  it(
    'refreshes a page session whose access token ran out, once, and keeps its forms valid',
    async () => {
      const officer = await signInToPages(t, 'xa-dang-le.officer');
      const taskId = await taskOf('xa-dang-le');
      const token = await officer.csrf(`/viec/${taskId}`);
      const spent = /dondoc_refresh=([^;]+)/.exec(officer.cookie())![1];
      // The short-lived access cookie is gone (expired); the refresh cookie is still there.
      officer.forget('dondoc_token');
      const page = await officer.get(`/viec/${taskId}`);
      expect(page.status).toBe(200);
      expect(officer.cookie()).toMatch(/dondoc_token=/);
      expect(officer.cookie()).not.toContain(spent);
      // A form opened before the refresh still posts (its token is bound to the session).
      officer.forget('dondoc_token');
      const moved = await t.request<string>('POST', `/viec/${taskId}/trang-thai`, {
        raw: new URLSearchParams({ _csrf: token, status: 'received', version: '1' }).toString(),
        headers: { cookie: officer.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(moved.status).toBe(303);
      expect(moved.headers.location).toBe(`/viec/${taskId}`);
      const [row] = await query<{ status: string }>(
        t.database,
        'SELECT status FROM tasks WHERE id = $1',
        [taskId],
      );
      expect(row.status).toBe('received');
    },
    LONG,
  );

  it(
    'shares a refresh only with the browser that made it: a replay of the spent refresh cookie in the window ends the session',
    async () => {
      const officer = await signInToPages(t, 'xa-cam-ninh.officer');
      const cookies = officer.cookie();
      const refresh = /dondoc_refresh=([^;]+)/.exec(cookies)![1];
      const access = /dondoc_token=([^;]+)/.exec(cookies)![1];
      // The browser's access cookie as it is when its token has run out (same session, same
      // claims, expired): what makes a page request exchange the refresh cookie.
      const { claims } = decodeToken(access);
      const now = Math.floor(Date.now() / 1000);
      const expired = hmacToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...claims, iat: now - 1000, exp: now - 10 },
        t.env.JWT_SECRET!,
      );
      const browser = `dondoc_token=${expired}; dondoc_refresh=${refresh}`;
      const newAccess = (reply: { headers: Record<string, unknown> }) =>
        /dondoc_token=([^;]+)/.exec(String(reply.headers['set-cookie']))?.[1];
      // Two requests of one page, together: both go on, with one and the same new session.
      const [first, second] = await Promise.all([
        t.request<string>('GET', '/viec', { headers: { cookie: browser } }),
        t.request<string>('GET', '/viec', { headers: { cookie: browser } }),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const renewed = newAccess(first);
      expect(renewed).toBeDefined();
      expect(newAccess(second)).toBe(renewed);
      // Someone else with only the spent refresh cookie (or with it and another access cookie),
      // inside the window: no session for them, and the session ends for everyone.
      for (const replay of [
        `dondoc_refresh=${refresh}`,
        `dondoc_token=x.y.z; dondoc_refresh=${refresh}`,
      ]) {
        const stolen = await t.request<string>('GET', '/viec', {
          headers: { cookie: replay, 'x-forwarded-for': '198.18.0.66' },
        });
        expect(stolen.status).toBe(303);
        expect(String(stolen.headers.location)).toMatch(/^\/dang-nhap\?next=/);
        expect(newAccess(stolen)).toBeUndefined();
      }
      const [session] = await query<{ revoked_reason: string | null }>(
        t.database,
        'SELECT revoked_reason FROM auth_sessions WHERE id = $1',
        [claims.sid],
      );
      expect(session.revoked_reason).toBe('reuse');
      const owner = await t.request<string>('GET', '/viec', {
        headers: { cookie: `dondoc_token=${renewed}` },
      });
      expect(owner.status).toBe(303);
    },
    LONG,
  );

  it(
    'signs out for good: the refresh token no longer opens a session',
    async () => {
      const officer = await signInToPages(t, 'xa-hong-van.officer');
      const refresh = /dondoc_refresh=([^;]+)/.exec(officer.cookie())![1];
      const out = await officer.post('/dang-xuat', {}, '/viec');
      expect(out.status).toBe(303);
      expect(out.headers.location).toBe('/dang-nhap');
      const again = await t.request('GET', '/viec', {
        headers: { cookie: `dondoc_refresh=${refresh}` },
      });
      expect(again.status).toBe(303);
      expect(String(again.headers.location)).toMatch(/^\/dang-nhap\?next=/);
    },
    LONG,
  );

  it(
    "answers another unit's task page with the 404 page, like a missing one",
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const other = await officer.get(`/viec/${await taskOf('xa-bac-son')}`);
      const missing = await officer.get('/viec/00000000-0000-4000-8000-000000000000');
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(other.body).toContain('Không tìm thấy trang');
      expect(other.body).not.toContain('Bắc Sơn');
    },
    LONG,
  );

  it('answers a browser asking for an address that is no page with the 404 page; the API keeps JSON', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const page = await t.request('GET', '/khong-co', { headers: html });
    expect(page.status).toBe(404);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.body).toContain('Không tìm thấy trang');
    expect(page.body).toContain('</html>');
    const deep = await t.request('GET', '/viec/khong-co/con-nua', { headers: html });
    expect(deep.status).toBe(404);
    expect(deep.body).toContain('Không tìm thấy trang');
    // Not a browser, or inside the API: the API's JSON error.
    const json = await t.request('GET', '/khong-co');
    expect(json.status).toBe(404);
    expect(json.body).toMatchObject({ statusCode: 404, requestId: expect.any(String) });
    const api = await t.request('GET', '/api/khong-co', { headers: html });
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ statusCode: 404, requestId: expect.any(String) });
  });
});
