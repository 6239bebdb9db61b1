import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DEMO_USERS, DISTRICT_CODE } from '../src/demo/demo-directory.js';
import { WorkingCalendar } from '../src/calendar/working-calendar.js';
import { Clock } from '../src/core/clock.js';
import { EscalationReconciler } from '../src/escalation/escalation-reconciler.service.js';
import { ESCALATION_JOBS, ESCALATION_QUEUE } from '../src/escalation/escalation.constants.js';
import { PeriodScheduler } from '../src/periods/period-scheduler.service.js';
import { type PeriodStatus, periodStatusAt } from '../src/periods/period-status.js';
import { toVietnamDateTime } from '../src/tasks/deadlines.js';
import { letter, multipartBody, PNG, publishLetter, VACCINATION } from './support/directives.js';
import { EscalationTime } from './support/escalation-time.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

// Công văn 318 (sốt xuất huyết): part 2, Trung tâm Y tế huyện, asks in sub-item c) for "báo cáo
// tình hình dịch định kỳ hằng tuần (trước 15 giờ 00 thứ Sáu)".
const DENGUE = '318-UBND-YT-sot-xuat-huyet.txt';
const HOUR = 3_600_000;

interface Period {
  id: string;
  number: number;
  from: string;
  to: string;
  dueAt: string;
  status: string;
  late: boolean;
  metrics: Array<{ indicator: string; value: number; asOf: string }>;
}

/** The health centre's lead task (part 2) of the dengue letter. */
async function healthCentreTask(t: TestApp, officer: string): Promise<{ id: string }> {
  const inbox = await t.request('GET', '/api/me/tasks?limit=50', { token: officer });
  const lead = inbox.body.items.filter((item: { role: string }) => item.role === 'lead');
  expect(lead).toHaveLength(1);
  return lead[0];
}

const vietnam = (iso: string) => toVietnamDateTime(new Date(iso)).slice(0, 16);

describe('reporting periods over HTTP', () => {
  let t: TestApp;
  let officer: string;
  let chair: string;
  let clerk: string;
  let taskId: string;
  let periods: Period[];
  const clock = () => t.app.get(Clock);

  beforeAll(async () => {
    t = await startTestApp();
    // Tuesday 24 November 2026, 09:00 in Hà Nội.
    await publishLetter(t, { file: DENGUE, publishedAt: new Date('2026-11-24T02:00:00Z') });
    officer = await t.login('trung-tam-y-te.officer');
    chair = await t.login('chair');
    clerk = await t.login('clerk');
    taskId = (await healthCentreTask(t, officer)).id;
    periods = (await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer })).body;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should give the health centre a weekly period each Friday at 15:00, days off respected', () => {
    expect(
      periods.map((p) => `${p.number} ${p.from}..${p.to} ${vietnam(p.dueAt)} ${p.status}`),
    ).toEqual([
      '1 2026-11-24..2026-11-27 2026-11-27T15:00 open',
      '2 2026-11-28..2026-12-04 2026-12-04T15:00 open',
      '3 2026-12-05..2026-12-11 2026-12-11T15:00 open',
      '4 2026-12-12..2026-12-18 2026-12-18T15:00 open',
      '5 2026-12-19..2026-12-25 2026-12-25T15:00 open',
      // Friday 1 January 2027 is New Year's Day: due on Monday 4 January at 15:00.
      '6 2026-12-26..2027-01-01 2027-01-04T15:00 open',
    ]);
  });

  it('should give periods only to the recurring part, and the task its recurrence', async () => {
    const [counts] = await query<{ tasks: number; periods: number }>(
      t.database,
      `SELECT count(DISTINCT task_id)::int AS tasks, count(*)::int AS periods FROM task_periods`,
    );
    expect(counts).toEqual({ tasks: 1, periods: 6 });
    const task = await t.request('GET', `/api/tasks/${taskId}`, { token: officer });
    expect(task.body.recurrence).toMatchObject({
      frequency: 'weekly',
      detail: 'thứ Sáu',
      time: '15:00',
    });
  });

  it("should list the unit's due periods, and nothing for a unit without any", async () => {
    const due = await t.request('GET', '/api/me/periods?due=open', { token: officer });
    expect(due.status).toBe(200);
    expect(due.body.total).toBe(6);
    expect(due.body.items[0]).toMatchObject({ number: 1, task: { id: taskId, label: '2' } });
    // This week (Tuesday 24 November): Friday 27's period only.
    const week = await t.request('GET', '/api/me/periods?due=week', { token: officer });
    expect(week.body.items.map((p: Period) => p.number)).toEqual([1]);
    const other = await t.request('GET', '/api/me/periods', {
      token: await t.login('phong-vhtt.officer'),
    });
    expect(other.body).toMatchObject({ items: [], total: 0 });
    expectError(await t.request('GET', '/api/me/periods?due=soon', { token: officer }), 400);
  });

  it('should take a report on time, with its figures, and refuse a second one', async () => {
    clock().set(new Date('2026-11-27T07:00:00Z')); // Friday 14:00 in Hà Nội
    const url = `/api/tasks/${taskId}/periods/${periods[0].id}/report`;
    const reported = await t.request('POST', url, {
      token: officer,
      body: {
        text: 'Tuần 48: 12 ca mắc mới, không có ổ dịch mới',
        metrics: [{ indicator: 'Số ca mắc mới', value: 12 }],
      },
    });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      status: 'submitted',
      late: false,
      metrics: [{ indicator: 'Số ca mắc mới', value: 12, asOf: '2026-11-27' }],
    });
    expectError(
      await t.request('POST', url, { token: officer, body: { text: 'Lần nữa' } }),
      409,
      'period_not_submittable',
    );
  });

  it('should refuse bad input with a clear 4xx and change nothing', async () => {
    const url = `/api/tasks/${taskId}/periods/${periods[1].id}/report`;
    expectError(await t.request('POST', url, { token: officer, body: {} }), 400);
    expectError(
      await t.request('POST', url, {
        token: officer,
        body: { text: 'x', metrics: [{ indicator: 'Số ca', value: -1 }] },
      }),
      400,
    );
    expectError(
      await t.request('POST', url, {
        token: officer,
        body: { text: 'x', metrics: [{ indicator: 'Số ca', value: 1, asOf: '2026-02-30' }] },
      }),
      400,
    );
    expectError(
      await t.request('POST', `/api/tasks/${taskId}/periods/not-a-uuid/report`, {
        token: officer,
        body: { text: 'x' },
      }),
      400,
      'invalid_id',
    );
    expectError(
      await t.request('POST', `/api/tasks/${taskId}/periods/${taskId}/report`, {
        token: officer,
        body: { text: 'x' },
      }),
      404,
    );
    // The chair does not report; the unit does not review.
    expectError(await t.request('POST', url, { token: chair, body: { text: 'x' } }), 403);
    const review = `/api/tasks/${taskId}/periods/${periods[1].id}/review`;
    expectError(
      await t.request('POST', review, { token: officer, body: { decision: 'accept' } }),
      403,
    );
    expectError(
      await t.request('POST', review, { token: chair, body: { decision: 'maybe' } }),
      400,
    );
    expectError(
      await t.request('POST', review, { token: chair, body: { decision: 'accept' } }),
      409,
      'period_not_submitted',
    );
    const after = await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer });
    expect(after.body[1]).toMatchObject({ status: 'open', late: false });
  });

  it('should read a period past due as missed, and keep a late report, marked late', async () => {
    clock().set(new Date('2026-12-04T09:00:00Z')); // Friday 16:00: an hour late
    const listed = await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer });
    expect(listed.body[1].status).toBe('missed');
    // The SQL reading of the status and periodStatusAt agree, whatever the tick has stored.
    const stored = await query<{ id: string; status: PeriodStatus; due_at: Date }>(
      t.database,
      'SELECT id, status, due_at FROM task_periods WHERE task_id = $1',
      [taskId],
    );
    for (const row of stored) {
      const shown = (listed.body as Period[]).find((p) => p.id === row.id)!;
      expect(periodStatusAt({ status: row.status, dueAt: row.due_at }, clock().now())).toBe(
        shown.status,
      );
    }
    const late = await t.request('POST', `/api/tasks/${taskId}/periods/${periods[1].id}/report`, {
      token: officer,
      body: { text: 'Tuần 49: 9 ca mắc mới (gửi muộn)' },
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'submitted', late: true });
    const history = await t.request('GET', `/api/tasks/${taskId}/history`, { token: chair });
    const reports = history.body.filter((e: { kind: string }) => e.kind === 'period_reported');
    expect(reports.map((e: { data: { number: number; late: boolean } }) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ number: 1, late: false }),
        expect.objectContaining({ number: 2, late: true }),
      ]),
    );
  });

  it('should take a report with a file as multipart, the file checked and served back', async () => {
    const url = `/api/tasks/${taskId}/periods/${periods[2].id}/report`;
    expectError(
      await t.request('POST', url, {
        token: officer,
        ...multipartBody(
          { name: 'x.png', data: PNG, type: 'image/png' },
          { text: 'x', metrics: '[{' },
        ),
      }),
      400,
      'invalid_metrics',
    );
    expectError(
      await t.request('POST', url, {
        token: officer,
        ...multipartBody(
          { name: 'x.exe', data: Buffer.from('MZ not an image'), type: 'image/png' },
          { text: 'x' },
        ),
      }),
      400,
      'unsupported_file_type',
    );
    const reported = await t.request('POST', url, {
      token: officer,
      ...multipartBody(
        { name: 'bieu-do-tuan-49.png', data: PNG, type: 'image/png' },
        {
          text: 'Tuần 50: biểu đồ ca mắc',
          metrics: JSON.stringify([{ indicator: 'Số ca mắc mới', value: 7 }]),
        },
      ),
    });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      status: 'submitted',
      late: false,
      metrics: [{ indicator: 'Số ca mắc mới', value: 7, asOf: '2026-12-11' }],
      files: [
        {
          index: 0,
          fileName: 'bieu-do-tuan-49.png',
          mediaType: 'image/png',
          sizeBytes: PNG.length,
        },
      ],
    });
    expect(JSON.stringify(reported.body)).not.toMatch(/sha256/);
    const file = await t.request('GET', `/api/tasks/${taskId}/periods/${periods[2].id}/files/0`, {
      token: chair,
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expectError(
      await t.request('GET', `/api/tasks/${taskId}/periods/${periods[2].id}/files/1`, {
        token: chair,
      }),
      404,
    );
    expectError(
      await t.request('GET', `/api/tasks/${taskId}/periods/${periods[2].id}/files/x`, {
        token: chair,
      }),
      400,
    );
  });

  it('should let the reviewer return and accept a report; a resubmission keeps its first time', async () => {
    const review = `/api/tasks/${taskId}/periods/${periods[0].id}/review`;
    expectError(
      await t.request('POST', review, { token: chair, body: { decision: 'return' } }),
      400,
      'reason_required',
    );
    const returned = await t.request('POST', review, {
      token: chair,
      body: { decision: 'return', reason: 'Thiếu số ca theo xã' },
    });
    expect(returned.body).toMatchObject({ status: 'returned', reviewNote: 'Thiếu số ca theo xã' });
    const again = await t.request('POST', `/api/tasks/${taskId}/periods/${periods[0].id}/report`, {
      token: officer,
      body: {
        text: 'Tuần 48: 12 ca, chi tiết theo xã',
        metrics: [{ indicator: 'Số ca mắc mới', value: 12 }],
      },
    });
    expect(again.body).toMatchObject({ status: 'submitted', late: false });
    const accepted = await t.request('POST', review, {
      token: chair,
      body: { decision: 'accept' },
    });
    expect(accepted.body.status).toBe('accepted');
    // The clerk reviews only where the directive lets the clerk review.
    expectError(
      await t.request('POST', `/api/tasks/${taskId}/periods/${periods[1].id}/review`, {
        token: clerk,
        body: { decision: 'accept' },
      }),
      403,
    );
  });

  it('should roll periods forward to the horizon, idempotently', async () => {
    const scheduler = t.app.get(PeriodScheduler);
    clock().set(new Date('2026-12-09T02:00:00Z'));
    const rolled = await scheduler.rollForward(clock().now());
    expect(rolled).toEqual([taskId]);
    expect(await scheduler.rollForward(clock().now())).toEqual([]);
    const listed = (await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer }))
      .body as Period[];
    // Horizon 9/12 + 35 days = 13/1/2027: periods up to the one starting 9/1.
    expect(listed.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(listed.slice(6).map((p) => `${p.from}..${p.to} ${vietnam(p.dueAt)}`)).toEqual([
      '2027-01-02..2027-01-08 2027-01-08T15:00',
      '2027-01-09..2027-01-15 2027-01-15T15:00',
    ]);
  });

  it('should change the recurrence for future periods only, on the record', async () => {
    // Wednesday 9 December: from now on, Thursdays at 10:00.
    const task = await t.request('GET', `/api/tasks/${taskId}`, { token: clerk });
    const url = `/api/tasks/${taskId}/recurrence`;
    const body = {
      recurrence: { frequency: 'weekly', detail: 'thứ Năm', time: '10:00' },
      version: task.body.version,
    };
    expectError(await t.request('PATCH', url, { token: officer, body }), 403);
    expectError(
      await t.request('PATCH', url, { token: clerk, body: { ...body, version: 99 } }),
      409,
      'stale_version',
    );
    expectError(
      await t.request('PATCH', url, {
        token: clerk,
        body: { ...body, recurrence: { frequency: 'fortnightly' } },
      }),
      400,
    );
    expectError(await t.request('PATCH', url, { token: clerk, body: { version: 1 } }), 400);
    const changed = await t.request('PATCH', url, { token: clerk, body });
    expect(changed.status).toBe(200);
    const listed = changed.body as Period[];
    // Periods 1–3 (reported) as they were, 4–8 cancelled; new ones from 9.
    expect(listed.slice(0, 8).map((p) => p.status)).toEqual([
      'accepted',
      'submitted',
      'submitted',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(
      listed.slice(8, 10).map((p) => `${p.number} ${p.from}..${p.to} ${vietnam(p.dueAt)}`),
    ).toEqual([
      '9 2026-12-12..2026-12-17 2026-12-17T10:00',
      '10 2026-12-18..2026-12-24 2026-12-24T10:00',
    ]);
    const history = await t.request('GET', `/api/tasks/${taskId}/history`, { token: clerk });
    const change = history.body.find((e: { kind: string }) => e.kind === 'recurrence_changed');
    expect(change.data).toMatchObject({
      before: { detail: 'thứ Sáu', time: '15:00' },
      after: { detail: 'thứ Năm', time: '10:00' },
    });
  });
  it("should let the clerk set a part's recurrence in the draft, and publish its periods", async () => {
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter('451-UBND-VHTT-bluezone.txt'),
      headers: { 'content-type': 'text/plain' },
    });
    const part = imported.body.assignments[0];
    const url = `/api/directives/${imported.body.id}/assignments/${part.id}`;
    expectError(
      await t.request('PATCH', url, {
        token: clerk,
        body: { recurrence: { frequency: 'hourly' } },
      }),
      400,
    );
    const fixed = await t.request('PATCH', url, {
      token: clerk,
      body: { recurrence: { frequency: 'monthly', detail: 'ngày 25', time: null } },
    });
    expect(fixed.status).toBe(200);
    clock().set(new Date('2026-12-10T02:00:00Z'));
    const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    const leads = published.body.assignments[0].lead as number;
    // 25 December 2026 and 25 January 2027 (the horizon is 14 January): two periods per unit.
    expect(published.body.periods).toBe(leads * 2);
    const [row] = await query<{ due: string[] }>(
      t.database,
      `SELECT array_agg(DISTINCT to_char(p.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI')) AS due
         FROM task_periods p JOIN tasks t ON t.id = p.task_id WHERE t.assignment_id = $1`,
      [part.id],
    );
    expect(row.due).toEqual(['2026-12-25 23:59', '2027-01-25 23:59']);
  });

  it('should start periods on the clerk’s start day (bắt đầu): none before, rolled in when it nears, kept by a change', async () => {
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: VACCINATION,
      headers: { 'content-type': 'text/plain' },
    });
    expect(imported.status).toBe(201);
    const part = imported.body.assignments[0];
    const url = `/api/directives/${imported.body.id}/assignments/${part.id}`;
    const weekly = { frequency: 'weekly', detail: 'thứ Năm', time: '10:00' };
    expectError(
      await t.request('PATCH', url, {
        token: clerk,
        body: { recurrence: { ...weekly, from: '2027-03-01', until: '2027-02-28' } },
      }),
      400,
    );
    expectError(
      await t.request('PATCH', url, {
        token: clerk,
        body: { recurrence: { ...weekly, from: '2027-02-30' } },
      }),
      400,
    );
    const fixed = await t.request('PATCH', url, {
      token: clerk,
      body: { recurrence: { ...weekly, from: '2027-03-01' } },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.recurrence).toMatchObject({ from: '2027-03-01' });
    // Published on 10 December 2026: the start is beyond the horizon (14 January), no periods.
    clock().set(new Date('2026-12-10T03:00:00Z'));
    const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    expect(published.body.periods).toBe(0);
    const [task] = await query<{ id: string }>(
      t.database,
      'SELECT id FROM tasks WHERE assignment_id = $1',
      [part.id],
    );
    const scheduler = t.app.get(PeriodScheduler);
    expect(await scheduler.rollForward(clock().now())).not.toContain(task.id);
    // 20 February 2027: the horizon (27 March) reaches the start; the periods begin on it.
    clock().set(new Date('2027-02-20T02:00:00Z'));
    expect(await scheduler.rollForward(clock().now())).toContain(task.id);
    expect(await scheduler.rollForward(clock().now())).not.toContain(task.id);
    const listed = (await t.request('GET', `/api/tasks/${task.id}/periods`, { token: clerk }))
      .body as Period[];
    expect(listed.map((p) => `${p.number} ${p.from}..${p.to} ${vietnam(p.dueAt)}`)).toEqual([
      '1 2027-03-01..2027-03-04 2027-03-04T10:00',
      '2 2027-03-05..2027-03-11 2027-03-11T10:00',
      '3 2027-03-12..2027-03-18 2027-03-18T10:00',
      '4 2027-03-19..2027-03-25 2027-03-25T10:00',
      '5 2027-03-26..2027-04-01 2027-04-01T10:00',
    ]);
    // A change with a later start: the open periods are cancelled, the new ones begin on it.
    const version = (await t.request('GET', `/api/tasks/${task.id}`, { token: clerk })).body
      .version as number;
    expectError(
      await t.request('PATCH', `/api/tasks/${task.id}/recurrence`, {
        token: clerk,
        body: { recurrence: { ...weekly, from: '2027-03-15', until: '2027-03-14' }, version },
      }),
      400,
    );
    const changed = await t.request('PATCH', `/api/tasks/${task.id}/recurrence`, {
      token: clerk,
      body: {
        recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00', from: '2027-03-15' },
        version,
      },
    });
    expect(changed.status).toBe(200);
    expect(
      (changed.body as Period[]).map((p) => `${p.number} ${p.from}..${p.to} ${p.status}`),
    ).toEqual([
      '1 2027-03-01..2027-03-04 cancelled',
      '2 2027-03-05..2027-03-11 cancelled',
      '3 2027-03-12..2027-03-18 cancelled',
      '4 2027-03-19..2027-03-25 cancelled',
      '5 2027-03-26..2027-04-01 cancelled',
      '6 2027-03-15..2027-03-19 open',
      '7 2027-03-20..2027-03-26 open',
      '8 2027-03-27..2027-04-02 open',
    ]);
  });
});

describe('pressing on reporting periods (worker, driven clock)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RUN_WORKER: 'true',
        OUTBOX_POLL_MS: '100',
        ESCALATION_RECONCILE_MS: '1500',
        ESCALATION_CONCURRENCY: '16',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const periodEscalations = (taskId: string) =>
    query<{ step: string; recipients: number; late_ms: number }>(
      t.database,
      `SELECT step, cardinality(recipient_ids) AS recipients,
              extract(epoch FROM fired_at - due_at) * 1000 AS late_ms
         FROM escalations WHERE task_id = $1 AND period_id IS NOT NULL ORDER BY fired_at, step`,
      [taskId],
    );

  it('should remind, mark a missed Friday and escalate it once, tell the chair after two misses, and stop for reports', async () => {
    const time = new EscalationTime(t);
    time.start();
    const clerk = await t.login('clerk');
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter(DENGUE),
      headers: { 'content-type': 'text/plain' },
    });
    const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
      token: clerk,
      body: {
        defaultDeadline: { workingDays: 5 },
        escalationPolicy: {
          receiptReminderAfter: null,
          staleReminderAfter: null,
          maxLevel3Rounds: 0,
          periods: { reminderBefore: { hours: 1 }, chairAfterMisses: 2 },
        },
      },
    });
    expect(published.status).toBe(200);
    expect(published.body.periods).toBeGreaterThanOrEqual(5);
    await time.settled();

    const officer = await t.login('trung-tam-y-te.officer');
    const chair = await t.login('chair');
    const { id: taskId } = await healthCentreTask(t, officer);
    const periods = (await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer }))
      .body as Period[];
    // Each period is due at 15:00 on its Friday, or on the next working day when that is off.
    const calendar = new WorkingCalendar();
    for (const period of periods) {
      expect(vietnam(period.dueAt)).toBe(`${calendar.nextWorkingDay(period.to)}T15:00`);
      expect(calendar.day(period.to).weekday).toBe(5);
    }
    const due = periods.map((p) => new Date(p.dueAt).getTime());
    const queue = t.app.get<Queue>(getQueueToken(ESCALATION_QUEUE));
    const reconciler = t.app.get(EscalationReconciler);
    const job = (period: number, rung: string) =>
      queue.getJob(`esc-${taskId}-p${period}-${rung}-v0`);
    // The sweep (every 1.5 s here) plans what is due within two of its periods: run at an
    // instant rather than waited for, as time jumps from one rung to the next.
    const sweepAt = async (instant: number) => {
      await time.advanceTo(new Date(instant));
      await reconciler.sweep();
    };

    // Publication plans no rung of its periods: the first is days away, out of the sweep's reach.
    expect(await job(1, 'reminder')).toBeUndefined();
    expect(await job(1, 'missed')).toBeUndefined();
    const periodJobs = (await queue.getDelayed()).filter((j) => j.data.periodId !== undefined);
    expect(periodJobs).toEqual([]);

    // Near the reminder, the sweep plans it, and not yet the miss notice an hour later.
    await sweepAt(due[0] - HOUR - 1000);
    expect(await job(1, 'reminder')).toBeTruthy();
    expect(await job(1, 'missed')).toBeUndefined();
    // Near 15:00 the miss notice; Redis then loses it, and the next sweep gives it back (same id).
    await sweepAt(due[0] - 1000);
    expect(await job(1, 'missed')).toBeTruthy();
    await queue.remove(`esc-${taskId}-p1-missed-v0`);
    await reconciler.sweep();
    expect(await job(1, 'missed')).toBeTruthy();

    // Period 1: reminded an hour before, missed at 15:00 (the unit's head told), once.
    await time.advanceTo(new Date(due[0] + 60_000));
    expect((await periodEscalations(taskId)).map((e) => `${e.step}/${e.recipients}`)).toEqual([
      'p1-reminder/2',
      'p1-missed/1',
    ]);
    const listed = await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer });
    expect(listed.body[0].status).toBe('missed');

    // A late report is kept and marked late.
    const late = await t.request('POST', `/api/tasks/${taskId}/periods/${periods[0].id}/report`, {
      token: officer,
      body: { text: 'Báo cáo tuần (muộn)' },
    });
    expect(late.body).toMatchObject({ status: 'submitted', late: true });

    // Period 2 missed too: two in a row, so the chairs are told (An Thi's three: `chair`,
    // `vicechair`, `huyen-an-thi.chair`). The sweeps plan its rungs as they come near, the
    // chairs' with the earlier miss known.
    const chairs = DEMO_USERS.filter((u) => u.role === 'chair' && u.unit === DISTRICT_CODE);
    await sweepAt(due[1] - HOUR - 1000);
    await sweepAt(due[1] - 1000);
    await time.advanceTo(new Date(due[1] + 60_000));
    expect((await periodEscalations(taskId)).map((e) => `${e.step}/${e.recipients}`)).toEqual([
      'p1-reminder/2',
      'p1-missed/1',
      'p2-reminder/2',
      `p2-chair/${chairs.length}`,
      'p2-missed/1',
    ]);

    // Period 3 reported on time: its ladder stops after the reminder.
    await sweepAt(due[2] - HOUR - 1000);
    await time.advanceTo(new Date(due[2] - 30 * 60_000));
    const onTime = await t.request('POST', `/api/tasks/${taskId}/periods/${periods[2].id}/report`, {
      token: officer,
      body: { text: 'Báo cáo tuần', metrics: [{ indicator: 'Số ca mắc mới', value: 4 }] },
    });
    expect(onTime.body).toMatchObject({ status: 'submitted', late: false });

    // Exactly once: the sweep run again and a stray duplicate job add nothing.
    await queue.add(
      ESCALATION_JOBS.step,
      { taskId, step: 'p2-missed', deadlineVersion: 0, periodId: periods[1].id },
      { jobId: `dup-${taskId}` },
    );
    await sweepAt(due[2] - 1000);
    expect(await job(3, 'missed')).toBeUndefined();
    await time.advanceTo(new Date(due[2] + HOUR));
    const fired = await periodEscalations(taskId);
    expect(fired.map((e) => e.step)).toEqual([
      'p1-reminder',
      'p1-missed',
      'p2-reminder',
      'p2-chair',
      'p2-missed',
      'p3-reminder',
    ]);
    // Each fired at its instant on the driven clock.
    expect(Math.max(...fired.map((e) => Number(e.late_ms)))).toBeLessThan(1000);

    // The task is cancelled: its open periods not yet due are cancelled, nothing more fires.
    const task = await t.request('GET', `/api/tasks/${taskId}`, { token: clerk });
    const cancelled = await t.request('POST', `/api/tasks/${taskId}/status`, {
      token: clerk,
      body: { status: 'cancelled', version: task.body.version, reason: 'Hết dịch' },
    });
    expect(cancelled.status).toBe(200);
    await time.settled();
    const after = (await t.request('GET', `/api/tasks/${taskId}/periods`, { token: chair }))
      .body as Period[];
    expect(after.slice(3).every((p) => p.status === 'cancelled')).toBe(true);
    await sweepAt(due[3] - HOUR - 1000);
    await sweepAt(due[3] - 1000);
    await time.advanceTo(new Date(due[3] + HOUR));
    expect(await periodEscalations(taskId)).toHaveLength(6);
  }, 120_000);
});
