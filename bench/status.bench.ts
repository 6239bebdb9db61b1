import pg from 'pg';
import {
  LOAD_HEADER,
  dropDatabase,
  freshDatabase,
  loadRow,
  login,
  ms,
  peakRssMb,
  percentile,
  printLoad,
  runLoad,
  saveResults,
  startApi,
  stopProcess,
} from './bench-kit.js';
import { PASSWORD, seedLoad } from './seed-load.js';

/**
 * `npm run bench:status`: `POST /api/tasks/:id/status` at 50 connections — the chair accepts
 * reported tasks (reported → completed): authenticated, validated, version-checked, the task row,
 * a history row and a `task.closed` outbox row in one transaction. Every request is a distinct
 * task at its current version. Baseline: the same statements (the read that checks the version
 * and the status, then UPDATE … WHERE version, history INSERT, outbox INSERT in one transaction)
 * driven straight through `pg` by 50 concurrent callers on a pool as large as the API's.
 * Targets: ≥ 300 updates/s, p95 ≤ 100 ms, ≥ 50% of the direct SQL rate.
 */
const CONNECTIONS = 50;
const POOL = 20; // the API's DATABASE_POOL_MAX default
const WARM_UP = 3;
const SECONDS = 10;
const TARGET_RPS = 300;
const TARGET_P95 = 100;
const TARGET_RATIO = 0.5;
const DATABASE = 'dondoc_bench_status';

interface Row {
  id: string;
}

/** The same transaction without the framework: `ids.length` moves, `concurrency` at a time. */
async function directSql(url: string, ids: string[], actorId: string, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const times: number[] = [];
  let next = 0;
  let failed = 0;
  const move = async (id: string) => {
    const [task] = (
      await pool.query<{ status: string; version: number }>(
        'SELECT id, status, version, unit_id, directive_id FROM tasks WHERE id = $1',
        [id],
      )
    ).rows;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const updated = await client.query(
        `UPDATE tasks SET status = 'completed', completed_at = now(), updated_at = now(), version = version + 1
          WHERE id = $1 AND version = $2 RETURNING version`,
        [id, task.version],
      );
      if (updated.rowCount !== 1) throw new Error('stale version');
      await client.query(
        `INSERT INTO task_events (task_id, actor_id, kind, from_status, to_status, note, data)
         VALUES ($1, $2, 'status_changed', $3, 'completed', NULL, '{}')`,
        [id, actorId, task.status],
      );
      await client.query(`INSERT INTO outbox_events (type, payload) VALUES ('task.closed', $1)`, [
        JSON.stringify({ taskId: id }),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const run = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until && next < ids.length) {
          const begin = performance.now();
          try {
            await move(ids[next++]);
            if (record) times.push(performance.now() - begin);
          } catch {
            if (record) failed++;
          }
        }
      }),
    );
  };
  try {
    await run(Date.now() + WARM_UP * 1000, false);
    const started = Date.now();
    await run(started + seconds * 1000, true);
    const elapsed = (Date.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return {
      rps: times.length / elapsed,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      errors: failed,
      moves: times.length,
    };
  } finally {
    await pool.end();
  }
}

const url = await freshDatabase(DATABASE);
try {
  const seeded = await seedLoad(url);
  console.log(`seeded ${seeded.tasks} tasks in ${seeded.seconds.toFixed(1)} s`);
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => undefined); // the database is dropped under it if the run fails
  await db.connect();
  const ids = (
    await db.query<Row>(`SELECT id FROM tasks WHERE status = 'reported' ORDER BY md5(id::text)`)
  ).rows.map((row) => row.id);
  const [{ id: chairId }] = (
    await db.query<Row>(`SELECT id FROM users WHERE username = 'bench.chair'`)
  ).rows;
  // The first half for the API, the second for the direct SQL baseline.
  const half = Math.floor(ids.length / 2);
  const api = await startApi(url);
  try {
    const token = await login(api.base, 'bench.chair', PASSWORD);
    const http = await runLoad(
      {
        url: api.base,
        connections: CONNECTIONS,
        warmUpSeconds: WARM_UP,
        seconds: SECONDS,
        once: true,
        requests: ids.slice(0, half).map((id) => ({
          method: 'POST',
          path: `/api/tasks/${id}/status`,
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({ status: 'completed', version: 1 }),
        })),
      },
      api.child.pid,
    );
    const rss = peakRssMb(api.child.pid!);
    printLoad('API status updates', http, rss);
    await stopProcess(api.child);

    const sql = await directSql(url, ids.slice(half), chairId, SECONDS);
    console.log(
      `direct SQL: ${sql.rps.toFixed(0)} moves/s, p50 ${ms(sql.p50)} ms, p95 ${ms(sql.p95)} ms, p99 ${ms(sql.p99)} ms, errors ${sql.errors}`,
    );
    // Every accepted request left its history and outbox rows, and nothing else moved.
    const [check] = (
      await db.query<{ completed: number; events: number; outbox: number }>(
        `SELECT (SELECT count(*)::int FROM tasks WHERE status = 'completed' AND version = 2) AS completed,
                (SELECT count(*)::int FROM task_events WHERE kind = 'status_changed') AS events,
                (SELECT count(*)::int FROM outbox_events WHERE type = 'task.closed') AS outbox`,
      )
    ).rows;
    await db.end();
    const ratio = http.rps / sql.rps;
    const consistent = check.completed === check.events && check.events === check.outbox;
    console.log(
      `API / direct SQL: ${(ratio * 100).toFixed(0)}%; rows: ${check.completed} moved, ${check.events} history, ${check.outbox} outbox`,
    );
    saveResults({
      name: 'status',
      title: 'Status update: POST /api/tasks/:id/status',
      command: 'npm run bench:status',
      body: [
        `${seeded.tasks.toLocaleString('en')} tasks seeded by SQL (1,000 units, 100 directives). The chair accepts reported`,
        `tasks (reported → completed) through the built API, ${CONNECTIONS} connections, each request a distinct task at`,
        `its current version; ${WARM_UP} s warm-up, ${SECONDS} s measured. Baseline: the same statements straight through`,
        `\`pg\` (the read that checks status and version, then UPDATE … WHERE version, history INSERT and outbox INSERT`,
        `in one transaction), ${CONNECTIONS} concurrent callers on a pool of ${POOL} like the API's.`,
        '',
        ...LOAD_HEADER,
        loadRow('API, 50 connections', http, rss),
        `| direct SQL through pg | ${sql.rps.toFixed(0)} | ${ms(sql.p50)} | ${ms(sql.p95)} | ${ms(sql.p99)} | ${sql.errors} | – | – |`,
        '',
        `**API / direct SQL: ${(ratio * 100).toFixed(0)}%.** Rows afterwards: ${check.completed} tasks moved, ${check.events}`,
        `history rows, ${check.outbox} outbox rows (${consistent ? 'one of each per move' : '**inconsistent**'}).`,
      ],
      targets: [
        {
          what: 'status updates/s at 50 connections',
          measured: http.rps.toFixed(0),
          target: `≥ ${TARGET_RPS}`,
          met: http.rps >= TARGET_RPS && http.errors === 0,
        },
        {
          what: 'status update p95',
          measured: `${ms(http.p95)} ms`,
          target: `≤ ${TARGET_P95} ms`,
          met: http.p95 <= TARGET_P95,
        },
        {
          what: 'status updates, API / direct SQL',
          measured: `${(ratio * 100).toFixed(0)}%`,
          target: `≥ ${TARGET_RATIO * 100}%`,
          met: ratio >= TARGET_RATIO,
        },
      ],
    });
    if (!consistent) process.exitCode = 1;
  } finally {
    await stopProcess(api.child);
  }
} finally {
  await dropDatabase(DATABASE);
}
