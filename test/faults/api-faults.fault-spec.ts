import { randomUUID } from 'node:crypto';
import { stop } from '../support/processes.js';
import {
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  query,
  TEST_REDIS_URL,
} from '../support/test-database.js';
import {
  type Api,
  call,
  login,
  processEnv,
  type RunSql,
  runLoad,
  seedWorkTasks,
  sleep,
  startApi,
  WORK_UNIT,
} from './support/fault-harness.js';

// The built API as a process on the shared PostgreSQL and Redis (a database and key prefix of its
// own): concurrent writers, retried requests, and a SIGTERM under load.

describe('API under races, retries and SIGTERM', () => {
  let database: string;
  let run: RunSql;
  let api: Api;
  let officer: string;
  let tasks: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    run = (sql, params) => query(database, sql, params) as never;
    api = await startApi(
      processEnv(
        { databaseUrl: databaseUrl(database), redisUrl: TEST_REDIS_URL },
        { SEED_DEMO: 'true', MIGRATIONS_RUN: 'false' },
      ),
      120_000,
    );
    officer = await login(api.base, `${WORK_UNIT}.officer`);
    tasks = await seedWorkTasks(run, 20);
  }, 180_000);

  afterAll(async () => {
    if (api) await stop(api.process);
    if (database) await dropTestDatabase(database);
  });

  const version = async (taskId: string) =>
    (await run<{ version: number }>('SELECT version FROM tasks WHERE id = $1', [taskId]))[0]
      .version;

  it('should let exactly one of 50 concurrent updates at one version win', async () => {
    const taskId = tasks[0];
    const at = await version(taskId);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(api.base, 'POST', `/api/tasks/${taskId}/status`, {
          token: officer,
          body: { status: 'received', version: at },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    const conflicts = answers.filter(
      (answer) => answer.status === 409 && answer.body.code === 'stale_version',
    );
    console.log(
      `50 concurrent updates at version ${at}: ${statuses.filter((s) => s === 200).length} × 200, ` +
        `${conflicts.length} × 409 stale_version`,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect(await version(taskId)).toBe(at + 1);
    const [events] = await run<{ n: number }>(
      `SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND kind = 'status_changed'`,
      [taskId],
    );
    expect(events.n).toBe(1);
  }, 60_000);

  it('should lose no update in a 1,000-update race on one task', async () => {
    const taskId = tasks[1];
    const start = await version(taskId);
    let attempts = 0;
    const wins: number[] = [];
    let conflicts = 0;
    const others: number[] = [];
    // 25 writers, each sending the version it last heard of; a conflict tells the current one.
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        let known = start;
        while (attempts < 1000) {
          attempts++;
          const answer = await call(api.base, 'POST', `/api/tasks/${taskId}/evidence`, {
            token: officer,
            body: { kind: 'note', text: `ghi chú ${randomUUID()}`, version: known },
          });
          if (answer.status === 201) {
            wins.push(answer.body.version);
            known = answer.body.version;
          } else if (answer.status === 409 && answer.body.code === 'stale_version') {
            conflicts++;
            known = answer.body.currentVersion ?? known;
          } else others.push(answer.status);
        }
      }),
    );
    const end = await version(taskId);
    const [evidence] = await run<{ n: number }>(
      'SELECT count(*)::int AS n FROM evidence WHERE task_id = $1',
      [taskId],
    );
    console.log(
      `1,000-update race: ${wins.length} applied, ${conflicts} × 409; version ${start} → ${end}; ` +
        `${evidence.n} evidence rows; lost updates ${wins.length - (end - start)}`,
    );
    expect(others).toEqual([]);
    expect(wins.length + conflicts).toBe(1000);
    expect(wins.length).toBeGreaterThan(0);
    // Every acknowledged update is there, each at a version of its own: none overwrote another.
    expect(end - start).toBe(wins.length);
    expect(evidence.n).toBe(wins.length);
    expect(new Set(wins).size).toBe(wins.length);
  }, 180_000);

  it('should apply 10 retries of one Idempotency-Key once, and refuse the key with another body', async () => {
    const taskId = tasks[2];
    const start = await version(taskId);
    const key = randomUUID();
    const body = { kind: 'note', text: 'Đã triển khai tại 5 thôn' };
    const send = (payload: unknown, idempotencyKey = key) =>
      call(api.base, 'POST', `/api/tasks/${taskId}/evidence`, {
        token: officer,
        body: payload,
        headers: { 'idempotency-key': idempotencyKey },
      });
    const first = await send(body);
    expect(first.status).toBe(201);
    const retries = [];
    for (let i = 0; i < 9; i++) retries.push(await send(body));
    // And 10 at once with a second key: one runs, the rest wait their turn or are told it runs.
    const concurrentKey = randomUUID();
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => send({ ...body, text: 'lần hai' }, concurrentKey)),
    );
    const reused = await send({ ...body, text: 'một nội dung khác' });

    const [evidence] = await run<{ n: number }>(
      'SELECT count(*)::int AS n FROM evidence WHERE task_id = $1',
      [taskId],
    );
    console.log(
      `Idempotency-Key: 10 sends of one key (${[first, ...retries].map((a) => a.status).join(',')}) ` +
        `and a burst of 10 with a second key (${burst.map((a) => a.status).join(',')}) → ` +
        `${evidence.n} evidence rows, version ${start} → ${await version(taskId)}; same key, other body → ${reused.status}`,
    );
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
    }
    expect(burst.filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const answer of burst) expect([201, 409]).toContain(answer.status);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    // Two keys, two effects: one note each, and two version bumps.
    expect(evidence.n).toBe(2);
    expect(await version(taskId)).toBe(start + 2);
  }, 60_000);

  it('should drain HTTP on SIGTERM: every request already in flight is answered', async () => {
    let sigtermAt = Number.POSITIVE_INFINITY;
    const load = runLoad(20, async (worker) => {
      const taskId = tasks[3 + (worker % 15)];
      const answer = await call(api.base, 'POST', `/api/tasks/${taskId}/evidence`, {
        token: officer,
        body: { kind: 'note', text: `tải ${randomUUID()}` },
      });
      if (Date.now() > sigtermAt + 30_000) await sleep(1000);
      return { kind: 'evidence', answer };
    });
    await sleep(3000);
    sigtermAt = Date.now();
    api.process.child.kill('SIGTERM');
    const code = await api.process.exited;
    const exitMs = Date.now() - sigtermAt;
    await load.stop();
    const before = load.samples.filter((sample) => sample.at < sigtermAt);
    const inFlight = before.filter((sample) => sample.at + sample.ms > sigtermAt);
    const created = before.filter((sample) => sample.status === 201).length;
    const [evidence] = await run<{ n: number }>(
      'SELECT count(*)::int AS n FROM evidence WHERE task_id = ANY($1)',
      [tasks.slice(3, 18)],
    );
    console.log(
      `SIGTERM API: exited in ${exitMs} ms (code ${code}, signal ${api.process.signal()}); ` +
        `${before.length} requests before, ${inFlight.length} in flight at SIGTERM answered ` +
        `${[...new Set(inFlight.map((sample) => sample.status))].join('/')}; ` +
        `${created} × 201 acknowledged, ${evidence.n} rows`,
    );
    expect(exitMs).toBeLessThan(25_000);
    expect(api.process.signal()).toBe('SIGTERM');
    expect(before.length).toBeGreaterThan(0);
    for (const sample of before) expect(sample.status).toBe(201);
    // Whatever was acknowledged is stored; a request cut off after SIGTERM stored at most its own row.
    expect(evidence.n).toBeGreaterThanOrEqual(created);
    expect(api.process.output().stderr).toBe('');
  }, 60_000);
});
