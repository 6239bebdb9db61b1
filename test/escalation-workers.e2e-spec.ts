import { seedDueTasks } from '../bench/due-tasks.js';
import { startBuilt, stop, type RunningProcess } from './support/processes.js';
import {
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  query,
  TEST_REDIS_URL,
  uniqueName,
} from './support/test-database.js';

// Real worker processes (the built `dist/src/worker.js`) racing over one database and one Redis.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const seed = (database: string, assignments: number) =>
  seedDueTasks(
    <T>(sql: string, params?: unknown[]) => query(database, sql, params) as Promise<T[]>,
    assignments,
  );

async function counts(database: string) {
  const [row] = await query<{
    escalations: number;
    distinct_steps: number;
    notifications: number;
    distinct_notified: number;
  }>(
    database,
    `SELECT (SELECT count(*)::int FROM escalations) AS escalations,
            (SELECT count(DISTINCT (task_id, step, deadline_version))::int FROM escalations) AS distinct_steps,
            (SELECT count(*)::int FROM notifications) AS notifications,
            (SELECT count(DISTINCT (escalation_id, user_id))::int FROM notifications) AS distinct_notified`,
  );
  return row;
}

async function waitForEscalations(database: string, target: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await counts(database);
    if (row.escalations >= target || Date.now() > deadline) return row;
    await sleep(250);
  }
}

function worker(database: string, prefix: string): RunningProcess {
  return startBuilt('src/worker.js', {
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    NODE_ENV: 'test',
    OUTBOX_POLL_MS: '100',
    ESCALATION_RECONCILE_MS: '2000',
    // Five processes share PostgreSQL's 100 connections with the test itself.
    DATABASE_POOL_MAX: '10',
  });
}

describe('escalation workers', () => {
  it('should have five workers escalate 10,000 due tasks exactly once each', async () => {
    const database = await createTestDatabase();
    const prefix = uniqueName('dondoc_test');
    const workers: RunningProcess[] = [];
    try {
      const tasks = await seed(database, 250);
      expect(tasks).toBe(10_000);
      for (let i = 0; i < 5; i++) workers.push(worker(database, prefix));
      const done = await waitForEscalations(database, tasks, 150_000);
      await sleep(1500);
      expect(await counts(database)).toEqual({
        escalations: tasks,
        distinct_steps: tasks,
        notifications: tasks,
        distinct_notified: tasks,
      });
      void done;
    } finally {
      await Promise.all(workers.map((w) => stop(w)));
      await dropTestDatabase(database);
    }
  }, 240_000);

  it('should lose and double nothing when a worker is killed mid-run', async () => {
    const database = await createTestDatabase();
    const prefix = uniqueName('dondoc_test');
    const workers: RunningProcess[] = [];
    try {
      const tasks = await seed(database, 100);
      const first = worker(database, prefix);
      workers.push(first);
      const partial = await waitForEscalations(database, 300, 60_000);
      expect(partial.escalations).toBeGreaterThanOrEqual(300);
      first.child.kill('SIGKILL');
      await first.exited;
      const before = (await counts(database)).escalations;
      expect(before).toBeLessThan(tasks);
      workers.push(worker(database, prefix), worker(database, prefix));
      await waitForEscalations(database, tasks, 90_000);
      await sleep(1500);
      expect(await counts(database)).toEqual({
        escalations: tasks,
        distinct_steps: tasks,
        notifications: tasks,
        distinct_notified: tasks,
      });
    } finally {
      await Promise.all(workers.map((w) => stop(w)));
      await dropTestDatabase(database);
    }
  }, 180_000);
});
