import { formatNumber } from '../../src/web/format.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages, type WebSession } from '../support/web-session.js';

const LONG = 60_000;

describe('admin pages (HTTP level)', () => {
  let t: TestApp;
  let admin: WebSession;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    admin = await signInToPages(t, 'admin');
  }, LONG);
  afterAll(() => t?.close(), LONG);

  const unitId = async (code: string) =>
    (await query<{ id: string }>(t.database, 'SELECT id FROM units WHERE code = $1', [code]))[0]
      ?.id;
  /** The one-shot message the next page shows. */
  const flashOn = async (session: WebSession, url: string) => {
    const page = await session.get(url);
    return /class="flash flash-(?:ok|error)"[^>]*>([^<]*)</.exec(page.body)?.[1] ?? '';
  };

  it(
    'shows the admin home with counts and a link to the queue board',
    async () => {
      const [counts] = await query<{ units: number; groups: number; users: number }>(
        t.database,
        `SELECT (SELECT count(*)::int FROM units) AS units,
                (SELECT count(*)::int FROM unit_groups) AS groups,
                (SELECT count(*)::int FROM users) AS users`,
      );
      const page = await admin.get('/quan-tri');
      expect(page.status).toBe(200);
      expect(page.body).toContain(`${formatNumber(counts.units)} đơn vị`);
      expect(page.body).toContain(`${formatNumber(counts.groups)} nhóm`);
      expect(page.body).toContain(`${formatNumber(counts.users)} tài khoản`);
      expect(page.body).toContain('href="/admin/queues"');
      expect(page.body).toContain('href="/quan-tri/nguoi-dung"');
      // The API's account list without filters (the service once put undefined in its where).
      const api = await t.request('GET', '/api/users?limit=200', { token: await t.login('admin') });
      expect(api.status).toBe(200);
      expect(api.body.total).toBe(counts.users);
    },
    LONG,
  );

  it(
    'lists units with kind and population, creates one and edits it',
    async () => {
      const list = await admin.get('/quan-tri/don-vi');
      expect(list.status).toBe(200);
      const row = list.body.slice(list.body.indexOf('data-unit-code="xa-hong-quang"'));
      expect(row.slice(0, row.indexOf('</tr>'))).toMatch(
        /Ủy ban nhân dân xã Hồng Quang[\s\S]*Xã, thị trấn[\s\S]*5\.349/,
      );

      const created = await admin.post(
        '/quan-tri/don-vi',
        {
          code: 'xa-an-moi',
          name: 'Ủy ban nhân dân xã An Mới',
          shortName: 'Xã An Mới',
          kind: 'commune',
          parentId: await unitId('ubnd-huyen'),
          population: '4.120',
          aliases: 'UBND xã An Mới\r\nXã An Mới mở rộng',
          active: 'true',
        },
        '/quan-tri/don-vi',
      );
      expect(created.status).toBe(303);
      expect(created.headers.location).toBe('/quan-tri/don-vi');
      const [unit] = await query<{
        id: string;
        population: number;
        aliases: string[];
        kind: string;
        active: boolean;
      }>(
        t.database,
        `SELECT id, population, aliases, kind, active FROM units WHERE code = 'xa-an-moi'`,
      );
      expect(unit).toMatchObject({
        population: 4120,
        aliases: ['UBND xã An Mới', 'Xã An Mới mở rộng'],
        kind: 'commune',
        active: true,
      });
      expect(await flashOn(admin, '/quan-tri/don-vi')).toBe('Đã thêm đơn vị.');

      // The same code twice, and a code that is not a slug: refused with a reason.
      const again = await admin.post(
        '/quan-tri/don-vi',
        { code: 'xa-an-moi', name: 'Trùng', kind: 'commune' },
        '/quan-tri/don-vi',
      );
      expect(again.status).toBe(303);
      expect(await flashOn(admin, '/quan-tri/don-vi')).toBe('Mã này đã được dùng.');
      await admin.post(
        '/quan-tri/don-vi',
        { code: 'Xã Sai', name: 'Sai', kind: 'commune' },
        '/quan-tri/don-vi',
      );
      expect(await flashOn(admin, '/quan-tri/don-vi')).toContain('Thông tin nhập chưa hợp lệ');

      const edit = await admin.get(`/quan-tri/don-vi/${unit.id}`);
      expect(edit.status).toBe(200);
      expect(edit.body).toContain('value="4120"');
      const saved = await admin.post(
        `/quan-tri/don-vi/${unit.id}`,
        {
          code: 'xa-an-moi',
          name: 'Ủy ban nhân dân xã An Mới',
          shortName: '',
          kind: 'commune',
          parentId: '',
          population: '5000',
          aliases: '',
          active: 'false',
        },
        `/quan-tri/don-vi/${unit.id}`,
      );
      expect(saved.status).toBe(303);
      const [after] = await query<{
        population: number;
        active: boolean;
        short_name: string | null;
        parent_id: string | null;
      }>(t.database, 'SELECT population, active, short_name, parent_id FROM units WHERE id = $1', [
        unit.id,
      ]);
      expect(after).toEqual({ population: 5000, active: false, short_name: null, parent_id: null });
      // Inactive units are listed only on request.
      expect((await admin.get('/quan-tri/don-vi')).body).not.toContain('xa-an-moi');
      expect((await admin.get('/quan-tri/don-vi?all=true')).body).toContain('xa-an-moi');
    },
    LONG,
  );

  it(
    'lists groups with their members, creates one and changes its members',
    async () => {
      const list = await admin.get('/quan-tri/nhom');
      expect(list.status).toBe(200);
      const row = list.body.slice(list.body.indexOf('data-group-code="cac-xa-thi-tran"'));
      expect(row.slice(0, row.indexOf('</tr>'))).toContain('21 đơn vị');

      const [a, b, c] = await Promise.all(
        ['xa-hong-quang', 'xa-phu-ung', 'xa-bac-son'].map((code) => unitId(code)),
      );
      const raw = new URLSearchParams({
        _csrf: await admin.csrf('/quan-tri/nhom'),
        code: 'xa-vung-lua',
        name: 'Các xã vùng lúa',
        aliases: 'Xã vùng lúa',
        description: '',
      });
      raw.append('memberIds', a);
      raw.append('memberIds', b);
      const created = await t.request<string>('POST', '/quan-tri/nhom', {
        raw: raw.toString(),
        headers: {
          cookie: admin.cookie(),
          'content-type': 'application/x-www-form-urlencoded',
          referer: 'http://localhost/quan-tri/nhom',
        },
      });
      expect(created.status).toBe(303);
      const members = () =>
        query<{ code: string }>(
          t.database,
          `SELECT u.code FROM unit_group_members m JOIN unit_groups g ON g.id = m.group_id
           JOIN units u ON u.id = m.unit_id WHERE g.code = 'xa-vung-lua' ORDER BY u.code`,
        );
      expect((await members()).map((m) => m.code)).toEqual(['xa-hong-quang', 'xa-phu-ung']);

      const [group] = await query<{ id: string }>(
        t.database,
        `SELECT id FROM unit_groups WHERE code = 'xa-vung-lua'`,
      );
      const edit = await admin.get(`/quan-tri/nhom/${group.id}`);
      expect(edit.body).toContain(`<option value="${a}" selected>`);
      const saved = await admin.post(
        `/quan-tri/nhom/${group.id}`,
        { code: 'xa-vung-lua', name: 'Các xã vùng lúa', memberIds: c },
        `/quan-tri/nhom/${group.id}`,
      );
      expect(saved.status).toBe(303);
      expect((await members()).map((m) => m.code)).toEqual(['xa-bac-son']);
    },
    LONG,
  );

  it(
    'creates a user who can then sign in, deactivates, reactivates and resets the password',
    async () => {
      // The demo province has more accounts than a page (100, by username): the list pages on,
      // and its role filter finds every officer on one page.
      const page = await admin.get('/quan-tri/nguoi-dung');
      expect(page.status).toBe(200);
      expect(page.body).toContain('data-username="admin"');
      expect(page.body).not.toContain('data-username="xa-hong-quang.officer"');
      const second = await admin.get('/quan-tri/nguoi-dung?page=2');
      expect(second.body).toContain('data-username="xa-hong-quang.officer"');
      const officers = await admin.get('/quan-tri/nguoi-dung?role=unit_officer');
      expect(officers.body).toContain('data-username="xa-hong-quang.officer"');
      expect(officers.body).not.toContain('data-username="admin"');

      const created = await admin.post(
        '/quan-tri/nguoi-dung',
        {
          username: 'Hong-Quang.Officer2',
          fullName: 'Nguyễn Thị Lan',
          role: 'unit_officer',
          unitId: await unitId('xa-hong-quang'),
          password: 'mat-khau-1',
        },
        '/quan-tri/nguoi-dung',
      );
      expect(created.status).toBe(303);
      expect(await flashOn(admin, '/quan-tri/nguoi-dung')).toBe('Đã thêm người dùng.');
      const [user] = await query<{ id: string; role: string; active: boolean }>(
        t.database,
        `SELECT id, role, active FROM users WHERE username = 'hong-quang.officer2'`,
      );
      expect(user).toMatchObject({ role: 'unit_officer', active: true });
      const officer = await signInToPages(t, 'hong-quang.officer2', 'mat-khau-1');
      expect((await officer.get('/viec')).status).toBe(200);

      // A taken username, a short password: refused with a reason, nothing created.
      await admin.post(
        '/quan-tri/nguoi-dung',
        {
          username: 'hong-quang.officer2',
          fullName: 'Trùng',
          role: 'unit_officer',
          unitId: await unitId('xa-hong-quang'),
          password: 'mat-khau-1',
        },
        '/quan-tri/nguoi-dung',
      );
      expect(await flashOn(admin, '/quan-tri/nguoi-dung')).toBe('Tên đăng nhập này đã được dùng.');
      await admin.post(
        '/quan-tri/nguoi-dung',
        {
          username: 'ngan.qua',
          fullName: 'Ngắn',
          role: 'clerk',
          unitId: await unitId('xa-hong-quang'),
          password: 'ngan',
        },
        '/quan-tri/nguoi-dung',
      );
      expect(await flashOn(admin, '/quan-tri/nguoi-dung')).toContain('Thông tin nhập chưa hợp lệ');
      expect(
        await query(t.database, `SELECT 1 FROM users WHERE username = 'ngan.qua'`),
      ).toHaveLength(0);

      const off = await admin.post(
        `/quan-tri/nguoi-dung/${user.id}/trang-thai`,
        { active: 'false' },
        '/quan-tri/nguoi-dung',
      );
      expect(off.status).toBe(303);
      // Disabled at once: the open session no longer works, and signing in fails.
      expect((await officer.get('/viec')).status).toBe(303);
      await expect(signInToPages(t, 'hong-quang.officer2', 'mat-khau-1')).rejects.toThrow(
        /failed: 401/,
      );

      await admin.post(
        `/quan-tri/nguoi-dung/${user.id}/trang-thai`,
        { active: 'true' },
        '/quan-tri/nguoi-dung',
      );
      await admin.post(
        `/quan-tri/nguoi-dung/${user.id}/mat-khau`,
        { password: 'mat-khau-moi-2' },
        '/quan-tri/nguoi-dung',
      );
      expect(await flashOn(admin, '/quan-tri/nguoi-dung')).toBe('Đã đặt lại mật khẩu.');
      await expect(signInToPages(t, 'hong-quang.officer2', 'mat-khau-1')).rejects.toThrow();
      const again = await signInToPages(t, 'hong-quang.officer2', 'mat-khau-moi-2');
      expect((await again.get('/viec')).status).toBe(200);
    },
    LONG,
  );

  it(
    'answers 403 to a unit officer, a clerk and a chair, and changes nothing for them',
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      for (const url of [
        '/quan-tri',
        '/quan-tri/don-vi',
        '/quan-tri/nguoi-dung',
        '/quan-tri/nhom',
      ]) {
        const page = await officer.get(url);
        expect(page.status).toBe(403);
        expect(page.body).toContain('Không có quyền truy cập');
      }
      for (const username of ['clerk', 'chair']) {
        const session = await signInToPages(t, username);
        expect((await session.get('/quan-tri/nguoi-dung')).status).toBe(403);
      }
      const posted = await officer.post(
        '/quan-tri/nguoi-dung',
        {
          username: 'ke.gian',
          fullName: 'Kẻ gian',
          role: 'admin',
          unitId: await unitId('xa-phu-ung'),
          password: 'mat-khau-1',
        },
        '/viec',
      );
      // Another role's form answers the 403 page, as its page does.
      expect(posted.status).toBe(403);
      expect(posted.body).toContain('Không có quyền truy cập');
      expect(
        await query(t.database, `SELECT 1 FROM users WHERE username = 'ke.gian'`),
      ).toHaveLength(0);
    },
    LONG,
  );
});
