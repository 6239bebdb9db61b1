import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { seedDueTasks } from '../../bench/due-tasks.js';
import { ESCALATION_JOBS, ESCALATION_QUEUE } from '../../src/escalation/escalation.constants.js';
import { startBuilt, stop, type RunningProcess } from '../support/processes.js';
import {
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  query,
  TEST_REDIS_URL,
  uniqueName,
} from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

// Real worker processes (the built `dist/src/worker.js`) racing over one database and one Redis:
// heavy (10,000 tasks, five processes), so in the faults tier rather than `npm test`. The clock is
// each process's own, so time is real here: the seeded tasks are already due.

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

function waitForEscalations(database: string, target: number, timeout: number) {
  return waitFor(
    `${target} escalations`,
    async () => {
      const row = await counts(database);
      return row.escalations >= target && row;
    },
    { timeout, interval: 250 },
  );
}

/**
 * The workers have nothing left to do: no step job waiting or running, none delayed past its
 * instant (a retry backing off), and the outbox drained. Anything extra would have happened.
 */
async function settled(database: string, prefix: string): Promise<void> {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(ESCALATION_QUEUE, { connection, prefix: `${prefix}:bull` });
  try {
    await waitFor(
      'the workers to settle',
      async () => {
        const [outbox] = await query<{ n: number }>(
          database,
          'SELECT count(*)::int AS n FROM outbox_events WHERE processed_at IS NULL',
        );
        if (outbox.n > 0) return false;
        const jobs = await queue.getJobCounts('wait', 'active', 'prioritized');
        if (Object.values(jobs).some((n) => n > 0)) return false;
        const delayed = await queue.getDelayed();
        return delayed
          .filter((job) => job.name === ESCALATION_JOBS.step)
          .every((job) => job.timestamp + job.delay > Date.now());
      },
      { timeout: 60_000, interval: 250 },
    );
  } finally {
    await queue.close();
    connection.disconnect();
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
      await waitForEscalations(database, tasks, 150_000);
      await settled(database, prefix);
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
      await settled(database, prefix);
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
