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

const POLICY = {
  reminderBefore: null,
  receiptReminderAfter: null,
  staleReminderAfter: null,
  level2After: { hours: 1000 },
  maxLevel3Rounds: 0,
};

/** `assignments × 40` lead tasks already past their deadline, each unit with one officer. */
async function seedDueTasks(database: string, assignments: number): Promise<number> {
  await query(
    database,
    `INSERT INTO units (code, name, kind) SELECT 'u-' || g, 'Đơn vị ' || g, 'office' FROM generate_series(1, 40) g`,
  );
  await query(
    database,
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT u.code || '.officer', 'Cán bộ ' || u.name, 'unit_officer', u.id, 'not-a-hash' FROM units u`,
  );
  const [directive] = await query<{ id: string }>(
    database,
    `INSERT INTO directives (status, source_text, source_format, source_sha256, imported_by, published_at, escalation_policy)
     SELECT 'published', 'x', 'text', repeat('0', 64), (SELECT id FROM users LIMIT 1), now() - interval '1 day', $1
     RETURNING id`,
    [JSON.stringify(POLICY)],
  );
  await query(
    database,
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution)
     SELECT $1, g, g::text, 'Đơn vị', 'Việc ' || g, 'group' FROM generate_series(1, $2) g`,
    [directive.id, assignments],
  );
  const [{ n }] = await query<{ n: number }>(
    database,
    `WITH created AS (
       INSERT INTO tasks (directive_id, assignment_id, unit_id, role, deadline, due_at, last_unit_activity_at)
       SELECT a.directive_id, a.id, u.id, 'lead', '2020-01-01', now() - interval '1 minute', now()
         FROM assignments a CROSS JOIN units u
       RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
  );
  await query(
    database,
    `INSERT INTO outbox_events (type, payload) VALUES ('directive.published', $1)`,
    [JSON.stringify({ directiveId: directive.id })],
  );
  return n;
}

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
  });
}

describe('escalation workers', () => {
  it('should have five workers escalate 10,000 due tasks exactly once each', async () => {
    const database = await createTestDatabase();
    const prefix = uniqueName('dondoc_test');
    const workers: RunningProcess[] = [];
    try {
      const tasks = await seedDueTasks(database, 250);
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
      const tasks = await seedDueTasks(database, 100);
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
