import { Clock } from '../src/core/clock.js';
import { PNG, multipartBody, publishLetter } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

describe('task workflow', () => {
  let t: TestApp;
  let directiveId: string;
  let chair: string;
  let clerk: string;
  const officers: Record<string, string> = {};
  const taskOf: Record<string, string> = {};

  const officer = async (code: string) => (officers[code] ??= await t.login(`${code}.officer`));
  const task = async (code: string) => {
    if (!taskOf[code]) {
      const inbox = await t.request('GET', '/api/me/tasks', { token: await officer(code) });
      taskOf[code] = inbox.body.items[0].id;
    }
    return taskOf[code];
  };
  const move = async (
    token: string,
    id: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => t.request('POST', `/api/tasks/${id}/status`, { token, body, headers });
  const version = async (id: string) =>
    (
      await query<{ version: number }>(t.database, 'SELECT version FROM tasks WHERE id = $1', [id])
    )[0].version;
  const events = async (id: string) =>
    (
      await query<{ n: number }>(
        t.database,
        'SELECT count(*)::int AS n FROM task_events WHERE task_id = $1',
        [id],
      )
    )[0].n;
  const clock = () => t.app.get(Clock);

  beforeAll(async () => {
    t = await startTestApp();
    directiveId = await publishLetter(t);
    chair = await t.login('chair');
    clerk = await t.login('clerk');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should work the seed letter end to end: receive, work, report, return, report again, accept', async () => {
    const token = await officer('xa-hong-quang');
    const inbox = await t.request('GET', '/api/me/tasks', { token });
    expect(inbox.body.total).toBe(1);
    const id = inbox.body.items[0].id;
    expect(inbox.body.items[0]).toMatchObject({
      status: 'assigned',
      deadline: '2026-12-04',
      version: 1,
    });

    const detail = await t.request('GET', `/api/tasks/${id}`, { token });
    expect(detail.body).toMatchObject({
      unit: { code: 'xa-hong-quang' },
      directive: { id: directiveId, number: '451/UBND-VHTT' },
      assignment: { label: '1', assignee: 'Ủy ban nhân dân các xã, thị trấn' },
      flags: { category: 'in_progress_on_time', overdue: false, noDeadline: false },
    });
    expect(detail.body.assignment.text).toMatch(/^Chỉ đạo quyết liệt/);

    clock().set(new Date('2026-11-30T02:00:00Z'));
    let reply = await move(token, id, { status: 'received', version: 1 });
    expect(reply.body).toMatchObject({ status: 'received', version: 2 });
    reply = await move(token, id, {
      status: 'in_progress',
      version: 2,
      note: 'Đã triển khai tới các thôn',
    });
    expect(reply.body.version).toBe(3);

    const photo = await t.request('POST', `/api/tasks/${id}/evidence`, {
      token,
      ...multipartBody(
        { name: 'tuyen-truyen.png', data: PNG, type: 'image/png' },
        { kind: 'file' },
      ),
    });
    expect(photo.status).toBe(201);
    const metric = await t.request('POST', `/api/tasks/${id}/evidence`, {
      token,
      body: {
        kind: 'metric',
        indicator: 'Số người đã cài Bluezone',
        value: 3120,
        asOf: '2026-12-01',
      },
    });
    expect(metric.status).toBe(201);

    const current = await version(id);
    reply = await move(token, id, {
      status: 'reported',
      version: current,
      report: 'Đã vận động 3.120 người cài đặt.',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      status: 'reported',
      report: 'Đã vận động 3.120 người cài đặt.',
    });

    reply = await move(chair, id, {
      status: 'returned',
      version: reply.body.version,
      reason: 'Bổ sung số liệu theo thôn',
    });
    expect(reply.body.status).toBe('returned');

    reply = await move(token, id, {
      status: 'reported',
      version: reply.body.version,
      report: 'Đã bổ sung số liệu theo thôn.',
    });
    expect(reply.body.status).toBe('reported');

    reply = await move(chair, id, { status: 'completed', version: reply.body.version });
    expect(reply.body).toMatchObject({
      status: 'completed',
      flags: { category: 'completed_on_time' },
    });

    const history = await t.request('GET', `/api/tasks/${id}/history`, { token });
    const lines = (
      history.body as Array<{ kind: string; toStatus: string | null; actor: { username: string } }>
    ).map((e) => [e.kind, e.toStatus, e.actor.username]);
    expect(lines).toEqual([
      ['assigned', 'assigned', 'clerk'],
      ['status_changed', 'received', 'xa-hong-quang.officer'],
      ['status_changed', 'in_progress', 'xa-hong-quang.officer'],
      ['evidence_added', null, 'xa-hong-quang.officer'],
      ['evidence_added', null, 'xa-hong-quang.officer'],
      ['status_changed', 'reported', 'xa-hong-quang.officer'],
      ['status_changed', 'returned', 'chair'],
      ['status_changed', 'reported', 'xa-hong-quang.officer'],
      ['status_changed', 'completed', 'chair'],
    ]);
    expect(history.body[6].note).toBe('Bổ sung số liệu theo thôn');
    clock().set(null);
  });

  it('should refuse every move the machine does not allow, and change nothing', async () => {
    const id = await task('xa-bac-son');
    const token = await officer('xa-bac-son');
    const before = [await version(id), await events(id)];

    const skip = await move(token, id, { status: 'in_progress', version: 1 });
    expectError(skip, 409, 'invalid_transition');
    expect(skip.body).toMatchObject({ from: 'assigned', to: 'in_progress' });
    expectError(
      await move(chair, id, { status: 'completed', version: 1 }),
      409,
      'invalid_transition',
    );
    expectError(await move(chair, id, { status: 'received', version: 1 }), 403, 'not_your_move');
    expectError(
      await move(token, id, { status: 'cancelled', version: 1, reason: 'x' }),
      403,
      'not_your_move',
    );
    expectError(await move(clerk, id, { status: 'cancelled', version: 1 }), 400, 'reason_required');
    expectError(await move(token, id, { status: 'received' }), 400, 'version_required');
    expectError(await move(token, id, { status: 'received', version: 7 }), 409, 'stale_version');
    expectError(await move(token, id, { status: 'flying', version: 1 }), 400, 'validation_failed');
    expect([await version(id), await events(id)]).toEqual(before);

    // If-Match works in place of the body's version.
    const viaHeader = await move(token, id, { status: 'received' }, { 'if-match': '"1"' });
    expect(viaHeader.body).toMatchObject({ status: 'received', version: 2 });
    await move(token, id, { status: 'in_progress', version: 2 });
    expectError(await move(token, id, { status: 'reported', version: 3 }), 400, 'report_required');
    expectError(
      await move(token, id, { status: 'reported', version: 3, report: 'Xong' }),
      422,
      'evidence_required',
    );
    expect(await version(id)).toBe(3);
  });

  it('should let exactly one of 20 simultaneous conflicting updates win', async () => {
    const id = await task('xa-bai-say');
    const token = await officer('xa-bai-say');
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => move(token, id, { status: 'received', version: 1 })),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const reply of replies.filter((r) => r.status === 409))
      expect(reply.body.code).toBe('stale_version');
    const rows = await query(
      t.database,
      `SELECT to_status FROM task_events WHERE task_id = $1 AND kind = 'status_changed'`,
      [id],
    );
    expect(rows).toEqual([{ to_status: 'received' }]);
    expect(await version(id)).toBe(2);
  });

  it('should return the first answer to a retried request with the same Idempotency-Key', async () => {
    const id = await task('xa-dao-duong');
    const token = await officer('xa-dao-duong');
    const headers = { 'idempotency-key': 'receive-dao-duong-1' };
    const first = await move(token, id, { status: 'received', version: 1 }, headers);
    const retry = await move(token, id, { status: 'received', version: 1 }, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await events(id)).toBe(2); // assigned, received
    const elsewhere = await t.request('POST', `/api/tasks/${id}/pause-requests`, {
      token,
      body: { reason: 'x' },
      headers,
    });
    expectError(elsewhere, 422, 'idempotency_key_reused');
  });

  it('should let the clerk cancel an open task with a reason', async () => {
    const id = await task('xa-tan-phuc');
    const reply = await move(clerk, id, {
      status: 'cancelled',
      version: 1,
      reason: 'Xã đã sáp nhập',
    });
    expect(reply.body).toMatchObject({ status: 'cancelled', flags: { category: null } });
    expectError(
      await move(clerk, id, { status: 'cancelled', version: 2, reason: 'again' }),
      409,
      'invalid_transition',
    );
  });

  describe('deadline extension and pause', () => {
    it('should move the deadline when the chair approves an extension, keeping the original', async () => {
      const id = await task('xa-van-du');
      const token = await officer('xa-van-du');
      const request = await t.request('POST', `/api/tasks/${id}/extension-requests`, {
        token,
        body: { deadline: '2026-12-11', reason: 'Chờ số liệu của trạm y tế' },
      });
      expect(request.status).toBe(201);
      expect(request.body).toMatchObject({
        kind: 'extension',
        status: 'pending',
        requestedDeadline: '2026-12-11',
      });
      expectError(
        await t.request('POST', `/api/tasks/${id}/extension-requests`, {
          token,
          body: { deadline: '2026-12-12', reason: 'x' },
        }),
        409,
        'request_pending',
      );
      expectError(
        await t.request('POST', `/api/task-requests/${request.body.id}/decision`, {
          token,
          body: { approve: true },
        }),
        403,
      );
      const decided = await t.request('POST', `/api/task-requests/${request.body.id}/decision`, {
        token: chair,
        body: { approve: true, note: 'Đồng ý' },
      });
      expect(decided.body).toMatchObject({ status: 'approved' });
      const detail = await t.request('GET', `/api/tasks/${id}`, { token });
      expect(detail.body).toMatchObject({
        deadline: '2026-12-11',
        originalDeadline: '2026-12-04',
        deadlineVersion: 2,
      });
      expectError(
        await t.request('POST', `/api/task-requests/${request.body.id}/decision`, {
          token: chair,
          body: { approve: false },
        }),
        409,
        'request_decided',
      );
      const history = await t.request('GET', `/api/tasks/${id}/history`, { token: chair });
      expect(history.body.map((e: { kind: string }) => e.kind)).toEqual([
        'assigned',
        'extension_requested',
        'extension_approved',
      ]);
      const outbox = await query(
        t.database,
        `SELECT type FROM outbox_events WHERE payload->>'taskId' = $1`,
        [id],
      );
      expect(outbox).toEqual([{ type: 'task.deadline_changed' }]);
    });

    it('should stop the clock while paused and move the deadline by the paused working days', async () => {
      const id = await task('xa-quang-vinh');
      const token = await officer('xa-quang-vinh');
      await move(token, id, { status: 'received', version: 1 });
      const request = await t.request('POST', `/api/tasks/${id}/pause-requests`, {
        token,
        body: { reason: 'Chờ Phòng Y tế cung cấp danh sách' },
      });
      // Approved on Tuesday 1/12/2026.
      clock().set(new Date('2026-12-01T02:00:00Z'));
      await t.request('POST', `/api/task-requests/${request.body.id}/decision`, {
        token: chair,
        body: { approve: true },
      });
      let detail = await t.request('GET', `/api/tasks/${id}`, { token });
      expect(detail.body).toMatchObject({ status: 'paused', pausedFrom: 'received' });
      // Still paused after the deadline: not overdue.
      clock().set(new Date('2026-12-07T02:00:00Z'));
      detail = await t.request('GET', `/api/tasks/${id}`, { token });
      expect(detail.body.flags.overdue).toBe(false);
      expectError(
        await move(token, id, { status: 'in_progress', version: detail.body.version }),
        409,
        'invalid_transition',
      );
      // Resumed on Monday 7/12: 4 working days paused (2, 3, 4 and 7 December).
      const resumed = await move(token, id, { status: 'received', version: detail.body.version });
      expect(resumed.body).toMatchObject({
        status: 'received',
        deadline: '2026-12-10',
        deadlineVersion: 2,
        pausedFrom: null,
      });
      clock().set(null);
    });
  });

  it('should accept or return several reported tasks at once, reporting each outcome', async () => {
    const ready: string[] = [];
    for (const code of ['xa-xuan-truc', 'xa-hoang-hoa-tham']) {
      const id = await task(code);
      const token = await officer(code);
      await move(token, id, { status: 'received', version: 1 });
      await move(token, id, { status: 'in_progress', version: 2 });
      await t.request('POST', `/api/tasks/${id}/evidence`, {
        token,
        body: { kind: 'note', text: 'Đã họp dân' },
      });
      await move(token, id, { status: 'reported', version: await version(id), report: 'Xong' });
      ready.push(id);
    }
    const notReported = await task('xa-quang-lang');
    const result = await t.request('POST', '/api/tasks/bulk-review', {
      token: chair,
      body: {
        status: 'completed',
        tasks: [
          { taskId: ready[0], version: await version(ready[0]) },
          { taskId: ready[1], version: 1 },
          { taskId: notReported, version: 1 },
        ],
      },
    });
    expect(result.status).toBe(200);
    expect(
      result.body.map((r: { ok: boolean; status?: string; error?: { code: string } }) =>
        r.ok ? r.status : r.error?.code,
      ),
    ).toEqual(['completed', 'stale_version', 'invalid_transition']);
    expectError(
      await t.request('POST', '/api/tasks/bulk-review', {
        token: await officer('xa-xuan-truc'),
        body: { status: 'completed', tasks: [{ taskId: ready[1], version: 1 }] },
      }),
      403,
    );
  });

  it('should list tasks with filters and flag the overdue ones', async () => {
    clock().set(new Date('2026-12-07T02:00:00Z'));
    try {
      const overdue = await t.request(
        'GET',
        `/api/tasks?directiveId=${directiveId}&overdue=true&limit=200`,
        { token: chair },
      );
      expect(overdue.status).toBe(200);
      expect(overdue.body.total).toBeGreaterThan(20);
      for (const item of overdue.body.items) {
        expect(item.flags).toMatchObject({ overdue: true, category: 'overdue', daysOverdue: 3 });
      }
      const communes = await t.request('GET', `/api/tasks?status=completed,reported&limit=200`, {
        token: chair,
      });
      expect(
        communes.body.items.every((item: { status: string }) =>
          ['completed', 'reported'].includes(item.status),
        ),
      ).toBe(true);
      const sorted = await t.request('GET', '/api/tasks?sort=-deadline&limit=5', { token: chair });
      expect(sorted.status).toBe(200);
      expectError(await t.request('GET', '/api/tasks?status=bogus', { token: chair }), 400);
      expectError(await t.request('GET', '/api/tasks?dueBefore=tomorrow', { token: chair }), 400);
    } finally {
      clock().set(null);
    }
  });
});
