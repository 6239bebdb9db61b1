import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../src/core/database/transaction-runner.js';
import { NotificationsWorkerModule } from '../src/notifications/notifications-worker.module.js';
import { deliveryJobId, OUTBOUND_QUEUE } from '../src/notifications/notifications.constants.js';
import {
  escalationText,
  type NotifyInput,
  NotificationsService,
} from '../src/notifications/notifications.service.js';
import { OutboundSweeper } from '../src/notifications/outbound-sweeper.service.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query, TEST_REDIS_URL } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';
import { unitBodySql } from '../src/units/unit-body.js';

interface HookRequest {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

interface Hook {
  url: string;
  requests: HookRequest[];
  /** The status to answer the n-th request (1-based) with. */
  respond: (n: number) => number;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that records every call. */
async function startHook(respond: (n: number) => number): Promise<Hook> {
  const hook: Hook = { url: '', requests: [], respond, close: () => Promise.resolve() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = hook.respond(hook.requests.length + 1);
      hook.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'lỗi');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dondoc`;
  hook.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hook;
}

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server (no TLS, no auth) that keeps what it receives. */
async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes a single-part message's encoded-word subject and its text (quoted-printable or base64). */
function readMail(raw: string): { subject: string; text: string; headers: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const subjectLine = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, data: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString()
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1].trim().toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString()
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body.replace(/=\r\n/g, ''))
        : body;
  return { subject, text, headers };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]));
    }
  }
  return Buffer.from(bytes).toString();
}

/**
 * One task to point notifications at, written directly: these tests are about notifications, so
 * they do not depend on directive intake and publication working.
 */
async function seedTask(database: string, clerkId: string, unitId: string): Promise<string> {
  const [directive] = await query<{ id: string }>(
    database,
    `INSERT INTO directives (status, number, subject, source_text, source_format, source_sha256, imported_by,
                             issuing_unit_id)
     VALUES ('published', '451/UBND-VHTT', 'V/v đẩy mạnh cài đặt ứng dụng Bluezone', 'x', 'text', $1, $2,
             ${unitBodySql('(SELECT unit_id FROM users WHERE id = $2)')})
     RETURNING id`,
    ['0'.repeat(64), clerkId],
  );
  const [assignment] = await query<{ id: string }>(
    database,
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution)
     VALUES ($1, 1, '1', 'UBND xã Hồng Quang', 'Tuyên truyền cài đặt Bluezone', 'matched') RETURNING id`,
    [directive.id],
  );
  const [task] = await query<{ id: string }>(
    database,
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, deadline)
     VALUES ($1, $2, $3, 'lead', '2026-12-04') RETURNING id`,
    [directive.id, assignment.id, unitId],
  );
  return task.id;
}

describe('notifications', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const hooks: Hook[] = [];
  let admin: string;
  let taskId: string;
  const users = new Map<string, { id: string; unitId: string }>();

  const user = (username: string) => {
    const found = users.get(username);
    if (!found) throw new Error(`no demo user ${username}`);
    return found;
  };

  const notify = (input: Partial<NotifyInput> & { userIds: string[] }) =>
    t.app.get(TransactionRunner).run((manager) =>
      t.app.get(NotificationsService).notify(manager, {
        taskId,
        escalationId: randomUUID(),
        kind: 'escalation',
        ...escalationText({
          directiveNumber: '451/UBND-VHTT',
          subject: 'V/v đẩy mạnh cài đặt ứng dụng Bluezone',
          unitName: 'Ủy ban nhân dân xã Hồng Quang',
          deadline: '2026-12-04',
          daysLate: 2,
          level: 1,
        }),
        ...input,
      }),
    );

  const deliveriesOf = (userId: string) =>
    query<{ id: string; status: string; attempts: number; last_error: string | null }>(
      t.database,
      `SELECT d.id, d.status, d.attempts, d.last_error, d.sent_at FROM outbound_deliveries d
         JOIN notifications n ON n.id = d.notification_id WHERE n.user_id = $1`,
      [userId],
    );

  /**
   * Nothing more can reach a receiver: no delivery is pending (the sweep re-enqueues only those)
   * and the outbound queue holds no job, waiting, running or backing off before a retry.
   */
  const outboundSettled = () =>
    waitFor('outbound deliveries to settle', async () => {
      const [pending] = await t.app
        .get(DataSource)
        .query<Array<{ n: number }>>(
          "SELECT count(*)::int AS n FROM outbound_deliveries WHERE status = 'pending'",
        );
      if (pending.n > 0) return false;
      const queue = t.app.get<Queue>(getQueueToken(OUTBOUND_QUEUE));
      const jobs = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      return Object.values(jobs).every((n) => n === 0);
    });

  const webhookFor = async (owner: { unitId?: string; userId?: string }, hook: Hook) => {
    const created = await t.request('POST', '/api/notification-channels', {
      token: admin,
      body: { kind: 'webhook', url: hook.url, ...owner },
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; secret: string };
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      extraModules: [NotificationsWorkerModule],
      env: {
        OUTBOUND_BACKOFF_MS: '100',
        OUTBOUND_SWEEP_MS: '300',
        // The webhook receivers here listen on 127.0.0.1.
        OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        SMTP_FROM: 'dondoc An Thi <dondoc@anthi.test>',
      },
    });
    admin = await t.login('admin');
    const rows = await query<{ username: string; id: string; unit_id: string }>(
      t.database,
      'SELECT username, id, unit_id FROM users',
    );
    for (const row of rows) users.set(row.username, { id: row.id, unitId: row.unit_id });
    taskId = await seedTask(t.database, user('clerk').id, user('xa-hong-quang.officer').unitId);
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all(hooks.map((hook) => hook.close()));
    await smtp?.close();
  });

  describe('notify', () => {
    it('should create one inbox row per user, once, however often an escalation retries', async () => {
      const officer = user('xa-hong-quang.officer').id;
      const head = user('xa-hong-quang.head').id;
      const escalationId = randomUUID();
      await expect(notify({ userIds: [officer, head, officer], escalationId })).resolves.toBe(2);
      await expect(notify({ userIds: [officer, head], escalationId })).resolves.toBe(0);
      // Twice inside one transaction, too.
      const again = await t.app.get(TransactionRunner).run(async (manager) => {
        const service = t.app.get(NotificationsService);
        const input = { userIds: [officer], taskId, escalationId: randomUUID() };
        const text = { kind: 'reminder', title: 'Nhắc việc', body: 'Nội dung' };
        return [
          await service.notify(manager, { ...input, ...text }),
          await service.notify(manager, { ...input, ...text }),
        ];
      });
      expect(again).toEqual([1, 0]);
      const rows = await query(
        t.database,
        'SELECT user_id, title FROM notifications WHERE escalation_id = $1 ORDER BY user_id',
        [escalationId],
      );
      expect(rows).toHaveLength(2);
      expect(rows[0].title).toBe(
        'Đôn đốc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang quá hạn 2 ngày',
      );
    });

    it('should skip unknown users and an empty list', async () => {
      await expect(notify({ userIds: [] })).resolves.toBe(0);
      await expect(notify({ userIds: [randomUUID()] })).resolves.toBe(0);
    });

    it('should leave nothing, inbox or outbound, when the caller rolls back', async () => {
      const officer = user('xa-phu-ung.officer');
      const hook = await startHook(() => 200);
      hooks.push(hook);
      await webhookFor({ unitId: officer.unitId }, hook);
      const escalationId = randomUUID();
      await expect(
        t.app.get(TransactionRunner).run(async (manager) => {
          await t.app.get(NotificationsService).notify(manager, {
            userIds: [officer.id],
            taskId,
            escalationId,
            kind: 'escalation',
            title: 'Đôn đốc',
            body: 'Nội dung',
          });
          throw new Error('the escalation failed after notifying');
        }),
      ).rejects.toThrow('the escalation failed');
      const left = await query(
        t.database,
        'SELECT id FROM notifications WHERE escalation_id = $1',
        [escalationId],
      );
      expect(left).toEqual([]);
      expect(await deliveriesOf(officer.id)).toEqual([]);
      await outboundSettled();
      expect(hook.requests).toEqual([]);
    }, 30_000);

    it('should send a unit channel one delivery per call, whoever in the unit is told', async () => {
      const officer = user('xa-bac-son.officer');
      const head = user('xa-bac-son.head');
      const hook = await startHook(() => 204);
      hooks.push(hook);
      await webhookFor({ unitId: officer.unitId }, hook);
      await expect(notify({ userIds: [officer.id, head.id] })).resolves.toBe(2);
      await waitFor('the unit webhook', () => Promise.resolve(hook.requests.length === 1));
      await outboundSettled();
      expect(hook.requests).toHaveLength(1);
    }, 30_000);
  });

  describe('inbox API', () => {
    it('should list, count and mark read only the user’s own notifications', async () => {
      const me = user('xa-tan-phuc.officer').id;
      const other = user('xa-tan-phuc.head').id;
      await notify({ userIds: [me], kind: 'reminder', title: 'Nhắc việc 1', body: 'một' });
      await notify({ userIds: [me], title: 'Đôn đốc 2', body: 'hai' });
      await notify({ userIds: [me, other], title: 'Đôn đốc 3', body: 'ba' });
      const token = await t.login('xa-tan-phuc.officer');

      const list = await t.request('GET', '/api/me/notifications', { token });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((item: any) => item.title)).toEqual([
        'Đôn đốc 3',
        'Đôn đốc 2',
        'Nhắc việc 1',
      ]);
      expect(list.body.items[0]).toEqual(
        expect.objectContaining({ kind: 'escalation', taskId, readAt: null, body: 'ba' }),
      );
      const count = await t.request('GET', '/api/me/notifications/unread-count', { token });
      expect(count.body).toEqual({ count: 3 });

      const read = await t.request('POST', `/api/me/notifications/${list.body.items[2].id}/read`, {
        token,
      });
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      const reread = await t.request(
        'POST',
        `/api/me/notifications/${list.body.items[2].id}/read`,
        { token },
      );
      expect(reread.body.readAt).toBe(read.body.readAt);
      expect(
        (await t.request('GET', '/api/me/notifications/unread-count', { token })).body.count,
      ).toBe(2);
      const unread = await t.request('GET', '/api/me/notifications?unreadOnly=true&limit=1', {
        token,
      });
      expect(unread.body).toEqual(expect.objectContaining({ total: 2, limit: 1, offset: 0 }));
      expect(unread.body.items).toHaveLength(1);

      // Someone else's notification is a 404, exactly like a missing one.
      const [theirs] = await query<{ id: string }>(
        t.database,
        'SELECT id FROM notifications WHERE user_id = $1',
        [other],
      );
      expectError(
        await t.request('POST', `/api/me/notifications/${theirs.id}/read`, { token }),
        404,
        'notification_not_found',
      );
      expectError(
        await t.request('POST', `/api/me/notifications/${randomUUID()}/read`, { token }),
        404,
        'notification_not_found',
      );
      expectError(
        await t.request('POST', '/api/me/notifications/not-a-uuid/read', { token }),
        400,
        'invalid_id',
      );
      expectError(
        await t.request('GET', '/api/me/notifications?unreadOnly=maybe', { token }),
        400,
        'validation_failed',
      );

      const all = await t.request('POST', '/api/me/notifications/read-all', { token });
      expect(all.body).toEqual({ updated: 2 });
      expect(
        (await t.request('GET', '/api/me/notifications/unread-count', { token })).body.count,
      ).toBe(0);
      // The other user's stays unread.
      const theirToken = await t.login('xa-tan-phuc.head');
      expect(
        (await t.request('GET', '/api/me/notifications/unread-count', { token: theirToken })).body,
      ).toEqual({ count: 1 });
      expectError(await t.request('GET', '/api/me/notifications'), 401);
    }, 30_000);
  });

  describe('channels API', () => {
    it('should create a webhook with its secret shown once, then only masked', async () => {
      const unitId = user('xa-van-du.officer').unitId;
      const created = await t.request('POST', '/api/notification-channels', {
        token: admin,
        body: { kind: 'webhook', unitId, url: 'https://hooks.anthi.test/dondoc' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(
        expect.objectContaining({
          kind: 'webhook',
          unitId,
          userId: null,
          url: 'https://hooks.anthi.test/dondoc',
          address: null,
          active: true,
          secret: expect.stringMatching(/^whsec_.{32}$/),
        }),
      );
      const secret = created.body.secret as string;
      expect(created.body.secretMasked).toBe(`…${secret.slice(-4)}`);

      const got = await t.request('GET', `/api/notification-channels/${created.body.id}`, {
        token: admin,
      });
      expect(got.body).not.toHaveProperty('secret');
      expect(JSON.stringify(got.body)).not.toContain(secret);
      const listed = await t.request('GET', `/api/notification-channels?unitId=${unitId}`, {
        token: admin,
      });
      expect(listed.body.total).toBe(1);
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      const rotated = await t.request('PATCH', `/api/notification-channels/${created.body.id}`, {
        token: admin,
        body: { rotateSecret: true, active: false },
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toEqual(expect.any(String));
      expect(rotated.body.secret).not.toBe(secret);
      expect(rotated.body.active).toBe(false);
      const renamed = await t.request('PATCH', `/api/notification-channels/${created.body.id}`, {
        token: admin,
        body: { url: 'http://10.0.0.7:8080/hook' },
      });
      expect(renamed.body).not.toHaveProperty('secret');
      expect(renamed.body.url).toBe('http://10.0.0.7:8080/hook');

      const removed = await t.request('DELETE', `/api/notification-channels/${created.body.id}`, {
        token: admin,
      });
      expect(removed.status).toBe(204);
      expectError(
        await t.request('GET', `/api/notification-channels/${created.body.id}`, { token: admin }),
        404,
        'notification_channel_not_found',
      );
    });

    it('should refuse bad owners, targets and non-admins', async () => {
      const { id: userId, unitId } = user('xa-van-du.head');
      const post = (body: unknown, token = admin) =>
        t.request('POST', '/api/notification-channels', { token, body });
      const url = 'https://hooks.anthi.test/x';
      expectError(await post({ kind: 'webhook', url }), 400, 'channel_owner_required');
      expectError(
        await post({ kind: 'webhook', url, unitId, userId }),
        400,
        'channel_owner_required',
      );
      expectError(await post({ kind: 'webhook', unitId }), 400, 'validation_failed');
      expectError(
        await post({ kind: 'webhook', unitId, url: 'ftp://hooks.anthi.test/x' }),
        400,
        'validation_failed',
      );
      expectError(await post({ kind: 'email', unitId, address: 'not-an-address' }), 400);
      expectError(
        await post({ kind: 'email', unitId, address: 'a@anthi.test', url }),
        400,
        'channel_target_mismatch',
      );
      expectError(await post({ kind: 'sms', unitId }), 400, 'validation_failed');
      expectError(await post({ kind: 'webhook', url, unitId: randomUUID() }), 400, 'unknown_units');
      expectError(await post({ kind: 'webhook', url, userId: randomUUID() }), 400, 'unknown_user');
      expectError(await post({ kind: 'webhook', url, unitId, secret: 'short' }), 400);
      const chair = await t.login('chair');
      expectError(await post({ kind: 'webhook', url, unitId }, chair), 403);
      expectError(await t.request('GET', '/api/notification-channels', { token: chair }), 403);
      expectError(
        await t.request('GET', '/api/outbound-deliveries?status=failed', { token: chair }),
        403,
      );
    });
  });

  describe('webhooks', () => {
    it('should deliver once, signed, to an endpoint that fails twice then succeeds', async () => {
      const recipient = user('phong-vhtt.officer');
      const hook = await startHook((n) => (n <= 2 ? 500 : 200));
      hooks.push(hook);
      const { secret } = await webhookFor({ userId: recipient.id }, hook);
      await expect(notify({ userIds: [recipient.id] })).resolves.toBe(1);

      const [sent] = await waitFor('the delivery to be sent', async () => {
        const rows = await deliveriesOf(recipient.id);
        return rows[0]?.status === 'sent' && rows;
      });
      expect(sent).toEqual(expect.objectContaining({ status: 'sent', attempts: 3 }));
      expect(sent.last_error).toContain('HTTP 500');
      await outboundSettled(); // nothing more arrives
      expect(hook.requests.map((request) => request.status)).toEqual([500, 500, 200]);
      const [success] = hook.requests.filter((request) => request.status === 200);

      const timestamp = String(success.headers['x-dondoc-timestamp']);
      const expected = createHmac('sha256', secret).update(`${timestamp}.${success.body}`);
      expect(success.headers['x-dondoc-signature']).toBe(`sha256=${expected.digest('hex')}`);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      expect(success.headers['x-dondoc-delivery']).toBe(sent.id);
      expect(success.headers['content-type']).toMatch(/^application\/json/);
      const payload = JSON.parse(success.body);
      expect(payload).toEqual({
        deliveryId: sent.id,
        notificationId: expect.any(String),
        kind: 'escalation',
        title: 'Đôn đốc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang quá hạn 2 ngày',
        body: expect.stringContaining('Thời hạn: 04/12/2026'),
        taskId,
        escalationId: expect.any(String),
        createdAt: expect.any(String),
      });
      // Every try carried a valid signature, and the same delivery id.
      for (const request of hook.requests) {
        const sign = createHmac('sha256', secret).update(
          `${String(request.headers['x-dondoc-timestamp'])}.${request.body}`,
        );
        expect(request.headers['x-dondoc-signature']).toBe(`sha256=${sign.digest('hex')}`);
        expect(request.headers['x-dondoc-delivery']).toBe(sent.id);
      }
    }, 30_000);

    it('should leave a delivery to an always-failing endpoint failed, listed, and retriable', async () => {
      const recipient = user('phong-yte.officer');
      let up = false;
      const hook = await startHook(() => (up ? 200 : 503));
      hooks.push(hook);
      await webhookFor({ unitId: recipient.unitId }, hook);
      await notify({ userIds: [recipient.id] });

      const [failed] = await waitFor('the delivery to fail', async () => {
        const rows = await deliveriesOf(recipient.id);
        return rows[0]?.status === 'failed' && rows;
      });
      expect(failed).toEqual(expect.objectContaining({ attempts: 5 }));
      expect(failed.last_error).toMatch(
        /^webhook http:\/\/127\.0\.0\.1:\d+\/dondoc: HTTP 503 lỗi$/,
      );
      await outboundSettled();
      expect(hook.requests).toHaveLength(5);

      const listed = await t.request('GET', '/api/outbound-deliveries?status=failed', {
        token: admin,
      });
      expect(listed.status).toBe(200);
      const item = listed.body.items.find((entry: any) => entry.id === failed.id);
      expect(item).toEqual(
        expect.objectContaining({
          status: 'failed',
          attempts: 5,
          lastError: failed.last_error,
          lastAttemptAt: expect.any(String),
          sentAt: null,
          notification: expect.objectContaining({ userId: recipient.id, taskId }),
          channel: expect.objectContaining({ kind: 'webhook', target: hook.url }),
        }),
      );
      const sentOnly = await t.request('GET', '/api/outbound-deliveries?status=sent', {
        token: admin,
      });
      expect(sentOnly.body.items.map((entry: any) => entry.id)).not.toContain(failed.id);

      // Fixed on their side: an admin sends it again.
      up = true;
      const retried = await t.request('POST', `/api/outbound-deliveries/${failed.id}/retry`, {
        token: admin,
      });
      expect(retried.status).toBe(200);
      await waitFor('the retried delivery', async () => {
        const rows = await deliveriesOf(recipient.id);
        return rows[0]?.status === 'sent';
      });
      expect(hook.requests.map((request) => request.status)).toEqual([
        503, 503, 503, 503, 503, 200,
      ]);
      expectError(
        await t.request('POST', `/api/outbound-deliveries/${failed.id}/retry`, { token: admin }),
        409,
        'delivery_not_failed',
      );
    }, 30_000);

    it('should deliver once after Redis loses the job (the sweep re-enqueues it)', async () => {
      const recipient = user('phong-gddt.officer');
      const hook = await startHook(() => 200);
      hooks.push(hook);
      await webhookFor({ userId: recipient.id }, hook);
      const queue = t.app.get<Queue>(getQueueToken(OUTBOUND_QUEUE));
      await queue.pause();
      await notify({ userIds: [recipient.id] });
      const [pending] = await deliveriesOf(recipient.id);
      expect(pending.status).toBe('pending');
      await waitFor('the job', async () => queue.getJob(deliveryJobId(pending.id)));

      // FLUSHALL, for this file's prefix only: jobs, the paused flag, everything. In one Lua
      // script, atomic as FLUSHALL is; the sweep may put the job back the moment it returns.
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const [deleted, left] = (await redis.eval(
          `local keys = redis.call('KEYS', ARGV[1])
           for i = 1, #keys, 500 do
             redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
           end
           return {#keys, #redis.call('KEYS', ARGV[1])}`,
          0,
          `${t.env.REDIS_PREFIX}:*`,
        )) as [number, number];
        expect(deleted).toBeGreaterThan(0);
        expect(left).toBe(0);
      } finally {
        redis.disconnect();
      }

      await waitFor('the swept delivery', async () => {
        const rows = await deliveriesOf(recipient.id);
        return rows[0]?.status === 'sent';
      });
      await outboundSettled();
      expect(hook.requests).toHaveLength(1);
      expect(hook.requests[0].headers['x-dondoc-delivery']).toBe(pending.id);
      expect((await deliveriesOf(recipient.id))[0].attempts).toBe(1);
      // A sweep now finds nothing to do.
      await expect(t.app.get(OutboundSweeper).sweep()).resolves.toEqual(
        expect.objectContaining({ enqueued: 0, failed: 0 }),
      );
    }, 30_000);
  });

  describe('e-mail', () => {
    it('should send the Vietnamese text over SMTP to the channel’s address', async () => {
      const recipient = user('phong-tu-phap.head');
      const created = await t.request('POST', '/api/notification-channels', {
        token: admin,
        body: { kind: 'email', userId: recipient.id, address: 'tuphap@anthi.test' },
      });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('secret');
      expect(created.body.secretMasked).toBeNull();
      await notify({ userIds: [recipient.id] });

      const [sent] = await waitFor('the e-mail delivery', async () => {
        const rows = await deliveriesOf(recipient.id);
        return rows[0]?.status === 'sent' && rows;
      });
      const mail = smtp.mails.find((entry) => entry.to.includes('tuphap@anthi.test'));
      expect(mail).toBeDefined();
      expect(mail!.from).toBe('dondoc@anthi.test');
      const { subject, text, headers } = readMail(mail!.raw);
      expect(subject).toBe(
        'Đôn đốc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang quá hạn 2 ngày',
      );
      expect(text).toContain('Đơn vị thực hiện: Ủy ban nhân dân xã Hồng Quang');
      expect(text).toContain('Tình trạng: quá hạn 2 ngày');
      expect(headers).toContain(`X-Dondoc-Delivery: ${sent.id}`);
    }, 30_000);
  });
});
