import { DEMO_USERS, DISTRICT_CODE } from '../src/demo/demo-directory.js';
import { Redis } from 'ioredis';
import { vietnamDate } from '../src/calendar/working-calendar.js';
import { ESCALATION_JOBS } from '../src/escalation/escalation.constants.js';
import { EscalationReconciler } from '../src/escalation/escalation-reconciler.service.js';
import { toVietnamDateTime } from '../src/tasks/deadlines.js';
import { letter } from './support/directives.js';
import { EscalationTime } from './support/escalation-time.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';

// Real BullMQ, real workers in the test process (RUN_WORKER), real Redis; time is the app's
// injected clock, which the test moves (EscalationTime): steps seconds apart on that clock fire
// as soon as the test moves it past them, however slow the machine. The sweep runs every 1.5 s:
// its reach, and so how far ahead any step is enqueued, is 3 s.
const SECOND = 1000;

async function bootWithWorker(): Promise<TestApp> {
  return startTestApp({
    env: {
      RUN_WORKER: 'true',
      OUTBOX_POLL_MS: '100',
      ESCALATION_RECONCILE_MS: '1500',
      ESCALATION_CONCURRENCY: '16',
    },
  });
}

/** The clock's day (and the next) made working days, so deadlines seconds away stay where they are. */
async function workingToday(t: TestApp, admin: string, today: Date): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const day = vietnamDate(new Date(today.getTime() + i * 86_400_000));
    await t.request('PUT', `/api/calendar/adjustments/${day}`, {
      token: admin,
      body: { kind: 'working_day', note: 'test: làm bù' },
    });
  }
}

async function publishSoon(
  t: TestApp,
  at: number,
  deadlineInMs: number,
  policy: Record<string, unknown>,
): Promise<{ id: string; at: number }> {
  const clerk = await t.login('clerk');
  const imported = await t.request('POST', '/api/directives/import', {
    token: clerk,
    raw: letter('451-UBND-VHTT-bluezone.txt'),
    headers: { 'content-type': 'text/plain' },
  });
  const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
    token: clerk,
    body: {
      defaultDeadline: toVietnamDateTime(new Date(at + deadlineInMs)),
      escalationPolicy: policy,
    },
  });
  if (published.status !== 200) throw new Error(JSON.stringify(published.body));
  return { id: imported.body.id, at };
}

const FAST_POLICY = {
  reminderBefore: { hours: 3 / 3600 },
  receiptReminderAfter: null,
  staleReminderAfter: null,
  level2After: { hours: 3 / 3600 },
  level3Every: { hours: 1 },
  maxLevel3Rounds: 0,
};

interface Row {
  task_id: string;
  step: string;
  deadline_version: number;
  late_ms: number;
  recipients: number;
}

/** The ids of the step jobs Redis holds back (delayed). */
async function delayedStepIds(time: EscalationTime): Promise<string[]> {
  return (await time.queue.getDelayed())
    .filter((job) => job.name === ESCALATION_JOBS.step)
    .map((job) => job.id!)
    .sort();
}

const escalations = (t: TestApp) =>
  query<Row>(
    t.database,
    `SELECT task_id, step, deadline_version, extract(epoch FROM fired_at - due_at) * 1000 AS late_ms,
            cardinality(recipient_ids) AS recipients
       FROM escalations`,
  );

describe('escalation engine', () => {
  describe('on time, once, and only while it applies', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootWithWorker();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('should remind, then escalate at the deadline and after it, each within a second, and stop for finished tasks', async () => {
      const time = new EscalationTime(t);
      const start = time.start();
      const admin = await t.login('admin');
      await workingToday(t, admin, start);
      // One level-3 round two seconds after level 2: four rounds in all, more than the three
      // that put a task on the chair's meeting list.
      const { id: directiveId, at } = await publishSoon(t, start.getTime(), 6 * SECOND, {
        ...FAST_POLICY,
        level3Every: { hours: 2 / 3600 },
        maxLevel3Rounds: 1,
      });
      const chair = await t.login('chair');
      const tasks = await t.request('GET', `/api/directives/${directiveId}/tasks?limit=200`, {
        token: chair,
      });
      expect(tasks.body.total).toBe(46);
      // Publication enqueues exactly the steps due within the sweep's reach: each task's
      // reminder (3 s away); level 1 (6 s) and later have no job yet.
      await time.settled();
      expect(await delayedStepIds(time)).toEqual(
        tasks.body.items.map((task: { id: string }) => `esc-${task.id}-reminder-v1`).sort(),
      );
      const byCode = new Map<string, { id: string }>(
        tasks.body.items.map((item: { unit: { code: string }; id: string }) => [
          item.unit.code,
          item,
        ]),
      );

      // An extension approved at once: the old steps fire nothing, the new ones fire later.
      const extendedId = byCode.get('xa-bac-son')!.id;
      const officer = await t.login('xa-bac-son.officer');
      const request = await t.request('POST', `/api/tasks/${extendedId}/extension-requests`, {
        token: officer,
        body: { deadline: toVietnamDateTime(new Date(at + 12 * SECOND)), reason: 'Chờ số liệu' },
      });
      await t.request('POST', `/api/task-requests/${request.body.id}/decision`, {
        token: chair,
        body: { approve: true },
      });
      // Its new steps (the reminder at 9 s) are beyond the reach too: no job yet.
      await time.settled();
      expect((await delayedStepIds(time)).filter((id) => id.endsWith('-v2'))).toEqual([]);

      // A task finished between level 1 and level 2 gets no level 2.
      const doneId = byCode.get('phong-vhtt')!.id;
      const vhtt = await t.login('phong-vhtt.officer');
      await time.advanceTo(new Date(at + 6.5 * SECOND));
      await t.request('POST', `/api/tasks/${doneId}/status`, {
        token: vhtt,
        body: { status: 'received', version: 1 },
      });
      await t.request('POST', `/api/tasks/${doneId}/status`, {
        token: vhtt,
        body: { status: 'in_progress', version: 2 },
      });
      const note = await t.request('POST', `/api/tasks/${doneId}/evidence`, {
        token: vhtt,
        body: { kind: 'note', text: 'Đã đăng tin' },
      });
      const reported = await t.request('POST', `/api/tasks/${doneId}/status`, {
        token: vhtt,
        body: {
          status: 'reported',
          version: note.body.version,
          report: 'Đã đăng tin trên Cổng thông tin',
        },
      });
      const completed = await t.request('POST', `/api/tasks/${doneId}/status`, {
        token: chair,
        body: { status: 'completed', version: reported.body.version },
      });
      expect(completed.body.status).toBe('completed');

      // 46 reminders, 46 level 1, 45 level 2 (not the finished task); the extended task at v2.
      // Past every step: each gets its job from the sweep as it comes near and fires as the
      // clock reaches it, within a second; settled, nothing more can fire.
      await time.advanceTo(new Date(at + 20 * SECOND));
      const final = await escalations(t);
      expect(final).toHaveLength(182);
      const keys = final.map((r) => `${r.task_id}/${r.step}/v${r.deadline_version}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(
        final
          .filter((r) => r.task_id === doneId)
          .map((r) => r.step)
          .sort(),
      ).toEqual(['level-1', 'reminder']);
      expect(
        final
          .filter((r) => r.task_id === extendedId)
          .map((r) => `${r.step}/v${r.deadline_version}`)
          .sort(),
      ).toEqual(['level-1/v2', 'level-2/v2', 'level-3-1/v2', 'reminder/v2']);
      const lateness = final.map((r) => Number(r.late_ms)).sort((a, b) => a - b);
      expect(lateness[0]).toBeGreaterThanOrEqual(-50);
      expect(lateness[lateness.length - 1]).toBeLessThan(1000);

      // Reminders and level 1 go to the unit's head and officer; level 2 and 3 to An Thi's
      // chairs (`chair`, `vicechair` and `huyen-an-thi.chair` of the demo province).
      const chairs = DEMO_USERS.filter((u) => u.role === 'chair' && u.unit === DISTRICT_CODE);
      expect(chairs).toHaveLength(3);
      const toUnit = (step: string) => step === 'reminder' || step === 'level-1';
      for (const r of final) expect(r.recipients).toBe(toUnit(r.step) ? 2 : chairs.length);
      const notified = await query<{ n: number }>(
        t.database,
        'SELECT count(*)::int AS n FROM notifications',
      );
      expect(notified[0].n).toBe((46 + 46) * 2 + (45 + 45) * chairs.length);
      const history = await t.request('GET', `/api/tasks/${extendedId}/history`, { token: chair });
      expect(history.body.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(4);
      // 46 reminders, 46 level 1, 45 level 2 and 45 level 3 (not the finished task): every open
      // task pressed four times is on the chair's meeting list, the finished one is not.
      const attention = await t.request('GET', '/api/escalations/attention', { token: chair });
      expect(attention.status).toBe(200);
      expect(attention.body).toHaveLength(45);
      expect(attention.body.map((item: { taskId: string }) => item.taskId)).not.toContain(doneId);
      expect(attention.body[0]).toMatchObject({ rounds: 4, lastLevel: 3 });
      expectError(await t.request('GET', '/api/escalations/attention', { token: vhtt }), 403);
    }, 60_000);
  });

  describe('when Redis loses everything', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootWithWorker();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('should re-create the lost jobs from the database, and every step still happens exactly once', async () => {
      const time = new EscalationTime(t);
      const start = time.start();
      const admin = await t.login('admin');
      await workingToday(t, admin, start);
      const { id: directiveId, at } = await publishSoon(t, start.getTime(), 5 * SECOND, {
        ...FAST_POLICY,
        level2After: { hours: 2 / 3600 },
      });
      const taskIds = (
        await query<{ id: string }>(t.database, 'SELECT id FROM tasks WHERE directive_id = $1', [
          directiveId,
        ])
      ).map((row) => row.id);
      expect(taskIds).toHaveLength(46);
      const jobIds = (step: string) => taskIds.map((id) => `esc-${id}-${step}-v1`).sort();
      // Wait for the outbox to be drained into jobs, then wipe this app's Redis keys.
      await waitFor('the outbox to be drained', async () => {
        const [row] = await query<{ n: number }>(
          t.database,
          'SELECT count(*)::int AS n FROM outbox_events WHERE processed_at IS NULL',
        );
        return row.n === 0;
      });
      // Only the reminders (2 s away) are within the sweep's reach: they alone have their job.
      expect(await delayedStepIds(time)).toEqual(jobIds('reminder'));
      // Other suites share this Redis, so not FLUSHALL: this app's keys are deleted in one Lua
      // script, which Redis runs atomically, as it does FLUSHALL (a SCAN-and-DEL loop would let the
      // worker see, and act on, a half-deleted queue that no real fault produces).
      const redis = new Redis(t.env.REDIS_URL);
      try {
        const deleted = await redis.eval(
          `local keys = redis.call('KEYS', ARGV[1])
           for i = 1, #keys, 500 do
             redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
           end
           return #keys`,
          0,
          `${t.env.REDIS_PREFIX}:*`,
        );
        expect(Number(deleted)).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
      // The worker notices the loss and sweeps at once: the reminders, due within the sweep's
      // horizon, are back as delayed jobs before any step is due.
      await waitFor('the lost reminders to be re-created', async () => {
        const delayed = await time.queue.getDelayed();
        return delayed.filter((job) => job.id?.includes('-reminder-')).length === 46;
      });
      // The reminders fire from their restored jobs. A sweep 1.5 s before level 1 (5 s) gives
      // every task its level-1 job, and not yet level 2 (7 s, beyond its reach).
      await time.advanceTo(new Date(at + 3.5 * SECOND));
      const reconciler = t.app.get(EscalationReconciler);
      await reconciler.sweep();
      expect((await delayedStepIds(time)).filter((id) => id.includes('-level-'))).toEqual(
        jobIds('level-1'),
      );
      // Redis loses one of them: the next sweep gives it back, under the same id.
      const lost = `esc-${taskIds[0]}-level-1-v1`;
      await time.queue.remove(lost);
      expect(await time.queue.getJob(lost)).toBeUndefined();
      await reconciler.sweep();
      expect(await time.queue.getJob(lost)).toBeTruthy();
      // Past every step: each fires once, level 2 from the job the sweep gives it as it nears.
      await time.advanceTo(new Date(at + 10 * SECOND));
      const rows = await waitFor(
        'every step to fire once more',
        async () => {
          const found = await escalations(t);
          return found.length >= 46 * 3 && found;
        },
        { timeout: 30 * SECOND },
      );
      await time.settled();
      const final = await escalations(t);
      expect(final.length).toBeGreaterThanOrEqual(rows.length);
      expect(final).toHaveLength(46 * 3);
      const keys = final.map((r) => `${r.task_id}/${r.step}`);
      expect(new Set(keys).size).toBe(46 * 3);
    }, 60_000);
  });
});
