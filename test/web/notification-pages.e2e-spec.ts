import { DataSource } from 'typeorm';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { publishLetter } from '../support/directives.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';

const LONG = 60_000;

describe('notifications page (HTTP level)', () => {
  let t: TestApp;
  let officerId: string;
  let otherId: string;
  let taskId: string;

  const notify = (userId: string, title: string, withTask: boolean) =>
    t.app.get(DataSource).transaction((manager) =>
      t.app.get(NotificationsService).notify(manager, {
        userIds: [userId],
        taskId: withTask ? taskId : null,
        escalationId: null,
        kind: withTask ? 'escalation' : 'reminder',
        title,
        body: `Nội dung: ${title}`,
      }),
    );
  const idOf = async (title: string) =>
    (
      await query<{ id: string }>(t.database, 'SELECT id FROM notifications WHERE title = $1', [
        title,
      ])
    )[0].id;
  const unreadOf = async (userId: string) =>
    (
      await query<{ n: number }>(
        t.database,
        'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
        [userId],
      )
    )[0].n;
  const badge = (html: string) =>
    /<span class="badge" id="unread-count"[^>]*>(\d+)</.exec(html)?.[1];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    const directiveId = await publishLetter(t);
    const users = await query<{ id: string; username: string }>(
      t.database,
      `SELECT id, username FROM users WHERE username IN ('xa-phu-ung.officer', 'xa-bac-son.officer')`,
    );
    officerId = users.find((u) => u.username === 'xa-phu-ung.officer')!.id;
    otherId = users.find((u) => u.username === 'xa-bac-son.officer')!.id;
    [{ id: taskId }] = await query<{ id: string }>(
      t.database,
      `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE u.code = 'xa-phu-ung' AND t.directive_id = $1`,
      [directiveId],
    );
    // One at a time, so the newest is certain.
    await notify(officerId, 'Nhắc việc: thông báo thứ nhất', false);
    await query(
      t.database,
      `UPDATE notifications SET created_at = now() - interval '2 hours' WHERE title LIKE '%thứ nhất'`,
    );
    await notify(officerId, 'Đôn đốc: thông báo thứ hai', true);
    await query(
      t.database,
      `UPDATE notifications SET created_at = now() - interval '1 hour' WHERE title LIKE '%thứ hai'`,
    );
    await notify(officerId, 'Nhắc việc: thông báo thứ ba', false);
    await notify(otherId, 'Thông báo của xã khác', false);
  }, LONG);
  afterAll(() => t?.close());

  it(
    'lists the user’s own notifications newest first, unread marked, with the count in the header',
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const page = await officer.get('/thong-bao');
      expect(page.status).toBe(200);
      const titles = [
        ...page.body.matchAll(/<span class="title">(?:<span[^>]*>[^<]*<\/span>)?([^<]+)</g),
      ].map((m) => m[1]);
      expect(titles).toEqual([
        'Nhắc việc: thông báo thứ ba',
        'Đôn đốc: thông báo thứ hai',
        'Nhắc việc: thông báo thứ nhất',
      ]);
      expect(page.body).not.toContain('Thông báo của xã khác');
      expect(page.body.match(/class="notification unread"/g)).toHaveLength(3);
      expect(page.body).toContain('3 thông báo, 3 chưa đọc.');
      expect(badge(page.body)).toBe('3');
      // The escalation links to its task.
      const second = await idOf('Đôn đốc: thông báo thứ hai');
      const item = new RegExp(`id="notification-${second}"[\\s\\S]*?</li>`).exec(page.body)![0];
      expect(item).toContain(`href="/viec/${taskId}"`);
      expect(item).toContain('Đôn đốc ·');
    },
    LONG,
  );

  it(
    'marks one read, then all, and the header count follows',
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const second = await idOf('Đôn đốc: thông báo thứ hai');
      const one = await officer.post(`/thong-bao/${second}/da-doc`, {}, '/thong-bao');
      expect(one.status).toBe(303);
      expect(one.headers.location).toBe('/thong-bao');
      expect(await unreadOf(officerId)).toBe(2);
      const [row] = await query<{ read_at: Date | null }>(
        t.database,
        'SELECT read_at FROM notifications WHERE id = $1',
        [second],
      );
      expect(row.read_at).not.toBeNull();
      const page = await officer.get('/thong-bao');
      expect(badge(page.body)).toBe('2');
      expect(page.body).toContain('Đã đánh dấu đã đọc.');
      expect(page.body).toContain(`id="notification-${second}" data-read="true"`);

      // Someone else's notification: the 404 page, and it stays unread.
      const foreign = await idOf('Thông báo của xã khác');
      const refused = await officer.post(`/thong-bao/${foreign}/da-doc`, {}, '/thong-bao');
      expect(refused.status).toBe(404);
      expect(await unreadOf(otherId)).toBe(1);

      const all = await officer.post('/thong-bao/da-doc-tat-ca', {}, '/thong-bao');
      expect(all.status).toBe(303);
      expect(await unreadOf(officerId)).toBe(0);
      const after = await officer.get('/thong-bao');
      expect(after.body).toContain('Đã đánh dấu 2 thông báo là đã đọc.');
      expect(badge(after.body)).toBeUndefined();
      expect(after.body).not.toContain('id="read-all"');
      expect(after.body).not.toContain('class="notification unread"');
      expect(await unreadOf(otherId)).toBe(1);
    },
    LONG,
  );

  it(
    'refuses a mark-read form without its anti-forgery token',
    async () => {
      const other = await signInToPages(t, 'xa-bac-son.officer');
      const foreign = await idOf('Thông báo của xã khác');
      const reply = await other.post(`/thong-bao/${foreign}/da-doc`, {});
      expect(reply.status).toBe(303);
      expect(await unreadOf(otherId)).toBe(1);
    },
    LONG,
  );
});
