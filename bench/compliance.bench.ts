import pg from 'pg';
import { directiveComplianceSql, unitsComplianceSql } from '../src/compliance/compliance-sql.js';
import { dataSourceOptions } from '../src/app/data-source.js';
import { runMigrationsLocked } from '../src/core/database/database-bootstrap.js';
import type { createHttpApp } from '../src/app/http-app.js';
import { PasswordHasher } from '../src/users/password-hasher.js';
import { saveResults, startInProcessApi, seededAlready } from './bench-kit.js';

/**
 * `npm run bench:compliance`: 1,000,000 tasks over 20,000 directives (5 parts × 10 units each)
 * and 500 units in a database of its own; the API in-process on 127.0.0.1; 200 requests each
 * (after 20 warm-up) of `GET /api/compliance/directives/:id` (random directives) and
 * `GET /api/compliance/units?from&to` (random one-month periods). Prints p50/p95 over HTTP and of
 * the same SQL run directly through `pg`, with the ratio. Target: p95 < 100 ms.
 * The seeded database (`dondoc_bench_compliance`) is kept and reused by later runs, marked as
 * complete by a comment on it; `BENCH_RESEED=1` seeds it afresh.
 */
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres:postgres@127.0.0.1:5432';
const DIRECTIVES = 20_000;
const UNITS = 500;
const RUNS = 200;
const WARM_UP = 20;
const TARGET_P95_MS = 100;
const DATABASE = 'dondoc_bench_compliance';
// Changing the seed below? Bump this, and the next run seeds afresh.
const SEED_MARK = 'dondoc bench compliance seed v1 complete';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function seed(client: pg.Client, passwordHash: string): Promise<void> {
  await client.query(
    `INSERT INTO units (code, name, kind) SELECT 'u-' || g, 'Đơn vị ' || g, 'office' FROM generate_series(0, $1 - 1) g`,
    [UNITS],
  );
  await client.query(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT 'bench.admin', 'Bench admin', 'admin', id, $1 FROM units WHERE code = 'u-0'`,
    [passwordHash],
  );
  // Issued over two years around now, so some are done, some overdue, some not yet due.
  await client.query(
    `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                             source_sha256, imported_by, issuing_unit_id, published_at)
     SELECT 'published', g || '/BENCH', 'UBND huyện', 'Văn bản ' || g,
            (now() - interval '700 days' + (g % 730) * interval '1 day')::date,
            'x', 'text', repeat('0', 64), (SELECT id FROM users LIMIT 1),
            (SELECT unit_id FROM users LIMIT 1), now()
       FROM generate_series(1, $1) g`,
    [DIRECTIVES],
  );
  await client.query(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, requested)
     SELECT d.id, o, o::text, 'Các đơn vị', 'Nhiệm vụ ' || o, 'group', o = 5
       FROM directives d CROSS JOIN generate_series(1, 5) o`,
  );
  // 10 units per part; status by a hash of the row: 40% completed (a quarter of them late), the
  // rest spread over the open states, a few paused and cancelled.
  await client.query(
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, requested, status, deadline, due_at,
                        reported_at, completed_at, last_unit_activity_at)
     SELECT a.directive_id, a.id, u.id, 'lead', a.requested,
            (ARRAY['completed','completed','completed','completed','in_progress','received',
                   'assigned','assigned','reported','paused','cancelled','returned'])[1 + (h % 12)],
            to_char(due, 'YYYY-MM-DD'), due,
            CASE WHEN h % 12 < 4 THEN due + ((h % 4) - 2.5) * interval '2 days' END,
            CASE WHEN h % 12 < 4 THEN due + interval '3 days' END,
            due - interval '2 days'
       FROM (SELECT a.*, ((d.issued_on + 10)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS due
               FROM assignments a JOIN directives d ON d.id = a.directive_id) a
       CROSS JOIN generate_series(0, 9) k
       JOIN LATERAL (SELECT abs(hashtext(a.id::text || k)) AS h) hh ON true
       JOIN units u ON u.code = 'u-' || ((a.ordinal * 10 + k + abs(hashtext(a.directive_id::text)) ) % ${UNITS})`,
  );
  await client.query(
    `INSERT INTO escalations (task_id, step, level, deadline_version, due_at)
     SELECT id, 'level-1', 1, 1, due_at FROM tasks
      WHERE status NOT IN ('completed', 'cancelled', 'paused') AND due_at < now() AND abs(hashtext(id::text)) % 20 = 0`,
  );
  await client.query('VACUUM ANALYZE');
}

async function main(): Promise<void> {
  const database = DATABASE;
  const reuse = !process.env.BENCH_RESEED && (await seededAlready(DATABASE, SEED_MARK));
  if (!reuse) {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${database}`);
  }
  const url = `${SERVER}/${database}`;
  const client = new pg.Client({ connectionString: url });
  let app: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  try {
    await runMigrationsLocked(dataSourceOptions(url));
    await client.connect();
    let started = Date.now();
    if (reuse) {
      console.log(`reusing the seeded database ${database} (BENCH_RESEED=1 seeds it afresh)`);
    } else {
      await seed(client, await new PasswordHasher().hash('bench1234'));
      await admin(`COMMENT ON DATABASE ${database} IS '${SEED_MARK}'`);
    }
    const [{ tasks }] = (
      await client.query<{ tasks: number }>('SELECT count(*)::int AS tasks FROM tasks')
    ).rows;
    console.log(
      `${reuse ? 'found' : 'seeded'} ${tasks} tasks, ${DIRECTIVES} directives, ${UNITS} units in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const api = await startInProcessApi(url, 'bench.admin');
    app = api.app;
    const { base, token: accessToken } = api;
    const ids = (await client.query<{ id: string }>('SELECT id FROM directives')).rows.map(
      (r) => r.id,
    );
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    const month = () => {
      const start = new Date(Date.now() - Math.floor(Math.random() * 680) * 86_400_000);
      const from = start.toISOString().slice(0, 10);
      const to = new Date(start.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
      return { from, to };
    };

    const http = async (path: string) => {
      const begin = performance.now();
      const reply = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = await reply.text();
      if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${body}`);
      return performance.now() - begin;
    };
    const sql = async (text: string, params: unknown[]) => {
      const begin = performance.now();
      await client.query(text, params);
      return performance.now() - begin;
    };
    const measure = async (run: () => Promise<number>) => {
      for (let i = 0; i < WARM_UP; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await run());
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };

    started = Date.now();
    const results = [
      {
        name: 'compliance/directives/:id',
        http: await measure(() => http(`/api/compliance/directives/${pick()}`)),
        sql: await measure(() => sql(directiveComplianceSql(false), [pick(), new Date()])),
      },
      {
        name: 'compliance/units (1 month)',
        http: await measure(() => {
          const { from, to } = month();
          return http(`/api/compliance/units?from=${from}&to=${to}`);
        }),
        sql: await measure(() => {
          const { from, to } = month();
          return sql(unitsComplianceSql('TRUE'), [new Date(), from, to]);
        }),
      },
    ];
    for (const result of results) {
      const verdict =
        result.http.p95 < TARGET_P95_MS
          ? `within the ${TARGET_P95_MS} ms target`
          : `MISSES the ${TARGET_P95_MS} ms target by ${(result.http.p95 - TARGET_P95_MS).toFixed(1)} ms`;
      console.log(
        `${result.name}: HTTP p50 ${result.http.p50.toFixed(1)} ms, p95 ${result.http.p95.toFixed(1)} ms (${verdict}); ` +
          `SQL p50 ${result.sql.p50.toFixed(1)} ms, p95 ${result.sql.p95.toFixed(1)} ms; ` +
          `HTTP/SQL p95 ratio ${(result.http.p95 / result.sql.p95).toFixed(2)}`,
      );
    }
    console.log(`measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    saveResults({
      name: 'compliance',
      title: 'Compliance at 1,000,000 tasks',
      command: 'npm run bench:compliance',
      body: [
        `${tasks.toLocaleString('en')} tasks over ${DIRECTIVES.toLocaleString('en')} directives and ${UNITS} units, seeded by SQL into \`${DATABASE}\``,
        `(kept between runs; \`BENCH_RESEED=1\` seeds afresh). The API in-process on 127.0.0.1, one request at a time:`,
        `${RUNS} requests per endpoint after ${WARM_UP} warm-up, beside the same SQL run directly through \`pg\`.`,
        '',
        '| endpoint | HTTP p50 ms | HTTP p95 ms | SQL p50 ms | SQL p95 ms | HTTP / SQL p95 |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        ...results.map(
          (r) =>
            `| ${r.name} | ${r.http.p50.toFixed(1)} | ${r.http.p95.toFixed(1)} | ${r.sql.p50.toFixed(1)} | ${r.sql.p95.toFixed(1)} | ${(r.http.p95 / r.sql.p95).toFixed(2)} |`,
        ),
      ],
      targets: results.map((r) => ({
        what: `${r.name} p95 at 1M tasks`,
        measured: `${r.http.p95.toFixed(1)} ms`,
        target: `≤ ${TARGET_P95_MS} ms`,
        met: r.http.p95 <= TARGET_P95_MS,
      })),
    });
  } finally {
    await app?.close();
    await client.end().catch(() => undefined);
  }
}

await main();
