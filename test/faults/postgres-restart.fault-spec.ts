import { stop, type RunningProcess } from '../support/processes.js';
import { TEST_REDIS_URL, uniqueName } from '../support/test-database.js';
import {
  type Api,
  call,
  login,
  percentile,
  processEnv,
  type RunSql,
  runLoad,
  seedWorkTasks,
  sleep,
  startApi,
  startWorker,
  WORK_UNIT,
} from './support/fault-harness.js';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-services.js';

// PostgreSQL stopped and started again (a restart with a few seconds' outage) under load, on a
// private cluster: the API and worker stay up, answer 503 quickly meanwhile, recover by
// themselves, and no transaction is left half-written.

const DOWN_MS = 4000;

describe('PostgreSQL restart', () => {
  it('should survive a restart: 503 within 2 s during it, healthy within 10 s, no partial writes', async () => {
    const pg: PrivatePostgres = await startPrivatePostgres();
    const database = 'dondoc_fault_test';
    const run: RunSql = (sql, params) => pg.query(database, sql, params) as never;
    const env = processEnv(
      {
        databaseUrl: pg.url(database),
        redisUrl: TEST_REDIS_URL,
        redisPrefix: uniqueName('dondoc_test'),
      },
      { SEED_DEMO: 'true' },
    );
    let api: Api | undefined;
    let worker: RunningProcess | undefined;
    try {
      // The API creates the database and migrates it; the worker starts once it exists.
      api = await startApi(env, 120_000);
      worker = startWorker(env);
      const base = api.base;
      const [officer, clerk] = await Promise.all([
        login(base, `${WORK_UNIT}.officer`),
        login(base, 'clerk'),
      ]);
      const work = await seedWorkTasks(run, 2000);

      // Tasks still to move; one refused during the outage goes back for another try.
      const pending = work.map((_, index) => index).reverse();
      const load = runLoad(6, async () => {
        const index = pending.pop();
        if (index === undefined) return null;
        const taskId = work[index];
        const cancel = index % 5 === 0;
        const answer = await call(base, 'POST', `/api/tasks/${taskId}/status`, {
          token: cancel ? clerk : officer,
          body: cancel
            ? { status: 'cancelled', version: 1, reason: 'Trùng việc' }
            : { status: 'received', version: 1 },
        });
        if (answer.status !== 200 && answer.status !== 409) pending.push(index);
        return { kind: `${taskId} ${cancel ? 'cancelled' : 'received'}`, answer };
      });
      const health = runLoad(1, async () => {
        const answer = await call(base, 'GET', '/api/health');
        await sleep(100);
        return { kind: 'health', answer };
      });
      await sleep(3000);

      const stoppingAt = Date.now();
      await pg.stop();
      const downAt = Date.now();
      await sleep(DOWN_MS);
      const startingAt = Date.now();
      await pg.start();
      const upAt = Date.now();
      let healthyMs = -1;
      while (Date.now() - upAt < 30_000) {
        const answer = await call(base, 'GET', '/api/health');
        if (answer.status === 200) {
          healthyMs = Date.now() - upAt;
          break;
        }
        await sleep(100);
      }
      await sleep(2000);
      await Promise.all([load.stop(), health.stop()]);

      const samples = [...load.samples, ...health.samples];
      // Requests sent while the server was down (after stop returned, before start began).
      const during = samples.filter((s) => s.at >= downAt && s.at + s.ms < startingAt);
      const statusesDuring = [...new Set(during.map((s) => s.status))];
      const after = load.samples.filter((s) => s.at >= upAt + healthyMs);
      // A move can commit and its answer still fail (the task is read back after the commit, on a
      // connection the restart dropped): 503, and the retry hears 409 stale_version. That is the
      // one 409 allowed; the database must then show the move.
      const retried503 = new Set(
        load.samples.filter((s) => s.status === 503).map((s) => s.kind.split(' ')[0]),
      );
      const committedUnanswered = load.samples.filter(
        (s) =>
          s.status === 409 &&
          s.body?.code === 'stale_version' &&
          retried503.has(s.kind.split(' ')[0]),
      );
      const unexpected = samples.filter(
        (s) => ![200, 503].includes(s.status) && !committedUnanswered.includes(s),
      );

      // No partial writes: each task's version counts its history lines, and a cancelled task
      // has exactly its one outbox event; every acknowledged move is in the database.
      const [consistency] = await run<{ torn: number; outbox: number; moved: number }>(
        `SELECT count(*) FILTER (WHERE t.version - 1 <> ev.n)::int AS torn,
                count(*) FILTER (WHERE (t.status = 'cancelled')::int <> ob.n)::int AS outbox,
                count(*) FILTER (WHERE t.version > 1)::int AS moved
           FROM tasks t
           CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM task_events e
                                WHERE e.task_id = t.id AND e.kind = 'status_changed') ev
           CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM outbox_events o
                                WHERE o.type = 'task.closed' AND o.payload->>'taskId' = t.id::text) ob
          WHERE t.id = ANY($1)`,
        [work],
      );
      const acknowledged = load.samples.filter((s) => s.status === 200);
      const rows = await run<{ id: string; status: string }>(
        'SELECT id, status FROM tasks WHERE id = ANY($1)',
        [work],
      );
      const statusOf = new Map(rows.map((row) => [row.id, row.status]));
      const lost = [...acknowledged, ...committedUnanswered].filter((s) => {
        const [taskId, target] = s.kind.split(' ');
        return statusOf.get(taskId) !== target;
      });
      console.log(
        `PostgreSQL restart: stop took ${downAt - stoppingAt} ms, down ${startingAt - downAt} ms, start took ${upAt - startingAt} ms; ` +
          `${during.length} requests during the outage answered ${statusesDuring.join('/')} ` +
          `(max ${Math.round(Math.max(0, ...during.map((s) => s.ms)))} ms, p95 ${Math.round(
            percentile(
              during.map((s) => s.ms),
              95,
            ),
          )} ms); ` +
          `healthy ${healthyMs} ms after start; ${after.filter((s) => s.status === 200).length}/${after.length} updates OK after; ` +
          `${acknowledged.length} acknowledged (+${committedUnanswered.length} committed but answered 503), ${lost.length} lost; torn ${consistency.torn}, outbox mismatches ${consistency.outbox}; ` +
          `other statuses ${unexpected.length}`,
      );

      if (unexpected.length > 0)
        console.log(
          api.process
            .output()
            .stdout.split('\n')
            .filter((line) => /"level":50/.test(line))
            .slice(0, 6)
            .join('\n'),
        );
      for (const [name, child] of [
        ['API', api.process],
        ['worker', worker],
      ] as const) {
        if (child.child.exitCode !== null)
          console.log(
            `${name} exited ${child.child.exitCode}: ${child.output().stderr.slice(-3000)}\n` +
              `last log lines: ${child.output().stdout.slice(-3000)}`,
          );
      }
      expect(api.process.child.exitCode).toBeNull();
      expect(worker.child.exitCode).toBeNull();
      expect(during.length).toBeGreaterThan(10);
      expect(statusesDuring).toEqual([503]);
      for (const sample of during) expect(sample.ms).toBeLessThan(2000);
      expect(unexpected.map((s) => `${s.status} ${JSON.stringify(s.body)}`)).toEqual([]);
      expect(healthyMs).toBeGreaterThanOrEqual(0);
      expect(healthyMs).toBeLessThan(10_000);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((s) => s.status === 200)).toBe(true);
      expect(lost).toEqual([]);
      expect(consistency).toMatchObject({ torn: 0, outbox: 0 });
      expect(consistency.moved).toBe(acknowledged.length + committedUnanswered.length);
    } finally {
      if (api) await stop(api.process);
      if (worker) await stop(worker);
      await pg.destroy();
    }
  }, 240_000);
});
