import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { dataSourceOptions } from '../src/app/data-source.js';
import { runMigrationsLocked } from '../src/core/database/database-bootstrap.js';
import { saveResults } from './bench-kit.js';
import { seedDueTasks } from './due-tasks.js';

/**
 * `npm run bench:escalation`: five worker processes (the real `dist/src/worker.js`) escalate
 * 10,000 due tasks — outbox drained, jobs added in bulk, each step a transaction with its
 * escalation row, notification and history line — against five processes running BullMQ
 * no-op jobs over the same number of jobs, in the same run. Prints both rates, the ratio, and
 * checks that there is exactly one escalation per task. Then the steady state: 10,000 tasks
 * falling due one after another over a minute (scheduled ahead: all due within the sweep's
 * reach, two minutes, when the outbox is drained, so enqueued then, as a publication enqueues its
 * near steps; the later steps of real ladders get theirs from the sweep as they come near), and the
 * distribution of fired − due from the escalations' own timestamps. Target: p99 ≤ 1 s.
 */
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKERS = 5;
const ASSIGNMENTS = 250; // × 40 units = 10,000 tasks
// Steady state: the first task due this long after seeding (all jobs scheduled by then: the last
// is due within the default sweep's reach of 120 s), the last this much later: 10,000 over 60 s,
// about 170 a second.
const STEADY = { startInMs: 20_000, overMs: 60_000 };
const TARGET_P99_MS = 1000;
const ROOT = resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'ignore',
  });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

async function escalationRun(spread?: typeof STEADY): Promise<{
  tasks: number;
  ms: number;
  lateness: number[];
  unique: number;
}> {
  const database = `dondoc_bench_esc_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = `${SERVER}/${database}`;
  await runMigrationsLocked(dataSourceOptions(url));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const children: ChildProcess[] = [];
  try {
    const prefix = `dondoc_bench_${randomBytes(3).toString('hex')}`;
    for (let i = 0; i < WORKERS; i++) {
      children.push(
        spawnNode(['dist/src/worker.js'], {
          DATABASE_URL: url,
          REDIS_URL,
          REDIS_PREFIX: prefix,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          OUTBOX_POLL_MS: '100',
          DATABASE_POOL_MAX: '10',
        }),
      );
    }
    await sleep(3000); // workers up and idle
    const run = async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[];
    const started = Date.now();
    const tasks = await seedDueTasks(run, ASSIGNMENTS, spread);
    const limit = 300_000 + (spread ? spread.startInMs + spread.overMs : 0);
    for (;;) {
      const [{ n }] = await run<{ n: number }>('SELECT count(*)::int AS n FROM escalations');
      if (n >= tasks) break;
      if (Date.now() - started > limit)
        throw new Error(`only ${n} of ${tasks} escalations after ${limit / 1000} s`);
      await sleep(100);
    }
    const ms = Date.now() - started;
    const rows = await run<{ late: number }>(
      `SELECT extract(epoch FROM fired_at - due_at) * 1000 AS late FROM escalations ORDER BY 1`,
    );
    const [{ unique }] = await run<{ unique: number }>(
      'SELECT count(DISTINCT (task_id, step, deadline_version))::int AS unique FROM escalations',
    );
    return { tasks, ms, lateness: rows.map((row) => Number(row.late)), unique };
  } finally {
    await stopAll(children);
    await client.end();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function noopRun(jobs: number): Promise<number> {
  const prefix = `dondoc_bench_noop_${randomBytes(3).toString('hex')}`;
  const queue = new Queue('noop', {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix,
  });
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < WORKERS; i++)
      children.push(spawnNode(['dist/bench/noop-worker.js', 'noop', prefix, REDIS_URL], {}));
    await sleep(2000);
    const started = Date.now();
    for (let i = 0; i < jobs; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({
          name: 'noop',
          data: { i: i + k },
          opts: { jobId: `noop-${i + k}`, removeOnComplete: false },
        })),
      );
    }
    for (;;) {
      const counts = await queue.getJobCounts('completed');
      if ((counts.completed ?? 0) >= jobs) break;
      await sleep(50);
    }
    return Date.now() - started;
  } finally {
    await stopAll(children);
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const escalation = await escalationRun();
const noopMs = await noopRun(escalation.tasks);
const steady = await escalationRun(STEADY);
const escalationRate = (escalation.tasks / escalation.ms) * 1000;
const noopRate = (escalation.tasks / noopMs) * 1000;
const ratio = escalationRate / noopRate;
const late = (sorted: number[]) =>
  [50, 95, 99].map((p) => percentile(sorted, p).toFixed(0)).join(' / ') +
  ` / ${sorted.at(-1)!.toFixed(0)}`;
const steadyP99 = percentile(steady.lateness, 99);
const exact = escalation.unique === escalation.tasks && steady.unique === steady.tasks;
console.log(
  `escalation benchmark (node ${process.version}, ${WORKERS} worker processes, ${escalation.tasks} due tasks)`,
);
console.log(
  `escalations:       ${escalation.tasks} in ${escalation.ms} ms = ${escalationRate.toFixed(0)}/s (unique: ${escalation.unique})`,
);
console.log(`BullMQ no-op jobs: ${escalation.tasks} in ${noopMs} ms = ${noopRate.toFixed(0)}/s`);
console.log(`ratio escalations / no-op: ${ratio.toFixed(3)}`);
console.log(
  `fired − due, all due at once (a backlog) p50/p95/p99/max ms: ${late(escalation.lateness)}`,
);
console.log(
  `fired − due, steady state (${steady.tasks} due over ${STEADY.overMs / 1000} s) p50/p95/p99/max ms: ${late(steady.lateness)} (unique: ${steady.unique})`,
);
saveResults({
  name: 'escalation',
  title: 'Escalation: throughput and timeliness',
  command: 'npm run bench:escalation',
  body: [
    `${WORKERS} worker processes (\`dist/src/worker.js\`) on a database of their own. **Throughput**: ${escalation.tasks.toLocaleString('en')}`,
    `tasks all due at once (outbox drained, jobs added in bulk, each step one transaction with its escalation`,
    `row, in-app notification and history line), against ${WORKERS} processes running BullMQ no-op jobs over as many`,
    `jobs in the same run. **Timeliness**: ${steady.tasks.toLocaleString('en')} tasks falling due evenly over ${STEADY.overMs / 1000} s, the first`,
    `${STEADY.startInMs / 1000} s after they are seeded (so each step is scheduled ahead, as after a publication); fired − due`,
    `from the escalations' \`fired_at\` and \`due_at\`.`,
    '',
    '| run | jobs | time ms | per second | fired − due p50 / p95 / p99 / max ms |',
    '| --- | ---: | ---: | ---: | --- |',
    `| escalations, all due at once | ${escalation.tasks} | ${escalation.ms} | ${escalationRate.toFixed(0)} | ${late(escalation.lateness)} (a backlog) |`,
    `| BullMQ no-op jobs | ${escalation.tasks} | ${noopMs} | ${noopRate.toFixed(0)} | – |`,
    `| escalations, steady state | ${steady.tasks} | – | ${(steady.tasks / (STEADY.overMs / 1000)).toFixed(0)} offered | ${late(steady.lateness)} |`,
    '',
    `**Escalations / no-op jobs: ${ratio.toFixed(3)}.** Exactly one escalation per task in both runs: ${exact ? 'yes' : '**no**'}.`,
  ],
  targets: [
    {
      what: 'escalation fired − due p99, steady state, 10,000 tasks',
      measured: `${steadyP99.toFixed(0)} ms`,
      target: `≤ ${TARGET_P99_MS} ms`,
      met: steadyP99 <= TARGET_P99_MS,
    },
    {
      what: 'exactly one escalation per due task',
      measured: exact ? 'yes' : 'no',
      target: 'yes',
      met: exact,
    },
  ],
});
if (!exact) {
  console.error('duplicate or missing escalations');
  process.exitCode = 1;
}
