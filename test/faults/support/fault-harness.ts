import { DEMO_PASSWORD } from '../../../src/demo/demo-directory.js';
import { freePort, type RunningProcess, startBuilt, waitForHttp } from '../../support/processes.js';
import { uniqueName } from '../../support/test-database.js';
import { unitBodySql } from '../../../src/units/unit-body.js';

// What the fault tests share: the built API and worker as child processes, an HTTP client over
// loopback, load that records every answer, and seed data with known due steps.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one SQL statement against the test's database. */
export type RunSql = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix?: string;
}

/** The environment both processes share; tests add their own knobs. */
export function processEnv(services: Services, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: services.redisPrefix ?? uniqueName('dondoc_test'),
    DATABASE_POOL_MAX: '10',
    LOGIN_RATE_LIMIT: '10000',
    // Load from a handful of users: the API-wide limit would answer 429 to the load itself.
    API_RATE_LIMIT: '0',
    UPLOAD_RATE_LIMIT: '100000',
    OUTBOX_POLL_MS: '200',
    ESCALATION_RECONCILE_MS: '5000',
    ...extra,
  };
}

export interface Api {
  process: RunningProcess;
  base: string;
}

/** Starts the built API and waits until it is healthy. */
export async function startApi(env: Record<string, string>, timeoutMs = 60_000): Promise<Api> {
  const port = await freePort();
  const process = startBuilt('src/main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForHttp(`${base}/api/health`, 200, timeoutMs),
      process.exited.then((code) => {
        throw new Error(`the API exited (${code}) at start: ${process.output().stderr}`);
      }),
    ]);
  } catch (error) {
    process.child.kill('SIGKILL');
    throw error;
  }
  return { process, base };
}

export function startWorker(env: Record<string, string>): RunningProcess {
  return startBuilt('src/worker.js', env);
}

export interface Answer {
  status: number;
  body: any;
  ms: number;
}

/** One HTTP request; a refused or reset connection answers status 0. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const started = performance.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: String(error), ms: performance.now() - started };
  }
}

export async function login(base: string, username: string): Promise<string> {
  const answer = await call(base, 'POST', '/api/auth/login', {
    body: { username, password: DEMO_PASSWORD },
  });
  if (answer.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(answer)}`);
  return (answer.body as { accessToken: string }).accessToken;
}

export interface Sample extends Answer {
  at: number;
  kind: string;
}

/**
 * Runs `work` from `concurrency` loops until stopped, recording every answer with its start
 * time (Date.now()), so a test can look at what happened during a window.
 */
export function runLoad(
  concurrency: number,
  work: (worker: number) => Promise<{ kind: string; answer: Answer } | null>,
): { samples: Sample[]; stop: () => Promise<void> } {
  const samples: Sample[] = [];
  let stopped = false;
  const loops = Array.from({ length: concurrency }, async (_, worker) => {
    while (!stopped) {
      const at = Date.now();
      const result = await work(worker);
      if (!result) {
        await sleep(20);
        continue;
      }
      samples.push({ at, kind: result.kind, ...result.answer });
    }
  });
  return {
    samples,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export const WORK_UNIT = 'xa-hong-quang';

/**
 * Tasks for the demo unit `WORK_UNIT` that nothing escalates for a month: the status-update load
 * moves them. Returns their ids.
 */
export async function seedWorkTasks(run: RunSql, count: number): Promise<string[]> {
  const policy = {
    reminderBefore: null,
    receiptReminderAfter: null,
    staleReminderAfter: null,
    level2After: { hours: 1000 },
    maxLevel3Rounds: 0,
  };
  const [directive] = await run<{ id: string }>(
    `INSERT INTO directives (status, number, source_text, source_format, source_sha256, imported_by, issuing_unit_id, published_at, escalation_policy)
     SELECT 'published', '1/WORK', 'x', 'text', repeat('1', 64), u.id, ${unitBodySql('u.unit_id')}, now(), $1
       FROM users u WHERE u.username = 'clerk'
     RETURNING id`,
    [JSON.stringify(policy)],
  );
  // One task per (assignment, unit): one assignment per task.
  await run(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution)
     SELECT $1, g, g::text, 'Xã', 'Việc thường ' || g, 'matched' FROM generate_series(1, $2) g`,
    [directive.id, count],
  );
  const rows = await run<{ id: string }>(
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, deadline, due_at, last_unit_activity_at)
     SELECT $1, a.id, (SELECT id FROM units WHERE code = $2), 'lead', (now() + interval '30 days')::date,
            now() + interval '30 days', now()
       FROM assignments a WHERE a.directive_id = $1 ORDER BY a.ordinal
     RETURNING id`,
    [directive.id, WORK_UNIT],
  );
  return rows.map((row) => row.id);
}

/**
 * `perUnit × 40` lead tasks of one directive for 40 units of their own (one officer each), due
 * between `fromSeconds` and `fromSeconds + spreadSeconds` from now, whose steps are `level-1` at the
 * deadline and `level-2` `level2AfterHours` later; and the outbox event that schedules them.
 */
export async function seedEscalatingTasks(
  run: RunSql,
  options: {
    perUnit: number;
    fromSeconds: number;
    spreadSeconds: number;
    tag: string;
    /** Level 2 this many hours after the deadline (default 1000: a delayed job that stays). */
    level2AfterHours?: number;
  },
): Promise<{ directiveId: string; tasks: number }> {
  const policy = {
    reminderBefore: null,
    receiptReminderAfter: null,
    staleReminderAfter: null,
    level2After: { hours: options.level2AfterHours ?? 1000 },
    maxLevel3Rounds: 0,
  };
  await run(
    `INSERT INTO units (code, name, kind)
     SELECT $1 || '-' || g, 'Đơn vị ' || $1 || ' ' || g, 'office' FROM generate_series(1, 40) g`,
    [options.tag],
  );
  await run(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT u.code || '.officer', 'Cán bộ ' || u.name, 'unit_officer', u.id, 'not-a-hash'
       FROM units u WHERE u.code LIKE $1 || '-%'`,
    [options.tag],
  );
  const [directive] = await run<{ id: string }>(
    `INSERT INTO directives (status, number, source_text, source_format, source_sha256, imported_by, issuing_unit_id, published_at, escalation_policy)
     SELECT 'published', $2, 'x', 'text', repeat('0', 64), u.id, ${unitBodySql('u.unit_id')}, now() - interval '1 day', $1
       FROM (SELECT id, unit_id FROM users LIMIT 1) u
     RETURNING id`,
    [JSON.stringify(policy), `1/${options.tag}`],
  );
  await run(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution)
     SELECT $1, g, g::text, 'Đơn vị', 'Việc ' || g, 'group' FROM generate_series(1, $2) g`,
    [directive.id, options.perUnit],
  );
  const [{ n }] = await run<{ n: number }>(
    `WITH created AS (
       INSERT INTO tasks (directive_id, assignment_id, unit_id, role, deadline, due_at, last_unit_activity_at)
       SELECT a.directive_id, a.id, u.id, 'lead', '2020-01-01',
              now() + make_interval(secs => $2 + random() * $3), now()
         FROM assignments a CROSS JOIN units u
        WHERE a.directive_id = $1 AND u.code LIKE $4 || '-%'
       RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
    [directive.id, options.fromSeconds, options.spreadSeconds, options.tag],
  );
  await run(`INSERT INTO outbox_events (type, payload) VALUES ('directive.published', $1)`, [
    JSON.stringify({ directiveId: directive.id }),
  ]);
  return { directiveId: directive.id, tasks: n };
}

export interface EscalationTally {
  /** Tasks whose level-1 step is due (by the database's clock) but has no escalation. */
  missed: number;
  /** Escalation rows beyond one per (task, step, deadline version). */
  duplicateEscalations: number;
  /** History lines beyond one per escalation ("escalated" events). */
  duplicateHistory: number;
  /** Notifications beyond one per (escalation, recipient), and escalations with none. */
  duplicateNotifications: number;
  unnotified: number;
  fired: number;
  due: number;
}

/** The SQL check of a directive's due steps against what fired. */
export async function tallyEscalations(run: RunSql, directiveId: string): Promise<EscalationTally> {
  const [row] = await run<EscalationTally>(
    `WITH t AS (SELECT * FROM tasks WHERE directive_id = $1),
          e AS (SELECT e.* FROM escalations e JOIN t ON t.id = e.task_id)
     SELECT (SELECT count(*)::int FROM t WHERE t.due_at <= now() AND NOT EXISTS (
               SELECT 1 FROM e WHERE e.task_id = t.id AND e.step = 'level-1'
                                 AND e.deadline_version = t.deadline_version)) AS missed,
            (SELECT count(*)::int - count(DISTINCT (task_id, step, deadline_version))::int FROM e)
              AS "duplicateEscalations",
            (SELECT count(*)::int - count(DISTINCT task_id)::int FROM task_events ev
               JOIN t ON t.id = ev.task_id WHERE ev.kind = 'escalated') AS "duplicateHistory",
            (SELECT count(*)::int - count(DISTINCT (n.escalation_id, n.user_id))::int
               FROM notifications n JOIN e ON e.id = n.escalation_id) AS "duplicateNotifications",
            (SELECT count(*)::int FROM e WHERE NOT EXISTS (
               SELECT 1 FROM notifications n WHERE n.escalation_id = e.id)) AS unnotified,
            (SELECT count(*)::int FROM e) AS fired,
            (SELECT count(*)::int FROM t WHERE t.due_at <= now()) AS due`,
    [directiveId],
  );
  return row;
}

/** Polls until every due step of the directive fired (or the time is up); returns the tally. */
export async function waitForAllFired(
  run: RunSql,
  directiveId: string,
  total: number,
  timeoutMs: number,
): Promise<EscalationTally & { ms: number }> {
  const started = Date.now();
  for (;;) {
    const tally = await tallyEscalations(run, directiveId);
    if ((tally.fired >= total && tally.missed === 0) || Date.now() - started > timeoutMs)
      return { ...tally, ms: Date.now() - started };
    await sleep(250);
  }
}

/** Percentile of a list of numbers (0–100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
