import { loadavg } from 'node:os';
import pg from 'pg';
import { chainTreeSql } from '../src/chain/chain-sql.js';
import { chainComplianceSql, directiveComplianceSql } from '../src/compliance/compliance-sql.js';
import { CONNECTION_OPTIONS, dataSourceOptions } from '../src/app/data-source.js';
import { runMigrationsLocked } from '../src/core/database/database-bootstrap.js';
import { PasswordHasher } from '../src/users/password-hasher.js';
import {
  admin,
  login,
  percentile,
  SERVER,
  saveResults,
  seededAlready,
  type Server,
  startApi,
  stopProcess,
} from './bench-kit.js';

/**
 * `npm run bench:chain`: a province deployment (issue 16, part 6) seeded by SQL into a database of
 * its own: 1 province committee, 25 departments (Sở), 130 communes each with 10 offices and 15
 * villages. Each provincial directive goes to the 25 departments and the 130 communes; the lead
 * department carries its task down to the 130 communes; every commune carries down both tasks it
 * received (the province's and the department's) to its 10 offices and 15 villages — three levels
 * of directives (province → department → commune), about 5,850 tasks and 247 directives per chain.
 * CHAINS provincial directives make about 1,000,000 tasks.
 *
 * Measured, with the province's chair signed in and the built API in its own process on
 * 127.0.0.1 (NODE_ENV=production), one request at a time, RUNS requests each after WARM_UP, on random provincial directives:
 * `GET /api/compliance/directives/:id` (the baseline), the same with `?depth=all` (target p95
 * ≤ 150 ms), `GET /api/directives/:id/chain` (target p95 ≤ 100 ms); beside each, its SQL alone.
 * The database (`dondoc_bench_chain`) is kept and reused, marked complete by a comment on it;
 * `BENCH_RESEED=1` seeds it afresh.
 */
const DEPARTMENTS = 25;
const COMMUNES = 130;
const OFFICES = 10;
const VILLAGES = 15;
const CHAINS = Number(process.env.BENCH_CHAINS ?? 166);
const RUNS = 200;
const WARM_UP = 20;
const TARGET_DEPTH_ALL_MS = 150;
const TARGET_CHAIN_MS = 100;
const DATABASE = 'dondoc_bench_chain';
// Changing the seed below? Bump this, and the next run seeds afresh.
const SEED_MARK = `dondoc bench chain seed v1 ${CHAINS} complete`;

/** Units, the chair, and CHAINS chains of directives, level by level. */
async function seed(client: pg.Client, passwordHash: string): Promise<void> {
  const q = async (label: string, sql: string, params: unknown[] = []) => {
    const begin = Date.now();
    const result = await client.query(sql, params);
    console.log(
      `  ${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - begin) / 1000).toFixed(1)} s`,
    );
  };
  await q(
    'province',
    `INSERT INTO units (code, name, kind) VALUES ('tinh', 'UBND tỉnh', 'province_committee')`,
  );
  await q(
    'departments',
    `INSERT INTO units (code, name, kind, parent_id)
     SELECT 'so-' || g, 'Sở ' || g, 'department', (SELECT id FROM units WHERE code = 'tinh')
       FROM generate_series(1, ${DEPARTMENTS}) g`,
  );
  await q(
    'communes',
    `INSERT INTO units (code, name, kind, parent_id)
     SELECT 'xa-' || g, 'UBND xã ' || g, 'commune', (SELECT id FROM units WHERE code = 'tinh')
       FROM generate_series(1, ${COMMUNES}) g`,
  );
  await q(
    'offices and villages',
    `INSERT INTO units (code, name, kind, parent_id)
     SELECT c.code || CASE WHEN k <= ${OFFICES} THEN '-phong-' || k ELSE '-thon-' || (k - ${OFFICES}) END,
            CASE WHEN k <= ${OFFICES} THEN 'Phòng ' || k ELSE 'Thôn ' || (k - ${OFFICES}) END || ' ' || c.name,
            CASE WHEN k <= ${OFFICES} THEN 'office' ELSE 'other' END, c.id
       FROM units c CROSS JOIN generate_series(1, ${OFFICES + VILLAGES}) k
      WHERE c.kind = 'commune'`,
  );
  await client.query(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT 'tinh.chair', 'Chủ tịch UBND tỉnh', 'chair', id, $1 FROM units WHERE code = 'tinh'`,
    [passwordHash],
  );
  const directive = (task: string, parent: string) =>
    `'published', g.number, g.issuer, 'Triển khai ' || g.number,
     g.issued_on, 'x', 'text', repeat('0', 64), (SELECT id FROM users LIMIT 1), g.body, now(), ${task},
     ${parent}`;
  const columns = `(status, number, issuer, subject, issued_on, source_text, source_format,
                    source_sha256, imported_by, issuing_unit_id, published_at, implements_task_id,
                    implements_directive_id)`;
  // Level 0: the province's directives, issued over two years so some are done, some overdue.
  await q(
    'province directives',
    `INSERT INTO directives ${columns}
     SELECT ${directive('NULL', 'NULL')}
       FROM (SELECT k || '/UBND-TINH' AS number, 'UBND tỉnh' AS issuer,
                    (now() - interval '700 days' + (k * 700 / ${CHAINS}) * interval '1 day')::date AS issued_on,
                    (SELECT id FROM units WHERE code = 'tinh') AS body
               FROM generate_series(1, ${CHAINS}) k) g`,
  );
  // Each directive: part 1 to the bodies below (departments and communes, or offices), part 2 to
  // villages (communes' directives only); tasks by the hash of the row, as the compliance bench.
  const parts = async (label: string, where: string) => {
    await q(
      `${label} assignments`,
      `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, requested)
       SELECT d.id, o, o::text, 'Các đơn vị', 'Nhiệm vụ ' || o, 'group', false
         FROM directives d CROSS JOIN generate_series(1, 2) o WHERE ${where}`,
    );
  };
  const tasks = async (label: string, where: string, units: string) => {
    await q(
      `${label} tasks`,
      `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, requested, status, deadline, due_at,
                          reported_at, completed_at, last_unit_activity_at)
       SELECT a.directive_id, a.id, u.id, 'lead', false,
              (ARRAY['completed','completed','completed','completed','in_progress','received',
                     'assigned','assigned','reported','paused','cancelled','returned'])[1 + (h % 12)],
              to_char(a.due, 'YYYY-MM-DD'), a.due,
              CASE WHEN h % 12 < 4 THEN a.due + ((h % 4) - 2.5) * interval '2 days' END,
              CASE WHEN h % 12 < 4 THEN a.due + interval '3 days' END,
              a.due - interval '2 days'
         FROM (SELECT a.*, d.issuing_unit_id AS body,
                      ((d.issued_on + 10)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS due
                 FROM assignments a JOIN directives d ON d.id = a.directive_id WHERE ${where}) a
         JOIN units u ON ${units}
         JOIN LATERAL (SELECT abs(hashtext(a.id::text || u.id::text)) AS h) hh ON true`,
    );
  };
  const l0 = `d.number LIKE '%/UBND-TINH'`;
  await parts('province', l0);
  await tasks(
    'province',
    l0,
    `u.parent_id = a.body AND ((a.ordinal = 1 AND u.kind = 'department') OR (a.ordinal = 2 AND u.kind = 'commune'))`,
  );
  // Level 1: the lead department (so-1) carries its task down to the 130 communes.
  const carry = async (label: string, bodies: string, number: string, from: string) => {
    await q(
      `${label} directives`,
      `INSERT INTO directives ${columns}
       SELECT ${directive('g.task_id', 'g.parent_id')}
         FROM (SELECT t.id AS task_id, t.directive_id AS parent_id, split_part(pd.number, '/', 1) || '${number}' || b.code AS number,
                      b.name AS issuer, pd.issued_on + 2 AS issued_on, b.id AS body
                 FROM tasks t JOIN directives pd ON pd.id = t.directive_id
                 JOIN units b ON b.id = t.unit_id
                WHERE ${from} AND ${bodies} AND t.status <> 'cancelled') g`,
    );
  };
  await carry('department', `b.code = 'so-1'`, '/SO-', `pd.number LIKE '%/UBND-TINH'`);
  const l1dept = `d.number LIKE '%/SO-%'`;
  await parts('department', l1dept);
  await tasks('department', l1dept, `a.ordinal = 1 AND u.kind = 'commune'`);
  // Every commune carries down what it received from the province and from the department.
  await carry(
    'commune',
    `b.kind = 'commune'`,
    '/XA-',
    `(pd.number LIKE '%/UBND-TINH' OR pd.number LIKE '%/SO-%')`,
  );
  const lc = `d.number LIKE '%/XA-%'`;
  await parts('commune', lc);
  await tasks(
    'commune',
    lc,
    `u.parent_id = a.body AND ((a.ordinal = 1 AND u.kind = 'office') OR (a.ordinal = 2 AND u.kind = 'other'))`,
  );
  await q(
    'escalations',
    `INSERT INTO escalations (task_id, step, level, deadline_version, due_at)
     SELECT id, 'level-1', 1, 1, due_at FROM tasks
      WHERE status NOT IN ('completed', 'cancelled', 'paused') AND due_at < now() AND abs(hashtext(id::text)) % 20 = 0`,
  );
  await client.query('VACUUM ANALYZE');
}

interface Figures {
  p50: number;
  p95: number;
}

async function main(): Promise<void> {
  const reuse = !process.env.BENCH_RESEED && (await seededAlready(DATABASE, SEED_MARK));
  if (!reuse) {
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DATABASE}`);
  }
  const url = `${SERVER}/${DATABASE}`;
  // The SQL alone, on a connection set as the API's are.
  const client = new pg.Client({ connectionString: url, options: CONNECTION_OPTIONS });
  let api: Server | undefined;
  try {
    await runMigrationsLocked(dataSourceOptions(url));
    await client.connect();
    let started = Date.now();
    if (reuse) {
      console.log(`reusing the seeded database ${DATABASE} (BENCH_RESEED=1 seeds it afresh)`);
    } else {
      await seed(client, await new PasswordHasher().hash('bench1234'));
      await admin(`COMMENT ON DATABASE ${DATABASE} IS '${SEED_MARK}'`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const [counts] = (
      await client.query<{ tasks: number; directives: number; units: number }>(
        `SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM directives)::int AS directives,
                (SELECT count(*) FROM units)::int AS units`,
      )
    ).rows;
    console.log(
      `${reuse ? 'found' : 'seeded'} ${counts.tasks} tasks, ${counts.directives} directives, ${counts.units} units in ${seconds} s`,
    );

    // The built API in a process of its own, as in production (request logs on), the client
    // here: a two-megabyte answer is decoded by the client while the API serves the next.
    api = await startApi(url);
    const base = api.base;
    const accessToken = await login(base, 'tinh.chair', 'bench1234');
    const ids = (
      await client.query<{ id: string }>(
        `SELECT id FROM directives WHERE number LIKE '%/UBND-TINH'`,
      )
    ).rows.map((r) => r.id);
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    let bytes = 0;
    const http = async (path: string) => {
      const begin = performance.now();
      const reply = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = await reply.text();
      if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${body}`);
      bytes = body.length;
      return performance.now() - begin;
    };
    const sql = async (text: string, params: unknown[]) => {
      const begin = performance.now();
      await client.query(text, params);
      return performance.now() - begin;
    };
    const measure = async (run: () => Promise<number>): Promise<Figures> => {
      for (let i = 0; i < WARM_UP; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await run());
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };

    // The shape of one chain, from the API itself.
    const shape = await fetch(`${base}/api/directives/${ids[0]}/chain`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const { summary } = (await shape.json()) as {
      summary: { directives: number; tasks: number; depth: number };
    };
    console.log(
      `one chain: ${summary.directives} directives, ${summary.tasks} tasks, depth ${summary.depth}`,
    );

    started = Date.now();
    const results: Array<{
      name: string;
      http: Figures;
      sql: Figures;
      bytes: number;
      target: number | null;
    }> = [];
    const run = async (
      name: string,
      path: (id: string) => string,
      text: string,
      params: (id: string) => unknown[],
      target: number | null,
    ) => {
      const figures = await measure(() => http(path(pick())));
      const size = bytes;
      results.push({
        name,
        http: figures,
        sql: await measure(() => sql(text, params(pick()))),
        bytes: size,
        target,
      });
    };
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const loadAtStart = loadavg()[0];
    await run(
      'compliance/directives/:id (baseline)',
      (id) => `/api/compliance/directives/${id}`,
      directiveComplianceSql(false),
      (id) => [id, new Date()],
      null,
    );
    await run(
      'compliance/directives/:id?depth=all',
      (id) => `/api/compliance/directives/${id}?depth=all`,
      chainComplianceSql(false),
      (id) => [id, new Date()],
      TARGET_DEPTH_ALL_MS,
    );
    // The flag bounds as the service computes them from the calendar: near enough for the SQL alone.
    await run(
      'directives/:id/chain',
      (id) => `/api/directives/${id}/chain`,
      chainTreeSql(false),
      (id) => [id, new Date(), day(5), day(-7)],
      TARGET_CHAIN_MS,
    );
    const baseline = results[0].http.p95;
    for (const r of results) {
      console.log(
        `${r.name}: HTTP p50 ${r.http.p50.toFixed(1)} ms, p95 ${r.http.p95.toFixed(1)} ms` +
          `${r.target === null ? '' : r.http.p95 <= r.target ? ` (within ${r.target} ms)` : ` (MISSES ${r.target} ms)`}; ` +
          `SQL p50 ${r.sql.p50.toFixed(1)} ms, p95 ${r.sql.p95.toFixed(1)} ms; ` +
          `p95 / baseline ${(r.http.p95 / baseline).toFixed(2)}; ${(r.bytes / 1024).toFixed(0)} KiB`,
      );
    }
    console.log(
      `measured in ${((Date.now() - started) / 1000).toFixed(1)} s; load average at the start ${loadAtStart.toFixed(2)}`,
    );
    saveResults({
      name: 'chain',
      title: 'A chain of committees: a province at 1,000,000 tasks',
      command: 'npm run bench:chain',
      body: [
        `${counts.tasks.toLocaleString('en')} tasks, ${counts.directives.toLocaleString('en')} directives, ${counts.units.toLocaleString('en')} units, seeded by SQL into \`${DATABASE}\``,
        `(kept between runs; \`BENCH_RESEED=1\` seeds afresh): 1 province committee, ${DEPARTMENTS} departments, ${COMMUNES} communes`,
        `each with ${OFFICES} offices and ${VILLAGES} villages; ${CHAINS} provincial directives, each to the departments and communes,`,
        'the lead department carrying its task down to the communes, every commune carrying both its tasks down to its offices',
        `and villages: one chain is ${summary.directives} directives and ${summary.tasks.toLocaleString('en')} tasks over three levels (depth ${summary.depth}).`,
        `The province's chair signed in, the built API in its own process on 127.0.0.1 (NODE_ENV=production), one request at a time, ${RUNS} requests per route`,
        `after ${WARM_UP} warm-up on random provincial directives, beside the same SQL run directly through \`pg\`; the baseline`,
        `is the plain compliance route in the same run. Load average (1 min) at the start: ${loadAtStart.toFixed(2)}.`,
        '',
        '| route | HTTP p50 ms | HTTP p95 ms | SQL p50 ms | SQL p95 ms | p95 / baseline | body KiB |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...results.map(
          (r) =>
            `| ${r.name} | ${r.http.p50.toFixed(1)} | ${r.http.p95.toFixed(1)} | ${r.sql.p50.toFixed(1)} | ${r.sql.p95.toFixed(1)} | ${(r.http.p95 / baseline).toFixed(2)} | ${(r.bytes / 1024).toFixed(0)} |`,
        ),
      ],
      targets: results
        .filter((r) => r.target !== null)
        .map((r) => ({
          what: `${r.name} p95 (provincial directive, ${counts.tasks.toLocaleString('en')} tasks)`,
          measured: `${r.http.p95.toFixed(1)} ms`,
          target: `≤ ${r.target} ms`,
          met: r.http.p95 <= (r.target ?? 0),
        })),
    });
  } finally {
    if (api) await stopProcess(api.child);
    await client.end().catch(() => undefined);
  }
}

await main();
