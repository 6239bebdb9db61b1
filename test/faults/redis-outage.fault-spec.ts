import { stop, type RunningProcess } from '../support/processes.js';
import {
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  query,
  uniqueName,
} from '../support/test-database.js';
import {
  type Api,
  call,
  login,
  percentile,
  processEnv,
  type RunSql,
  runLoad,
  seedEscalatingTasks,
  seedWorkTasks,
  sleep,
  startApi,
  startWorker,
  tallyEscalations,
  WORK_UNIT,
} from './support/fault-harness.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-services.js';

// Redis stopped for 10 s while officers update tasks and escalations come due. Status updates
// need only PostgreSQL (the outbox holds what the queue must hear); paths that need the queue
// answer 503 at once; the worker picks up where it stopped when Redis returns.

const OUTAGE_MS = 10_000;

describe('Redis outage', () => {
  it('should keep status updates working, answer queue paths 503 fast, and resume the workers', async () => {
    const database = await createTestDatabase();
    const run: RunSql = (sql, params) => query(database, sql, params) as never;
    // Persistent like the compose file's Redis (AOF): it comes back with its queues.
    const redis: PrivateRedis = await startPrivateRedis({ persistent: true });
    const prefix = uniqueName('dondoc_test');
    const env = processEnv(
      { databaseUrl: databaseUrl(database), redisUrl: redis.url, redisPrefix: prefix },
      { SEED_DEMO: 'true', MIGRATIONS_RUN: 'false' },
    );
    let api: Api | undefined;
    let worker: RunningProcess | undefined;
    try {
      worker = startWorker(env);
      api = await startApi(env, 120_000);
      const base = api.base;
      const [officer, clerk, admin] = await Promise.all([
        login(base, `${WORK_UNIT}.officer`),
        login(base, 'clerk'),
        login(base, 'admin'),
      ]);
      const work = await seedWorkTasks(run, 1500);
      // A failed webhook delivery, for the retry path (the one request path that enqueues).
      const [delivery] = await run<{ id: string }>(
        `WITH c AS (INSERT INTO notification_channels (user_id, kind, url, secret)
                    SELECT id, 'webhook', 'http://127.0.0.1:9/hook', 'secret' FROM users WHERE username = 'admin'
                    RETURNING id, user_id),
              n AS (INSERT INTO notifications (user_id, kind, title, body)
                    SELECT user_id, 'reminder', 'x', 'x' FROM c RETURNING id)
         INSERT INTO outbound_deliveries (notification_id, channel_id, status, attempts)
         SELECT n.id, c.id, 'failed', 5 FROM n, c RETURNING id`,
      );
      // Escalation steps coming due before, during and after the outage. The sweep's reach is
      // 10 s (two 5 s periods): the publication enqueues only the first ones, and those due
      // later get their job from the sweep as they come near, which for many is after Redis is
      // back.
      const { directiveId, tasks } = await seedEscalatingTasks(run, {
        perUnit: 10,
        fromSeconds: 4,
        spreadSeconds: 18,
        tag: 'outage',
      });

      // Load: the officer receives tasks and starts work; the clerk cancels every fifth (a
      // task.closed outbox event for the escalation scheduler).
      let next = 0;
      const load = runLoad(6, async () => {
        const index = next++;
        if (index >= work.length) return null;
        const taskId = work[index];
        if (index % 5 === 0) {
          const answer = await call(base, 'POST', `/api/tasks/${taskId}/status`, {
            token: clerk,
            body: { status: 'cancelled', version: 1, reason: 'Trùng việc' },
          });
          return { kind: 'status', answer };
        }
        const answer = await call(base, 'POST', `/api/tasks/${taskId}/status`, {
          token: officer,
          body: { status: 'received', version: 1 },
        });
        return { kind: 'status', answer };
      });
      await sleep(3000);

      await redis.kill();
      const downAt = Date.now();
      const probes: Array<{ path: string; status: number; ms: number }> = [];
      while (Date.now() - downAt < OUTAGE_MS - 1000) {
        const [retry, health, board] = await Promise.all([
          call(base, 'POST', `/api/outbound-deliveries/${delivery.id}/retry`, { token: admin }),
          call(base, 'GET', '/api/health'),
          call(base, 'GET', '/admin/queues/api/queues', { token: admin }),
        ]);
        probes.push(
          { path: 'retry', status: retry.status, ms: retry.ms },
          { path: 'health', status: health.status, ms: health.ms },
          { path: 'board', status: board.status, ms: board.ms },
        );
        await sleep(300);
      }
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
      await redis.start();
      const upAt = Date.now();
      const [deliveryDuring] = await run<{ status: string }>(
        'SELECT status FROM outbound_deliveries WHERE id = $1',
        [delivery.id],
      );

      // Resumed: the first escalation fired after Redis returned, and every due step fired.
      let resumedMs = -1;
      let caughtUpMs = -1;
      while (Date.now() - upAt < 60_000) {
        const [{ n }] = await run<{ n: number }>(
          `SELECT count(*)::int AS n FROM escalations WHERE fired_at >= to_timestamp($1 / 1000.0)`,
          [upAt],
        );
        if (resumedMs < 0 && n > 0) resumedMs = Date.now() - upAt;
        const tally = await tallyEscalations(run, directiveId);
        if (resumedMs >= 0 && tally.missed === 0 && tally.due === tasks) {
          caughtUpMs = Date.now() - upAt;
          break;
        }
        await sleep(250);
      }
      await load.stop();
      const retryAfter = await call(base, 'POST', `/api/outbound-deliveries/${delivery.id}/retry`, {
        token: admin,
      });
      // The outbox drained: every task.closed written during the outage was handled.
      let unprocessed = -1;
      for (let i = 0; i < 60; i++) {
        [{ n: unprocessed }] = await run<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_events WHERE processed_at IS NULL`,
        );
        if (unprocessed === 0) break;
        await sleep(500);
      }
      const final = await tallyEscalations(run, directiveId);

      const during = load.samples.filter(
        (sample) => sample.at >= downAt && sample.at < downAt + OUTAGE_MS,
      );
      const okDuring = during.filter((sample) => sample.status === 200).length;
      const byPath = (path: string) => probes.filter((probe) => probe.path === path);
      const summary = (path: string) =>
        `${path} ${[...new Set(byPath(path).map((p) => p.status))].join('/')} max ${Math.round(
          Math.max(...byPath(path).map((p) => p.ms)),
        )} ms`;
      console.log(
        `Redis down ${OUTAGE_MS} ms: status updates during the outage ${okDuring}/${during.length} OK ` +
          `(p95 ${Math.round(
            percentile(
              during.map((s) => s.ms),
              95,
            ),
          )} ms); ` +
          `${summary('retry')}, ${summary('health')}, ${summary('board')}; ` +
          `worker resumed ${resumedMs} ms and caught up ${caughtUpMs} ms after Redis returned; ` +
          `outbox left ${unprocessed}; ${tasks} steps: missed ${final.missed}, duplicates ${final.duplicateEscalations}/${final.duplicateHistory}`,
      );

      expect(during.length).toBeGreaterThan(20);
      expect(okDuring).toBe(during.length);
      for (const path of ['retry', 'health', 'board']) {
        expect(byPath(path).length).toBeGreaterThan(5);
        for (const probe of byPath(path)) {
          expect(probe.status).toBe(503);
          expect(probe.ms).toBeLessThan(2000);
        }
      }
      // The refused retry changed nothing; once Redis is back it goes through.
      expect(deliveryDuring.status).toBe('failed');
      expect(retryAfter.status).toBe(200);
      expect(resumedMs).toBeGreaterThanOrEqual(0);
      expect(resumedMs).toBeLessThan(30_000);
      // Catching up on the steps that came due during the outage takes what it takes on a shared
      // 2-core machine; within the minute polled above.
      expect(caughtUpMs).toBeGreaterThanOrEqual(0);
      expect(unprocessed).toBe(0);
      expect(final).toMatchObject({
        missed: 0,
        due: tasks,
        fired: tasks,
        duplicateEscalations: 0,
        duplicateHistory: 0,
        duplicateNotifications: 0,
      });
      expect(api.process.child.exitCode).toBeNull();
      expect(worker.child.exitCode).toBeNull();
    } finally {
      if (api) await stop(api.process);
      if (worker) await stop(worker);
      await redis.destroy();
      await dropTestDatabase(database);
    }
  }, 240_000);
});
