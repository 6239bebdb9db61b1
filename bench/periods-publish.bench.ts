import { unitBodySql } from '../src/units/unit-body.js';
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import pg from 'pg';
import { ESCALATION_QUEUE } from '../src/escalation/escalation.constants.js';
import { periodStepName, stepJobId } from '../src/escalation/escalation-steps.js';
import {
  JWT_SECRET,
  REDIS_URL,
  dropDatabase,
  freshDatabase,
  login,
  ms,
  percentile,
  saveResults,
  sleep,
  spawnNode,
  startApi,
  stopProcess,
} from './bench-kit.js';
import { checkReach, type ReachCheck } from './reach.js';
import { GROUP_CODE, PASSWORD, UNITS, seedLoad } from './seed-load.js';

/**
 * `npm run bench:periods-publish`: reporting periods at province scale, two figures.
 *
 * **Publication.** On the 100,000-task database of `bench:publish` (one of its directives made
 * weekly, with a year of periods: 52,000 rows in a mix of states), a clerk publishes a draft
 * whose one part — "báo cáo hằng tuần, trước 15 giờ thứ Sáu" — goes to the province-wide group of
 * 1,000 units, through `POST /api/directives/:id/publish`, while a worker process drains the
 * outbox. Measured from sending the request until the publication's outbox event is marked
 * processed: the tasks, their periods up to the horizon and the history in one transaction, then
 * every job the publication plans added to Redis (what the clerk waits for, plus what the outbox
 * does right after). Baseline, in the same run and alternated with it: the same draft without
 * the recurrence. Target: under 1 s.
 *
 * **Friday fan-out.** 1,000 units each with a period due at the same instant (the "Friday
 * 15:00", taken a little ahead of the real clock) and a reminder before it; a third of them
 * missed last week's period too, so the chair is told at the same instant. Nothing is enqueued
 * when the periods are seeded: five real worker processes (`dist/src/worker.js`) find the rungs
 * through the sweep as they come within its reach, as they do in production for periods created
 * weeks ahead, and fire them. Fired − due from the escalations' own timestamps; exactly once
 * checked on the rows (escalations per period and step, notifications per escalation and user).
 * Baseline: the same number of BullMQ no-op jobs due at the same two instants, on five processes.
 * Target: every reminder and missed notice within 5 s of due (p99), exactly once.
 */
const RUNS = 6; // pairs (recurring, plain); the first pair is a warm-up
const PUBLISH_TARGET_MS = 1000;
const FANOUT_TARGET_P99_MS = 5000;
const WORKERS = 5;
// The sweep period of the fan-out's workers (production default 60 s): the sweep plans a rung
// once it is due within two periods, so a shorter period keeps the bench short; the firing is
// the same, and the sweep runs four times as often as in production, under the burst too.
const FANOUT_RECONCILE_MS = 15_000;
const REMINDER_BEFORE_S = 30;
// The reminders fall due this long after seeding: every worker up, and at least one sweep whose
// reach (two periods) covers them before they are due.
const REMINDERS_IN_MS = 50_000;
const WEEKLY = { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' };
const PUBLISH_DATABASE = 'dondoc_bench_periods_publish';
const FANOUT_DATABASE = 'dondoc_bench_periods_fanout';
const parts = new Set(
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['publish', 'fanout'],
);

// For the record, from this bench before periods' rungs, then tasks' steps, were planned only
// within the sweep's reach.
const BEFORE = [
  "Before rungs were planned only within the sweep's reach (commit badcb31, an earlier run), each weekly",
  'publication enqueued every rung of its five weeks of periods (12,000 jobs): weekly 1,807 ms against plain',
  "939 ms, ratio 1.93. Before tasks' steps were planned only within the reach too (commit c41bebc, on a loaded",
  "machine), each task's whole ladder (about 15 jobs, 15,000 for a publication) was enqueued at once: weekly",
  '1,497 ms against plain 1,359 ms, ratio 1.10 — both over 1 s.',
  "The ratio is higher now because both lost the same second of task jobs: what remains of the weekly one's",
  "extra is its 6,000 period rows in the publication's transaction (HTTP) and reading them back to plan their rungs.",
];

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------
// Publication
// ---------------------------------------------------------------------------------------------

/** A weekly directive's year of periods on seeded directive 1: the table as a province has it. */
async function seedYearOfPeriods(db: pg.Client): Promise<number> {
  const weekly = JSON.stringify(WEEKLY);
  await db.query(
    `UPDATE tasks SET recurrence = $1::jsonb
      WHERE directive_id = (SELECT id FROM directives WHERE number = '1/BENCH-TT')`,
    [weekly],
  );
  // 52 Fridays, 30 behind and 22 ahead; past ones on time, late or missed, future ones open.
  const { rowCount } = await db.query(
    `WITH friday AS (
       SELECT current_date + ((5 - extract(isodow FROM current_date)::int + 7) % 7) AS d)
     INSERT INTO task_periods (task_id, number, starts_on, ends_on, due_at, status,
                               first_submitted_at, submitted_at, late, report, created_at)
     SELECT t.id, n, f.d + (n - 31) * 7 - 6, f.d + (n - 31) * 7,
            ((f.d + (n - 31) * 7)::timestamp + interval '15 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh',
            CASE WHEN n > 30 THEN 'open' WHEN s.r < 15 THEN 'missed' ELSE 'submitted' END,
            CASE WHEN n <= 30 AND s.r >= 15 THEN
              ((f.d + (n - 31) * 7)::timestamp + interval '15 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh'
              + (CASE WHEN s.r < 30 THEN 2 ELSE -20 END) * interval '1 hour' END,
            CASE WHEN n <= 30 AND s.r >= 15 THEN
              ((f.d + (n - 31) * 7)::timestamp + interval '15 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh'
              + (CASE WHEN s.r < 30 THEN 2 ELSE -20 END) * interval '1 hour' END,
            n <= 30 AND s.r >= 15 AND s.r < 30,
            CASE WHEN n <= 30 AND s.r >= 15 THEN 'Báo cáo tuần' END,
            now() - interval '30 weeks'
       FROM tasks t CROSS JOIN generate_series(1, 52) n CROSS JOIN friday f
       JOIN LATERAL (SELECT abs(hashtext(t.id::text || n)) % 100 AS r) s ON true
      WHERE t.directive_id = (SELECT id FROM directives WHERE number = '1/BENCH-TT')`,
  );
  await db.query('VACUUM ANALYZE task_periods');
  await db.query('ANALYZE tasks');
  return rowCount ?? 0;
}

async function createDraft(db: pg.Client, n: number, recurring: boolean): Promise<string> {
  const [{ id }] = (
    await db.query<{ id: string }>(
      `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                               source_sha256, imported_by, issuing_unit_id)
       SELECT 'draft', $1, 'UBND tỉnh', 'Báo cáo tình hình hằng tuần', current_date, 'x', 'text',
              repeat('0', 64), (SELECT id FROM users WHERE username = 'bench.clerk'),
              ${unitBodySql(`(SELECT unit_id FROM users WHERE username = 'bench.clerk')`)}
       RETURNING id`,
      [`${n}/BENCH-PERIODS`],
    )
  ).rows;
  await db.query(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, unit_ids,
                              recurrence)
     SELECT $1, 1, '1', 'UBND các xã, phường, thị trấn toàn tỉnh',
            'Báo cáo tình hình thực hiện định kỳ hằng tuần (trước 15 giờ 00 thứ Sáu)', 'group',
            (SELECT array_agg(m.unit_id) FROM unit_group_members m JOIN unit_groups g ON g.id = m.group_id
              WHERE g.code = $2), $3::jsonb`,
    [id, GROUP_CODE, recurring ? JSON.stringify(WEEKLY) : null],
  );
  return id;
}

interface PublishRun {
  recurring: boolean;
  http: number;
  scheduled: number;
  tasks: number;
  periods: number;
  /** The tasks' ladders against Redis: the steps within the sweep's reach held, none beyond. */
  reach: ReachCheck;
  /** Period rungs (of the first two periods) in Redis. */
  periodJobs: number;
}

async function publishOnce(
  db: pg.Client,
  queue: Queue,
  base: string,
  token: string,
  n: number,
  recurring: boolean,
): Promise<PublishRun> {
  const id = await createDraft(db, n, recurring);
  const sentAt = new Date();
  const begin = performance.now();
  const reply = await fetch(`${base}/api/directives/${id}/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ defaultDeadline: { workingDays: 10 } }),
  });
  const body = (await reply.json()) as { tasks?: number; periods?: number };
  const http = performance.now() - begin;
  if (reply.status !== 200) throw new Error(`publish: ${reply.status} ${JSON.stringify(body)}`);
  for (;;) {
    const { rows } = await db.query(
      `SELECT 1 FROM outbox_events WHERE type = 'directive.published' AND payload->>'directiveId' = $1
          AND processed_at IS NOT NULL`,
      [id],
    );
    if (rows.length > 0) break;
    if (performance.now() - begin > 60_000) throw new Error('outbox not drained in 60 s');
    await sleep(5);
  }
  const scheduled = performance.now() - begin;
  const reach = await checkReach(db, queue, id, sentAt, new Date());
  const tasks = (
    await db.query<{ id: string }>('SELECT id FROM tasks WHERE directive_id = $1', [id])
  ).rows;
  const ids = tasks.flatMap((task) =>
    [1, 2].flatMap((p) =>
      (['reminder', 'missed'] as const).map((rung) =>
        stepJobId(task.id, periodStepName(p, rung), 0),
      ),
    ),
  );
  const found = await Promise.all(ids.map((jobId) => queue.getJob(jobId)));
  return {
    recurring,
    http,
    scheduled,
    tasks: body.tasks ?? 0,
    periods: body.periods ?? 0,
    reach,
    periodJobs: found.filter((job) => job && /-p\d+-/.test(job.id ?? '')).length,
  };
}

async function publication() {
  const url = await freshDatabase(PUBLISH_DATABASE);
  try {
    const seeded = await seedLoad(url);
    const db = new pg.Client({ connectionString: url });
    db.on('error', () => undefined); // the database is dropped under it if the run fails
    await db.connect();
    const yearOfPeriods = await seedYearOfPeriods(db);
    console.log(
      `seeded ${seeded.tasks} tasks and ${yearOfPeriods} periods in ${seeded.seconds.toFixed(1)} s`,
    );
    const api = await startApi(url);
    const worker = spawnNode(['dist/src/worker.js'], {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REDIS_URL,
      REDIS_PREFIX: api.prefix,
      JWT_SECRET,
    });
    const queue = new Queue(ESCALATION_QUEUE, {
      connection: { url: REDIS_URL, maxRetriesPerRequest: null },
      prefix: `${api.prefix}:bull`,
    });
    try {
      const token = await login(api.base, 'bench.clerk', PASSWORD);
      await sleep(5000); // the worker up, its start-up sweep done
      const loadAtStart = loadavg()[0];
      const runs: PublishRun[] = [];
      for (let pair = 0; pair < RUNS; pair++) {
        // Alternated, the recurring one first in even pairs: drift on the machine hits both.
        const order = pair % 2 === 0 ? [true, false] : [false, true];
        for (const recurring of order) {
          const run = await publishOnce(
            db,
            queue,
            api.base,
            token,
            pair * 2 + (recurring ? 0 : 1),
            recurring,
          );
          console.log(
            `pair ${pair + 1}${pair === 0 ? ' (warm-up)' : ''}, ${recurring ? 'weekly' : 'plain '}: ` +
              `HTTP ${ms(run.http)} ms, jobs scheduled after ${ms(run.scheduled)} ms; ${run.tasks} tasks ` +
              `(${run.reach.steps} steps, ${run.reach.withinReach} within the sweep's reach, ${run.reach.held} with their job, ` +
              `${run.reach.beyond} jobs beyond it), ${run.periods} periods, ${run.periodJobs} period jobs`,
          );
          if (pair > 0) runs.push(run);
        }
      }
      await db.end();
      return { seeded, yearOfPeriods, runs, loadAtStart };
    } finally {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await stopProcess(worker);
      await stopProcess(api.child);
    }
  } finally {
    await dropDatabase(PUBLISH_DATABASE);
  }
}

// ---------------------------------------------------------------------------------------------
// Friday fan-out
// ---------------------------------------------------------------------------------------------

/**
 * 1,000 units (a head and an officer each) and a chair; a published weekly directive whose tasks
 * have last week's period (a third missed, with its rungs fired then; the rest on time), this
 * week's due at `dueAt` (open) and next week's (open). No outbox event, no job: the sweep plans.
 */
async function seedFanOut(db: pg.Client, dueAt: Date): Promise<void> {
  await db.query(
    `INSERT INTO units (code, name, kind)
     SELECT 'u-' || lpad(g::text, 4, '0'), 'Xã ' || g, 'office' FROM generate_series(1, $1) g`,
    [UNITS],
  );
  await db.query(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT u.code || '.' || r, r || ' ' || u.name, r, u.id, 'not-a-hash'
       FROM units u CROSS JOIN unnest(ARRAY['unit_head', 'unit_officer']) r`,
  );
  await db.query(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     VALUES ('bench.chair', 'Chủ tịch', 'chair', (SELECT id FROM units WHERE code = 'u-0001'), 'not-a-hash')`,
  );
  const policy = {
    reminderBefore: null,
    receiptReminderAfter: null,
    staleReminderAfter: null,
    maxLevel3Rounds: 0,
    periods: {
      reminderBefore: { hours: REMINDER_BEFORE_S / 3600 },
      chairAfterMisses: 2,
      chairAfter: { hours: 0 },
    },
  };
  const [{ id: directiveId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                               source_sha256, imported_by, published_at, escalation_policy,
                               issuing_unit_id)
       SELECT 'published', '1/BENCH-FRIDAY', 'UBND tỉnh', 'Báo cáo hằng tuần', current_date - 10, 'x',
              'text', repeat('0', 64), (SELECT id FROM users WHERE username = 'bench.chair'),
              now() - interval '10 days', $1::jsonb,
              ${unitBodySql(`(SELECT unit_id FROM users WHERE username = 'bench.chair')`)}
       RETURNING id`,
      [JSON.stringify(policy)],
    )
  ).rows;
  await db.query(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, unit_ids, recurrence)
     SELECT $1, 1, '1', 'UBND các xã', 'Báo cáo tình hình hằng tuần', 'group',
            (SELECT array_agg(id) FROM units), $2::jsonb`,
    [directiveId, JSON.stringify(WEEKLY)],
  );
  // The tasks' own deadline is two months away: only the periods press in this bench.
  await db.query(
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, status, deadline, original_deadline,
                        due_at, recurrence, last_unit_activity_at)
     SELECT a.directive_id, a.id, u.id, 'lead', 'in_progress', current_date + 60, current_date + 60,
            now() + interval '60 days', a.recurrence, now()
       FROM assignments a CROSS JOIN units u WHERE a.directive_id = $1`,
    [directiveId],
  );
  const week = 7 * 86_400_000;
  await db.query(
    `INSERT INTO task_periods (task_id, number, starts_on, ends_on, due_at, status, first_submitted_at,
                               submitted_at, report, created_at)
     SELECT t.id, p.n, (p.due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 6,
            (p.due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, p.due,
            CASE WHEN p.n > 1 THEN 'open' WHEN missed THEN 'missed' ELSE 'submitted' END,
            CASE WHEN p.n = 1 AND NOT missed THEN p.due - interval '1 hour' END,
            CASE WHEN p.n = 1 AND NOT missed THEN p.due - interval '1 hour' END,
            CASE WHEN p.n = 1 AND NOT missed THEN 'Báo cáo tuần' END,
            now() - interval '10 days'
       FROM tasks t
       CROSS JOIN LATERAL (SELECT abs(hashtext(t.id::text)) % 3 = 0 AS missed) m
       CROSS JOIN LATERAL (VALUES (1, $2::timestamptz), (2, $3::timestamptz), (3, $4::timestamptz)) p(n, due)
      WHERE t.directive_id = $1`,
    [directiveId, new Date(dueAt.getTime() - week), dueAt, new Date(dueAt.getTime() + week)],
  );
  // Last week's misses were pressed then: their rungs are on the record.
  await db.query(
    `INSERT INTO escalations (task_id, period_id, step, level, deadline_version, due_at, fired_at)
     SELECT p.task_id, p.id, 'p1-' || r.rung, r.level, 0, p.due_at - r.before, p.due_at - r.before
       FROM task_periods p
       CROSS JOIN (VALUES ('reminder', 0, $1 * interval '1 second'), ('missed', 1, interval '0')) r(rung, level, before)
      WHERE p.number = 1 AND p.status = 'missed'`,
    [REMINDER_BEFORE_S],
  );
  // Periods were created ten days ago; the reminder must fall after that (it does).
  await db.query('VACUUM ANALYZE');
}

interface FanOutResult {
  periods: number;
  expected: Record<string, number>;
  fired: Record<string, number>;
  lateness: Record<string, number[]>;
  duplicates: number;
  notifications: number;
  expectedNotifications: number;
  duplicateNotifications: number;
  farJobs: number;
}

async function fanOut(): Promise<FanOutResult> {
  const url = await freshDatabase(FANOUT_DATABASE);
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => undefined);
  await db.connect();
  const prefix = `dondoc_bench_${randomBytes(3).toString('hex')}`;
  const children: ChildProcess[] = [];
  const queue = new Queue(ESCALATION_QUEUE, {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix: `${prefix}:bull`,
  });
  try {
    for (let i = 0; i < WORKERS; i++) {
      children.push(
        spawnNode(['dist/src/worker.js'], {
          NODE_ENV: 'production',
          DATABASE_URL: url,
          REDIS_URL,
          REDIS_PREFIX: prefix,
          JWT_SECRET,
          LOG_LEVEL: 'warn',
          ESCALATION_RECONCILE_MS: String(FANOUT_RECONCILE_MS),
          DATABASE_POOL_MAX: '10',
        }),
      );
    }
    await sleep(5000); // workers up, the sweep's scheduler in place
    const dueAt = new Date(
      Math.ceil((Date.now() + REMINDERS_IN_MS) / 1000) * 1000 + REMINDER_BEFORE_S * 1000,
    );
    await seedFanOut(db, dueAt);
    const [{ missed_before }] = (
      await db.query<{ missed_before: number }>(
        `SELECT count(*)::int AS missed_before FROM task_periods WHERE number = 1 AND status = 'missed'`,
      )
    ).rows;
    const expected = { 'p2-reminder': UNITS, 'p2-missed': UNITS, 'p2-chair': missed_before };
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    console.log(
      `fan-out: ${UNITS} periods due at ${dueAt.toISOString()}, reminders ${REMINDER_BEFORE_S} s before; ` +
        `${missed_before} missed last week (chair rungs); waiting for ${total} escalations`,
    );
    const limit = dueAt.getTime() + 120_000;
    for (;;) {
      const [{ n }] = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM escalations WHERE step LIKE 'p2-%'`,
        )
      ).rows;
      if (n >= total) break;
      if (Date.now() > limit) throw new Error(`only ${n} of ${total} escalations 2 min after due`);
      await sleep(200);
    }
    // One more sweep period and a little: a duplicate would have time to show.
    await sleep(FANOUT_RECONCILE_MS + 3000);
    const rows = (
      await db.query<{ step: string; late: number }>(
        `SELECT split_part(step, '-', 2) AS step, extract(epoch FROM fired_at - due_at) * 1000 AS late
           FROM escalations WHERE step LIKE 'p2-%' ORDER BY 2`,
      )
    ).rows;
    const lateness: Record<string, number[]> = { all: [] };
    const fired: Record<string, number> = {};
    for (const row of rows) {
      (lateness[row.step] ??= []).push(Number(row.late));
      lateness.all.push(Number(row.late));
      fired[`p2-${row.step}`] = (fired[`p2-${row.step}`] ?? 0) + 1;
    }
    const [checks] = (
      await db.query<{
        duplicates: number;
        notifications: number;
        expected_notifications: number;
        duplicate_notifications: number;
      }>(
        `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM escalations GROUP BY period_id, step
                                            HAVING count(*) > 1) d) AS duplicates,
                (SELECT count(*)::int FROM notifications n JOIN escalations e ON e.id = n.escalation_id
                  WHERE e.step LIKE 'p2-%') AS notifications,
                (SELECT sum(cardinality(recipient_ids))::int FROM escalations WHERE step LIKE 'p2-%')
                  AS expected_notifications,
                (SELECT count(*)::int FROM (SELECT 1 FROM notifications GROUP BY escalation_id, user_id
                                            HAVING count(*) > 1) d) AS duplicate_notifications`,
      )
    ).rows;
    // Next week's rungs are weeks out of the sweep's reach: none of them is in Redis.
    const tasks = (
      await db.query<{ task_id: string }>('SELECT task_id FROM task_periods WHERE number = 3')
    ).rows;
    const far = await Promise.all(
      tasks.flatMap((row) =>
        (['reminder', 'missed'] as const).map((rung) =>
          queue.getJob(stepJobId(row.task_id, periodStepName(3, rung), 0)),
        ),
      ),
    );
    return {
      periods: UNITS,
      expected,
      fired,
      lateness: Object.fromEntries(Object.entries(lateness).map(([k, v]) => [k, sorted(v)])),
      duplicates: checks.duplicates,
      notifications: checks.notifications,
      expectedNotifications: checks.expected_notifications,
      duplicateNotifications: checks.duplicate_notifications,
      farJobs: far.filter(Boolean).length,
    };
  } finally {
    await Promise.all(children.map((child) => stopProcess(child)));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await db.end();
    await dropDatabase(FANOUT_DATABASE);
  }
}

/** BullMQ no-op jobs due at the same instants, on as many processes: lateness of each. */
async function noopFanOut(reminders: number, atDue: number): Promise<number[]> {
  const prefix = `dondoc_bench_noop_${randomBytes(3).toString('hex')}`;
  const queue = new Queue('noop', {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix,
  });
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < WORKERS; i++)
      children.push(spawnNode(['dist/bench/noop-worker.js', 'noop', prefix, REDIS_URL], {}));
    await sleep(3000);
    const now = Date.now();
    const reminderAt = now + 10_000;
    const dueAt = reminderAt + REMINDER_BEFORE_S * 1000;
    const jobs = [
      ...Array.from({ length: reminders }, (_, i) => ({ id: `noop-r-${i}`, at: reminderAt })),
      ...Array.from({ length: atDue }, (_, i) => ({ id: `noop-d-${i}`, at: dueAt })),
    ];
    for (let i = 0; i < jobs.length; i += 1000) {
      await queue.addBulk(
        jobs.slice(i, i + 1000).map((job) => ({
          name: 'noop',
          data: {},
          opts: { jobId: job.id, timestamp: now, delay: job.at - now, removeOnComplete: false },
        })),
      );
    }
    for (;;) {
      const counts = await queue.getJobCounts('completed');
      if ((counts.completed ?? 0) >= jobs.length) break;
      if (Date.now() > dueAt + 120_000) throw new Error('no-op jobs not done in 2 min');
      await sleep(200);
    }
    const done = await queue.getCompleted(0, jobs.length);
    return sorted(
      done.map((job) => (job.finishedOn ?? 0) - (job.timestamp + (job.opts.delay ?? 0))),
    );
  } finally {
    await Promise.all(children.map((child) => stopProcess(child)));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

// ---------------------------------------------------------------------------------------------

const late = (values: number[] | undefined) =>
  values && values.length > 0
    ? `${[50, 95, 99].map((p) => percentile(values, p).toFixed(0)).join(' / ')} / ${values.at(-1)!.toFixed(0)}`
    : '–';

const published = parts.has('publish') ? await publication() : null;
const friday = parts.has('fanout') ? await fanOut() : null;
const noop = friday
  ? await noopFanOut(
      friday.expected['p2-reminder'],
      friday.expected['p2-missed'] + friday.expected['p2-chair'],
    )
  : null;

const body: string[] = [];
const targets: Parameters<typeof saveResults>[0]['targets'] = [];
if (published) {
  const weekly = published.runs.filter((r) => r.recurring);
  const plain = published.runs.filter((r) => !r.recurring);
  const p50 = (runs: PublishRun[], key: 'http' | 'scheduled') =>
    percentile(sorted(runs.map((r) => r[key])), 50);
  const ratio = p50(weekly, 'scheduled') / p50(plain, 'scheduled');
  const whole = published.runs.every(
    (r) =>
      r.tasks === UNITS &&
      r.reach.steps > 0 &&
      r.reach.held === r.reach.withinReach &&
      r.reach.beyond === 0,
  );
  const periodsOk = weekly.every((r) => r.periods >= UNITS) && plain.every((r) => r.periods === 0);
  console.log(
    `publication p50: weekly HTTP ${ms(p50(weekly, 'http'))} ms, scheduled ${ms(p50(weekly, 'scheduled'))} ms; ` +
      `plain HTTP ${ms(p50(plain, 'http'))} ms, scheduled ${ms(p50(plain, 'scheduled'))} ms; weekly / plain ${ratio.toFixed(2)}`,
  );
  body.push(
    `**Publication.** On the ${published.seeded.tasks.toLocaleString('en')}-task database of \`bench:publish\`, one of its directives`,
    `made weekly with a year of periods (${published.yearOfPeriods.toLocaleString('en')} rows, past ones on time, late or missed), a clerk`,
    `publishes through the API a draft whose one part ("báo cáo … hằng tuần, trước 15 giờ 00 thứ Sáu") goes to the`,
    `province-wide group of ${UNITS.toLocaleString('en')} units; one worker process (\`dist/src/worker.js\`, default settings) drains the`,
    `outbox. "Scheduled" runs from sending the request until the publication's outbox event is marked processed:`,
    `tasks, periods up to \`PERIOD_HORIZON_DAYS\` (35) and history in one transaction, then every job the`,
    `publication plans in Redis: of the tasks' ladders and of the periods' rungs, only the steps due within the`,
    `sweep's reach (two sweep periods) — the sweep gives the others their job as they come near. Each task's`,
    `ladder is then recomputed from the database and looked up in Redis: every step within the reach has its`,
    `job, none beyond it (with a deadline 10 working days out, none is that near); "period jobs" are the rungs`,
    `of the first two periods found in Redis. Baseline: the same draft without the recurrence, alternated`,
    `with it, ${RUNS - 1} pairs after a warm-up pair.`,
    '',
    '| run | kind | HTTP publish ms | jobs scheduled after ms | tasks | task steps | within reach / with job | jobs beyond reach | periods | period jobs |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...published.runs.map(
      (r, i) =>
        `| ${Math.floor(i / 2) + 1} | ${r.recurring ? 'weekly' : 'plain'} | ${ms(r.http)} | ${ms(r.scheduled)} | ${r.tasks} | ${r.reach.steps} | ${r.reach.withinReach} / ${r.reach.held} | ${r.reach.beyond} | ${r.periods} | ${r.periodJobs} |`,
    ),
    '',
    `p50: weekly HTTP ${ms(p50(weekly, 'http'))} ms, scheduled ${ms(p50(weekly, 'scheduled'))} ms; plain HTTP ${ms(p50(plain, 'http'))} ms,`,
    `scheduled ${ms(p50(plain, 'scheduled'))} ms: **weekly / plain ${ratio.toFixed(2)}**. Load average (1 min)`,
    `when the runs began: ${published.loadAtStart.toFixed(2)}.`,
    '',
    ...BEFORE,
    '',
  );
  targets.push(
    {
      what: 'publish a weekly directive to 1,000 units, periods and jobs scheduled (p50 of 5)',
      measured: `${ms(p50(weekly, 'scheduled'))} ms (plain ${ms(p50(plain, 'scheduled'))}, ratio ${ratio.toFixed(2)})`,
      target: `< ${PUBLISH_TARGET_MS} ms`,
      met: p50(weekly, 'scheduled') < PUBLISH_TARGET_MS && whole && periodsOk,
    },
    {
      what: "every publication: 1,000 tasks, their steps within the sweep's reach enqueued and none beyond, weekly ones their periods",
      measured: whole && periodsOk ? 'yes' : 'no',
      target: 'yes',
      met: whole && periodsOk,
    },
  );
}
if (friday && noop) {
  const p99 = (key: string) => percentile(friday.lateness[key] ?? [], 99);
  const pressed = [...(friday.lateness.reminder ?? []), ...(friday.lateness.missed ?? [])].sort(
    (a, b) => a - b,
  );
  const pressedP99 = percentile(pressed, 99);
  const exact =
    Object.entries(friday.expected).every(([step, n]) => friday.fired[step] === n) &&
    friday.duplicates === 0 &&
    friday.duplicateNotifications === 0 &&
    friday.notifications === friday.expectedNotifications;
  const ratio = percentile(friday.lateness.all, 99) / Math.max(1, percentile(noop, 99));
  console.log(
    `fan-out fired − due p50/p95/p99/max ms: reminders ${late(friday.lateness.reminder)}; missed ${late(friday.lateness.missed)}; ` +
      `chair ${late(friday.lateness.chair)}; no-op jobs ${late(noop)}; p99 escalations / no-op ${ratio.toFixed(1)}`,
  );
  console.log(
    `fan-out rows: ${JSON.stringify(friday.fired)} (expected ${JSON.stringify(friday.expected)}), duplicates ${friday.duplicates}, ` +
      `notifications ${friday.notifications}/${friday.expectedNotifications} (duplicates ${friday.duplicateNotifications}), ` +
      `next week's rungs in Redis ${friday.farJobs}`,
  );
  body.push(
    `**Friday fan-out.** ${friday.periods.toLocaleString('en')} units (a head and an officer each) on a weekly directive; this week's`,
    `period of every unit is due at the same instant (a little ahead of the real clock), the reminder ${REMINDER_BEFORE_S} s before`,
    `(the directive's period policy), and the ${friday.expected['p2-chair']} units that missed last week too tell the chair at that`,
    `instant. Seeded by SQL with no job: ${WORKERS} worker processes (\`dist/src/worker.js\`, sweep every ${FANOUT_RECONCILE_MS / 1000} s instead of`,
    `60 s to keep the run short) find the rungs through the sweep once they are due within its reach and fire them;`,
    `fired − due from the escalations' \`fired_at\` and \`due_at\`. Baseline: as many BullMQ no-op jobs due at the same two`,
    `instants, on ${WORKERS} processes (\`finishedOn\` − due).`,
    '',
    '| rung | fired | expected | fired − due p50 / p95 / p99 / max ms |',
    '| --- | ---: | ---: | --- |',
    ...(['reminder', 'missed', 'chair'] as const).map(
      (rung) =>
        `| ${rung} | ${friday.fired[`p2-${rung}`] ?? 0} | ${friday.expected[`p2-${rung}`]} | ${late(friday.lateness[rung])} |`,
    ),
    `| BullMQ no-op jobs | ${noop.length} | ${noop.length} | ${late(noop)} |`,
    '',
    `**p99 escalations / no-op jobs: ${ratio.toFixed(1)}** (${ms(percentile(friday.lateness.all, 99))} ms against ${ms(percentile(noop, 99))} ms).`,
    `Exactly once: ${friday.duplicates} (period, step) with more than one escalation; ${friday.notifications} notifications for`,
    `${friday.expectedNotifications} recipients, ${friday.duplicateNotifications} duplicated. Next week's rungs in Redis: ${friday.farJobs} (out of the sweep's reach).`,
  );
  targets.push(
    {
      what: '1,000 periods due at once: reminders and missed notices fired − due p99',
      measured: `${ms(pressedP99)} ms (reminders ${ms(p99('reminder'))}, missed ${ms(p99('missed'))})`,
      target: `≤ ${FANOUT_TARGET_P99_MS} ms`,
      met: pressedP99 <= FANOUT_TARGET_P99_MS,
    },
    {
      what: 'exactly one escalation per (period, rung), one notification per recipient',
      measured: exact ? 'yes' : 'no',
      target: 'yes',
      met: exact,
    },
  );
  if (!exact) process.exitCode = 1;
}
if (published && friday) {
  saveResults({
    name: 'periods-publish',
    title: 'Reporting periods — publication and Friday fan-out',
    command: 'npm run bench:periods-publish',
    body,
    targets,
  });
} else {
  console.log('(one part only: results not saved)');
}
