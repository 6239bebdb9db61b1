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
import { OFFICERS, PASSWORD, seedLoad } from './seed-load.js';

/**
 * `npm run bench:read`: `GET /api/tasks/:id` by unit officers, each reading tasks of their own
 * unit (the object-level check runs on every request): 20 officers × their 100 tasks, shuffled,
 * 20 connections, 3 s warm-up, 10 s measured. Baseline: the same two reads (the signed-in user,
 * then the task with its unit, directive and part) straight through `pg` by 20 concurrent
 * callers on a pool as large as the API's. Targets: ≥ 800 req/s, p95 ≤ 50 ms.
 */
const CONNECTIONS = 20;
const POOL = 20;
const WARM_UP = 3;
const SECONDS = 10;
const TARGET_RPS = 800;
const TARGET_P95 = 50;
const DATABASE = 'dondoc_bench_read';

interface Item {
  taskId: string;
  userId: string;
  username: string;
}

async function directSql(url: string, items: Item[], seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const times: number[] = [];
  let next = 0;
  let failed = 0;
  const read = async ({ taskId, userId }: Item) => {
    const user = (
      await pool.query<{ unit_id: string }>(
        'SELECT id, username, full_name, role, unit_id, active FROM users WHERE id = $1 AND active',
        [userId],
      )
    ).rows[0];
    const task = (
      await pool.query<{ unit_id: string }>(
        `SELECT t.*, u.code, u.name, d.number, d.subject, d.issued_on, d.clerk_may_review,
                a.label, a.assignee, a.text
           FROM tasks t JOIN units u ON u.id = t.unit_id JOIN directives d ON d.id = t.directive_id
           JOIN assignments a ON a.id = t.assignment_id
          WHERE t.id = $1`,
        [taskId],
      )
    ).rows[0];
    if (task.unit_id !== user.unit_id) throw new Error('not visible');
  };
  const run = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          const begin = performance.now();
          try {
            await read(items[next++ % items.length]);
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
  const items = (
    await db.query<Item>(
      `SELECT t.id AS "taskId", us.id AS "userId", us.username
         FROM users us JOIN tasks t ON t.unit_id = us.unit_id
        WHERE us.role = 'unit_officer' ORDER BY md5(t.id::text)`,
    )
  ).rows;
  await db.end();
  const api = await startApi(url);
  try {
    const tokens = new Map<string, string>();
    for (const username of new Set(items.map((item) => item.username)))
      tokens.set(username, await login(api.base, username, PASSWORD));
    const http = await runLoad(
      {
        url: api.base,
        connections: CONNECTIONS,
        warmUpSeconds: WARM_UP,
        seconds: SECONDS,
        requests: items.map((item) => ({
          method: 'GET',
          path: `/api/tasks/${item.taskId}`,
          headers: { authorization: `Bearer ${tokens.get(item.username)}` },
        })),
      },
      api.child.pid,
    );
    const rss = peakRssMb(api.child.pid!);
    printLoad('API task reads', http, rss);
    await stopProcess(api.child);
    const sql = await directSql(url, items, SECONDS);
    console.log(
      `direct SQL: ${sql.rps.toFixed(0)} reads/s, p50 ${ms(sql.p50)} ms, p95 ${ms(sql.p95)} ms, p99 ${ms(sql.p99)} ms, errors ${sql.errors}`,
    );
    const ratio = http.rps / sql.rps;
    console.log(`API / direct SQL: ${(ratio * 100).toFixed(0)}%`);
    saveResults({
      name: 'read',
      title: 'Single task read: GET /api/tasks/:id',
      command: 'npm run bench:read',
      body: [
        `${seeded.tasks.toLocaleString('en')} tasks seeded by SQL. ${OFFICERS} unit officers each read tasks of their own unit`,
        `(${items.length} task ids, shuffled, cycled) through the built API: token check, user reload, the task`,
        `with its unit, directive and part, the unit check, derived flags. ${CONNECTIONS} connections, ${WARM_UP} s warm-up,`,
        `${SECONDS} s measured. Baseline: the same two reads straight through \`pg\`, ${CONNECTIONS} concurrent callers.`,
        '',
        ...LOAD_HEADER,
        loadRow(`API, ${CONNECTIONS} connections`, http, rss),
        `| direct SQL through pg | ${sql.rps.toFixed(0)} | ${ms(sql.p50)} | ${ms(sql.p95)} | ${ms(sql.p99)} | ${sql.errors} | – | – |`,
        '',
        `**API / direct SQL: ${(ratio * 100).toFixed(0)}%.**`,
      ],
      targets: [
        {
          what: `task reads/s at ${CONNECTIONS} connections`,
          measured: http.rps.toFixed(0),
          target: `≥ ${TARGET_RPS}`,
          met: http.rps >= TARGET_RPS && http.errors === 0,
        },
        {
          what: 'task read p95',
          measured: `${ms(http.p95)} ms`,
          target: `≤ ${TARGET_P95} ms`,
          met: http.p95 <= TARGET_P95,
        },
      ],
    });
  } finally {
    await stopProcess(api.child);
  }
} finally {
  await dropDatabase(DATABASE);
}
