import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import pg from 'pg';
import { ESCALATION_QUEUE } from '../src/escalation/escalation.constants.js';
import {
  JWT_SECRET,
  REDIS_URL,
  dropDatabase,
  freshDatabase,
  login,
  ms,
  peakRssMb,
  percentile,
  saveResults,
  sleep,
  spawnNode,
  startApi,
  stopProcess,
} from './bench-kit.js';
import { checkReach, type ReachCheck } from './reach.js';
import { GROUP_CODE, PASSWORD, UNITS, seedLoad } from './seed-load.js';
import { unitBodySql } from '../src/units/unit-body.js';

/**
 * `npm run bench:publish`: a draft whose one part goes to the province-wide group of 1,000 units
 * is published through `POST /api/directives/:id/publish` (1,000 tasks, their history lines and
 * the outbox event in one transaction) while a worker process (`dist/src/worker.js`, default
 * settings) drains the outbox into BullMQ. Measures the HTTP call and the time until the
 * event is processed, then checks the planning contract against Redis: every step of the tasks'
 * ladders due within the sweep's reach has its job, and none due later has one (the sweep gives
 * those their job as they come near). Six runs on the 100,000-task database, the first a
 * warm-up. Baseline: the same rows written straight through `pg` in one transaction. Target:
 * published with its jobs scheduled in under 1 s.
 */
const RUNS = 6;
// For the record: the figure before steps were planned only within the sweep's reach.
const BEFORE = [
  "Before steps were planned only within the sweep's reach (its run of 2026-12-02 17:28 UTC), each task's",
  'whole ladder was enqueued at publication (15,000 jobs): scheduled p50 920 ms (max 1,250 ms), HTTP about',
  '150 ms; on the loaded machine of later runs, 0.9–1.4 s.',
];
const TARGET_MS = 1000;
const DATABASE = 'dondoc_bench_publish';

async function createDraft(db: pg.Client, n: number): Promise<string> {
  const [{ id }] = (
    await db.query<{ id: string }>(
      `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                               source_sha256, imported_by, issuing_unit_id)
       SELECT 'draft', $1, 'UBND tỉnh', 'Triển khai toàn tỉnh', current_date, 'x', 'text', repeat('0', 64),
              (SELECT id FROM users WHERE username = 'bench.clerk'),
              ${unitBodySql(`(SELECT unit_id FROM users WHERE username = 'bench.clerk')`)}
       RETURNING id`,
      [`${n}/BENCH-PUBLISH`],
    )
  ).rows;
  await db.query(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, unit_ids)
     SELECT $1, 1, '1', 'UBND các xã, phường, thị trấn toàn tỉnh', 'Triển khai nhiệm vụ', 'group',
            (SELECT array_agg(m.unit_id) FROM unit_group_members m JOIN unit_groups g ON g.id = m.group_id
              WHERE g.code = $2)`,
    [id, GROUP_CODE],
  );
  return id;
}

/** The publication's rows without the framework: tasks, history, directive, outbox. */
async function publishBySql(db: pg.Client, directiveId: string, clerkId: string): Promise<number> {
  const begin = performance.now();
  await db.query('BEGIN');
  await db.query(`SELECT id FROM directives WHERE id = $1 AND status = 'draft' FOR UPDATE`, [
    directiveId,
  ]);
  const { rows } = await db.query<{ unit_ids: string[]; id: string }>(
    'SELECT id, unit_ids FROM assignments WHERE directive_id = $1',
    [directiveId],
  );
  const due = new Date(Date.now() + 14 * 86_400_000);
  const created = await db.query<{ id: string }>(
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, deadline, original_deadline, due_at)
     SELECT $1, $2, u, 'lead', $3, $3, $4 FROM unnest($5::uuid[]) u RETURNING id`,
    [directiveId, rows[0].id, due.toISOString().slice(0, 10), due, rows[0].unit_ids],
  );
  await db.query(
    `INSERT INTO task_events (task_id, actor_id, kind, to_status, data)
     SELECT t, $2, 'assigned', 'assigned', '{}' FROM unnest($1::uuid[]) t`,
    [created.rows.map((row) => row.id), clerkId],
  );
  await db.query(
    `UPDATE directives SET status = 'published', published_at = now(), published_by = $2 WHERE id = $1`,
    [directiveId, clerkId],
  );
  await db.query(`INSERT INTO outbox_events (type, payload) VALUES ('directive.published', $1)`, [
    JSON.stringify({ directiveId }),
  ]);
  await db.query('COMMIT');
  return performance.now() - begin;
}

const url = await freshDatabase(DATABASE);
try {
  const seeded = await seedLoad(url);
  console.log(`seeded ${seeded.tasks} tasks in ${seeded.seconds.toFixed(1)} s`);
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => undefined); // the database is dropped under it if the run fails
  await db.connect();
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
    const runs: Array<{ http: number; scheduled: number; tasks: number } & ReachCheck> = [];
    for (let run = 0; run < RUNS; run++) {
      const id = await createDraft(db, run);
      const sentAt = new Date();
      const begin = performance.now();
      const reply = await fetch(`${api.base}/api/directives/${id}/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ defaultDeadline: { workingDays: 10 } }),
      });
      const body = (await reply.json()) as { tasks?: number };
      const http = performance.now() - begin;
      if (reply.status !== 200 && reply.status !== 201)
        throw new Error(`publish: ${reply.status} ${JSON.stringify(body)}`);
      for (;;) {
        const { rows } = await db.query(
          `SELECT 1 FROM outbox_events WHERE type = 'directive.published' AND payload->>'directiveId' = $1
              AND processed_at IS NOT NULL`,
          [id],
        );
        if (rows.length > 0) break;
        if (performance.now() - begin > 60_000) throw new Error('outbox not drained in 60 s');
        await sleep(10);
      }
      const scheduled = performance.now() - begin;
      // Redis holds exactly the steps due within the sweep's reach, none further.
      const reach = await checkReach(db, queue, id, sentAt, new Date());
      console.log(
        `run ${run + 1}${run === 0 ? ' (warm-up)' : ''}: HTTP ${ms(http)} ms, jobs scheduled after ${ms(scheduled)} ms; ` +
          `${body.tasks} tasks, ${reach.steps} steps, ${reach.withinReach} within the sweep's reach, ` +
          `${reach.held} of them with their job, ${reach.beyond} jobs beyond it`,
      );
      if (run > 0) runs.push({ http, scheduled, tasks: body.tasks ?? 0, ...reach });
    }
    const rss = peakRssMb(api.child.pid!);
    const clerkId = (
      await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'bench.clerk'`)
    ).rows[0].id;
    const direct: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const time = await publishBySql(db, await createDraft(db, 100 + run), clerkId);
      if (run > 0) direct.push(time);
    }
    await db.end();
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const http = sorted(runs.map((r) => r.http));
    const scheduled = sorted(runs.map((r) => r.scheduled));
    const sql = sorted(direct);
    const allJobs = runs.every(
      (r) => r.tasks === UNITS && r.steps > 0 && r.held === r.withinReach && r.beyond === 0,
    );
    const ratio = percentile(sql, 50) / percentile(http, 50);
    console.log(
      `direct SQL: p50 ${ms(percentile(sql, 50))} ms; HTTP p50 ${ms(percentile(http, 50))} ms; SQL / HTTP ${(ratio * 100).toFixed(0)}%; peak RSS ${rss.toFixed(0)} MB`,
    );
    saveResults({
      name: 'publish',
      title: 'Publish fan-out: 1,000 units',
      command: 'npm run bench:publish',
      body: [
        `On the ${seeded.tasks.toLocaleString('en')}-task database, a clerk publishes a draft whose one part goes to the`,
        `province-wide group of ${UNITS.toLocaleString('en')} units; a worker process (\`dist/src/worker.js\`, default`,
        `\`OUTBOX_POLL_MS\` 500) drains the outbox into BullMQ. "Scheduled" is from sending the request until the`,
        `outbox event is marked processed (after its jobs were added). Only the steps due within the sweep's reach`,
        `(two sweep periods, 2 min by default) are enqueued; the sweep gives the later ones their job as they come`,
        `near. Then each task's ladder is recomputed from the database and looked up in Redis: every step within`,
        `the reach must have its job, none beyond it. With the default policy and a deadline 10 working days out,`,
        `no step is that near (the first, the receipt reminder, is a working day away): the publication enqueues`,
        `nothing. ${RUNS - 1} runs after one warm-up. Baseline: the same rows (tasks, history, directive, outbox) written`,
        `straight through \`pg\` in one transaction.`,
        '',
        '| run | HTTP publish ms | jobs scheduled after ms | tasks | steps planned | within reach | with their job | jobs beyond reach |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...runs.map(
          (r, i) =>
            `| ${i + 1} | ${ms(r.http)} | ${ms(r.scheduled)} | ${r.tasks} | ${r.steps} | ${r.withinReach} | ${r.held} | ${r.beyond} |`,
        ),
        '',
        `p50: HTTP ${ms(percentile(http, 50))} ms, scheduled ${ms(percentile(scheduled, 50))} ms (max ${ms(scheduled.at(-1)!)} ms);`,
        `direct SQL ${ms(percentile(sql, 50))} ms: **SQL / HTTP ${(ratio * 100).toFixed(0)}%**. API peak RSS ${rss.toFixed(0)} MB.`,
        `Load average (1 min) when the runs began: ${loadAtStart.toFixed(2)}.`,
        '',
        ...BEFORE,
      ],
      targets: [
        {
          what: 'publish to 1,000 units with jobs scheduled (p50 of 5)',
          measured: `${ms(percentile(scheduled, 50))} ms (max ${ms(scheduled.at(-1)!)})`,
          target: `< ${TARGET_MS} ms`,
          met: percentile(scheduled, 50) < TARGET_MS && allJobs,
        },
        {
          what: "each publication: the steps within the sweep's reach have their job, none beyond",
          measured: allJobs ? 'yes' : 'no',
          target: 'yes',
          met: allJobs,
        },
      ],
    });
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await stopProcess(worker);
    await stopProcess(api.child);
  }
} finally {
  await dropDatabase(DATABASE);
}
