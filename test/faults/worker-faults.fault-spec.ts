import { QueueEvents } from 'bullmq';
import { stop, type RunningProcess } from '../support/processes.js';
import {
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  query,
  uniqueName,
} from '../support/test-database.js';
import {
  processEnv,
  type RunSql,
  seedEscalatingTasks,
  sleep,
  startWorker,
  tallyEscalations,
  waitForAllFired,
} from './support/fault-harness.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-services.js';

// Worker processes killed, stopped and robbed of their Redis data mid-run. The database is the
// judge: every due step has exactly one escalation row, history line and notification.

interface Setup {
  database: string;
  run: RunSql;
  redis: PrivateRedis;
  prefix: string;
  env: Record<string, string>;
  workers: RunningProcess[];
  stalled: string[];
  events: QueueEvents;
}

async function setUp(extra: Record<string, string> = {}): Promise<Setup> {
  const database = await createTestDatabase();
  const redis = await startPrivateRedis();
  const prefix = uniqueName('dondoc_test');
  // Stalled jobs (a worker's lock expired with the job still active) are counted as they happen.
  const events = new QueueEvents('escalation', {
    connection: { url: redis.url },
    prefix: `${prefix}:bull`,
  });
  const stalled: string[] = [];
  events.on('stalled', ({ jobId }) => stalled.push(jobId));
  await events.waitUntilReady();
  return {
    database,
    run: (sql, params) => query(database, sql, params) as never,
    redis,
    prefix,
    env: processEnv(
      { databaseUrl: databaseUrl(database), redisUrl: redis.url, redisPrefix: prefix },
      extra,
    ),
    workers: [],
    stalled,
    events,
  };
}

async function tearDown(setup: Setup): Promise<void> {
  await Promise.all(setup.workers.map((worker) => stop(worker)));
  await setup.events.close();
  await setup.redis.destroy();
  await dropTestDatabase(setup.database);
}

const active = (setup: Setup) => setup.redis.client.llen(`${setup.prefix}:bull:escalation:active`);

/** Waits until a worker's outbox loop runs (its marker key is in Redis): start-up is slow here. */
async function workerTicking(setup: Setup): Promise<void> {
  const marker = `${setup.prefix}:escalation:redis-alive`;
  const found = await waitUntil(
    () => setup.redis.client.exists(marker),
    (n) => n === 1,
    60_000,
  );
  if (found !== 1) throw new Error(`no worker ticking: ${setup.workers[0]?.output().stderr}`);
}

async function waitUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('worker faults', () => {
  it('should miss and double no escalation when a worker is SIGKILLed mid-job', async () => {
    const setup = await setUp({ ESCALATION_CONCURRENCY: '8' });
    try {
      const { directiveId, tasks } = await seedEscalatingTasks(setup.run, {
        perUnit: 25,
        fromSeconds: -60,
        spreadSeconds: 0,
        tag: 'kill',
      });
      const first = startWorker(setup.env);
      setup.workers.push(first);
      // Mid-run: some fired, jobs active right now.
      const partial = await waitUntil(
        () => tallyEscalations(setup.run, directiveId),
        (tally) => tally.fired >= 200,
        90_000,
      );
      expect(partial.fired).toBeGreaterThanOrEqual(200);
      const activeAtKill = await active(setup);
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = await tallyEscalations(setup.run, directiveId);
      expect(atKill.fired).toBeLessThan(tasks);

      const restartedAt = Date.now();
      setup.workers.push(startWorker(setup.env));
      const tally = await waitForAllFired(setup.run, directiveId, tasks, 120_000);
      await sleep(1000);
      const final = await tallyEscalations(setup.run, directiveId);
      console.log(
        `SIGKILL worker: ${tasks} due steps; killed with ${atKill.fired} fired and ${activeAtKill} jobs active; ` +
          `all fired ${tally.ms} ms after the restart (${Date.now() - restartedAt} ms incl. settle); ` +
          `stalled jobs handed back: ${setup.stalled.length}; missed ${final.missed}, duplicates ` +
          `${final.duplicateEscalations}/${final.duplicateHistory}/${final.duplicateNotifications}`,
      );
      expect(activeAtKill).toBeGreaterThan(0);
      expect(final).toMatchObject({
        missed: 0,
        fired: tasks,
        due: tasks,
        duplicateEscalations: 0,
        duplicateHistory: 0,
        duplicateNotifications: 0,
        unnotified: 0,
      });
    } finally {
      await tearDown(setup);
    }
  }, 240_000);

  it('should restore every pending step within one sweep period after FLUSHALL', async () => {
    const sweepMs = 10_000;
    const setup = await setUp({
      ESCALATION_RECONCILE_MS: String(sweepMs),
      LOG_LEVEL: process.env.FAULTS_DEBUG ? 'log' : 'warn',
    });
    try {
      setup.workers.push(startWorker(setup.env));
      await workerTicking(setup);
      // Steps due 12–15 s from now: delayed jobs in Redis when it is flushed, and within the
      // sweep's horizon (two periods).
      const { directiveId, tasks } = await seedEscalatingTasks(setup.run, {
        perUnit: 10,
        fromSeconds: 12,
        spreadSeconds: 3,
        tag: 'flush',
      });
      const delayedKey = `${setup.prefix}:bull:escalation:delayed`;
      // Delayed level-1 jobs (job ids `esc-<task>-level-1-v<n>`). Level 2, 1000 h later, is
      // beyond the sweep's reach: it has no job, now or after the flush.
      const delayedJobs = async (step: string) =>
        (await setup.redis.client.zrange(delayedKey, 0, -1)).filter((id) =>
          id.includes(`-${step}-`),
        ).length;
      const levelOneJobs = () => delayedJobs('level-1');
      const scheduled = await waitUntil(levelOneJobs, (n) => n >= tasks, 30_000);
      if (scheduled !== tasks) {
        const { stdout, stderr } = setup.workers[0].output();
        console.log(`worker output:\n${stdout.slice(-5000)}\n${stderr.slice(-3000)}`);
      }
      expect(scheduled).toBe(tasks);
      expect(await delayedJobs('level-2')).toBe(0);
      expect((await tallyEscalations(setup.run, directiveId)).fired).toBe(0);

      await setup.redis.client.flushall();
      const flushedAt = Date.now();
      expect(await setup.redis.client.zcard(delayedKey)).toBe(0);
      // The sweep restores the steps due before its horizon (two periods): every level-1 step.
      // A step is back when its job hash exists again (in whatever state) or it has fired.
      const steps = await setup.run<{ id: string; fired: boolean }>(
        `SELECT t.id, EXISTS (SELECT 1 FROM escalations e WHERE e.task_id = t.id) AS fired
           FROM tasks t WHERE t.directive_id = $1`,
        [directiveId],
      );
      const restored = await waitUntil(
        async () => {
          const fired = new Set(
            (
              await setup.run<{ task_id: string }>(
                `SELECT e.task_id FROM escalations e JOIN tasks t ON t.id = e.task_id
                  WHERE t.directive_id = $1`,
                [directiveId],
              )
            ).map((row) => row.task_id),
          );
          const pipeline = setup.redis.client.pipeline();
          for (const step of steps)
            pipeline.exists(`${setup.prefix}:bull:escalation:esc-${step.id}-level-1-v1`);
          const exists = (await pipeline.exec())!.map(([, value]) => value === 1);
          const back = steps.filter((step, i) => exists[i] || fired.has(step.id)).length;
          return back;
        },
        (n) => n >= tasks,
        3 * sweepMs,
      );
      const restoreMs = Date.now() - flushedAt;
      expect(await delayedJobs('level-2')).toBe(0);
      const tally = await waitForAllFired(setup.run, directiveId, tasks, 60_000);
      await sleep(1000);
      const final = await tallyEscalations(setup.run, directiveId);
      console.log(
        `FLUSHALL: ${tasks} pending level-1 steps restored in ${restoreMs} ms (sweep period ${sweepMs} ms); ` +
          `all fired ${Date.now() - flushedAt} ms after the flush; missed ${final.missed}, duplicates ${final.duplicateEscalations}`,
      );
      if (process.env.FAULTS_DEBUG)
        console.log(
          setup.workers[0]
            .output()
            .stdout.split('\n')
            .filter((line) => /Reconcil|restored|warn|outbox/i.test(line))
            .join('\n'),
        );
      expect(restored).toBeGreaterThanOrEqual(tasks);
      expect(restoreMs).toBeLessThanOrEqual(sweepMs);
      expect(tally.missed).toBe(0);
      expect(final).toMatchObject({
        missed: 0,
        fired: tasks,
        duplicateEscalations: 0,
        duplicateHistory: 0,
        duplicateNotifications: 0,
      });
    } finally {
      await tearDown(setup);
    }
  }, 180_000);

  it('should finish or hand back in-flight jobs within 25 s of SIGTERM, with none stalled', async () => {
    const setup = await setUp({ ESCALATION_CONCURRENCY: '8' });
    try {
      const { directiveId, tasks } = await seedEscalatingTasks(setup.run, {
        perUnit: 25,
        fromSeconds: -60,
        spreadSeconds: 0,
        tag: 'term',
      });
      const first = startWorker(setup.env);
      setup.workers.push(first);
      await waitUntil(
        () => tallyEscalations(setup.run, directiveId),
        (tally) => tally.fired >= 200,
        90_000,
      );
      const activeAtTerm = await active(setup);
      const termAt = Date.now();
      first.child.kill('SIGTERM');
      await first.exited;
      const drainMs = Date.now() - termAt;
      // Nothing left active: each job finished (or went back to waiting) before the exit.
      const activeAfter = await active(setup);
      const atTerm = await tallyEscalations(setup.run, directiveId);
      expect(atTerm.fired).toBeLessThan(tasks);

      setup.workers.push(startWorker(setup.env));
      const tally = await waitForAllFired(setup.run, directiveId, tasks, 120_000);
      // Longer than a stalled check (5 s) plus a lock (10 s) would take to notice a lost job.
      await sleep(Math.max(0, 16_000 - tally.ms));
      const final = await tallyEscalations(setup.run, directiveId);
      console.log(
        `SIGTERM worker: ${activeAtTerm} jobs active at SIGTERM; exited in ${drainMs} ms ` +
          `(signal ${first.signal()}, code ${first.child.exitCode}); active after: ${activeAfter}; ` +
          `stalled: ${setup.stalled.length}; missed ${final.missed}, duplicates ${final.duplicateEscalations}`,
      );
      expect(drainMs).toBeLessThan(25_000);
      expect(first.signal()).toBe('SIGTERM');
      expect(activeAfter).toBe(0);
      expect(setup.stalled).toEqual([]);
      expect(final).toMatchObject({
        missed: 0,
        fired: tasks,
        duplicateEscalations: 0,
        duplicateHistory: 0,
        duplicateNotifications: 0,
      });
    } finally {
      await tearDown(setup);
    }
  }, 240_000);
});
