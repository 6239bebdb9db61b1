import { unitBodySql } from '../src/units/unit-body.js';
import pg from 'pg';
import { dataSourceOptions } from '../src/app/data-source.js';
import type { createHttpApp } from '../src/app/http-app.js';
import { periodGridSql } from '../src/compliance/period-grid-sql.js';
import { runMigrationsLocked } from '../src/core/database/database-bootstrap.js';
import { CELL_SEVERITY, rangeInstants } from '../src/periods/period-cell.js';
import { PasswordHasher } from '../src/users/password-hasher.js';
import { admin, percentile, saveResults, SERVER, startInProcessApi } from './bench-kit.js';

/**
 * `npm run bench:periods-grid`: the period grid at province scale. 1,000 units on one weekly
 * directive (Fridays 15:00) for a year: 52,000 periods, 39 weeks past and 13 to come, seeded by
 * SQL with a realistic mix — of the past ones most on time (half of them accepted), some late,
 * some missed, a few returned — and the future ones open or not yet due. The API in-process on
 * 127.0.0.1, one request at a time: 200 requests (after 20 warm-up) of the grid for a quarter
 * (13 weekly columns, around now) as JSON, beside the baseline `GET /api/compliance/directives/:id`
 * on the same data and the grid's SQL run directly through `pg`. Target: p95 ≤ 100 ms.
 */
const UNITS = 1000;
const WEEKS = 52;
const PAST_WEEKS = 39;
const RUNS = 200;
const WARM_UP = 20;
const TARGET_P95_MS = 100;
const DATABASE = 'dondoc_bench_periods_grid';
const DAY_MS = 86_400_000;

async function seed(client: pg.Client, passwordHash: string): Promise<string> {
  await client.query(
    `INSERT INTO units (code, name, kind)
     SELECT 'u-' || lpad(g::text, 4, '0'), 'Xã ' || g, 'office' FROM generate_series(1, $1) g`,
    [UNITS],
  );
  await client.query(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT 'bench.' || r, 'Bench ' || r, r, (SELECT id FROM units WHERE code = 'u-0001'), $1
       FROM unnest(ARRAY['admin', 'chair', 'clerk']) r`,
    [passwordHash],
  );
  const {
    rows: [{ id }],
  } = await client.query<{ id: string }>(
    `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                             source_sha256, imported_by, published_at, issuing_unit_id)
     VALUES ('published', '1/BENCH-KY', 'UBND tỉnh', 'Báo cáo tuần', current_date - 7 * $1,
             'x', 'text', repeat('0', 64), (SELECT id FROM users WHERE username = 'bench.clerk'), now(),
             ${unitBodySql(`(SELECT unit_id FROM users WHERE username = 'bench.clerk')`)})
     RETURNING id`,
    [PAST_WEEKS],
  );
  await client.query(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, unit_ids)
     SELECT $1, 1, '1', 'UBND các xã', 'Báo cáo tình hình hằng tuần (trước 15 giờ thứ Sáu)', 'group',
            (SELECT array_agg(id) FROM units)`,
    [id],
  );
  const due = `to_char(current_date + 90, 'YYYY-MM-DD')`;
  await client.query(
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, status, deadline, original_deadline,
                        due_at, last_unit_activity_at, recurrence)
     SELECT a.directive_id, a.id, u.id, 'lead', 'in_progress', ${due}, ${due},
            ((current_date + 91)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'), now() - interval '2 days',
            '{"frequency": "weekly", "detail": "thứ Sáu", "time": "15:00"}'::jsonb
       FROM assignments a CROSS JOIN units u WHERE a.directive_id = $1`,
    [id],
  );
  // Week k's span is Saturday to Friday, due Friday 15:00 (Vietnam); the first Friday is
  // PAST_WEEKS weeks before the coming one. A hash of (task, week) picks the state of a past
  // period: 68% on time (half accepted), 5% returned (first report on time), 12% late, 15% missed
  // (a unit that misses is more likely to miss again: the weakest tenth of the units misses 60%).
  await client.query(
    `WITH friday AS (
       SELECT current_date + ((5 - extract(isodow FROM current_date)::int + 7) % 7) AS d
     ),
     p AS (
       SELECT t.id AS task_id, k AS number, f.d - 7 * ($2 - k) - 6 AS starts_on,
              f.d - 7 * ($2 - k) AS ends_on,
              ((f.d - 7 * ($2 - k))::timestamp + interval '15 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS due_at,
              abs(hashtext(t.id::text || k)) % 100 AS h,
              abs(hashtext(t.unit_id::text)) % 10 = 0 AS weak
         FROM tasks t CROSS JOIN friday f CROSS JOIN generate_series(1, $3) k
        WHERE t.directive_id = $1
     ),
     s AS (
       SELECT p.*, CASE
           WHEN p.due_at > now() THEN 'open'
           WHEN p.weak AND p.h < 60 OR NOT p.weak AND p.h < 10 THEN 'missed'
           WHEN p.h < 22 THEN 'late'
           WHEN p.h < 27 THEN 'returned'
           WHEN p.h < 61 THEN 'accepted'
           ELSE 'submitted' END AS state
         FROM p
     )
     INSERT INTO task_periods (task_id, number, starts_on, ends_on, due_at, status, report, metrics,
                               first_submitted_at, submitted_at, late, reviewed_at, review_note)
     SELECT task_id, number, starts_on, ends_on, due_at,
            CASE state WHEN 'late' THEN 'submitted' ELSE state END,
            CASE WHEN state NOT IN ('open', 'missed') THEN 'Tuần ' || number || ': đã triển khai' END,
            CASE WHEN state NOT IN ('open', 'missed')
                 THEN jsonb_build_array(jsonb_build_object('indicator', 'Số người đã cài Bluezone',
                        'value', 1000 + number * 37 + h, 'asOf', to_char(ends_on, 'YYYY-MM-DD')))
                 ELSE '[]'::jsonb END,
            CASE WHEN state = 'late' THEN due_at + interval '1 day' * (1 + h % 3)
                 WHEN state NOT IN ('open', 'missed') THEN due_at - interval '1 hour' * (1 + h % 48) END,
            CASE WHEN state = 'late' THEN due_at + interval '1 day' * (1 + h % 3)
                 WHEN state NOT IN ('open', 'missed') THEN due_at - interval '1 hour' * (1 + h % 48) END,
            state = 'late',
            CASE WHEN state IN ('accepted', 'returned') THEN due_at + interval '2 days' END,
            CASE WHEN state = 'returned' THEN 'Thiếu số liệu theo thôn' END
       FROM s`,
    [id, PAST_WEEKS, WEEKS],
  );
  await client.query('VACUUM ANALYZE');
  return id;
}

async function main(): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DATABASE}`);
  const url = `${SERVER}/${DATABASE}`;
  const client = new pg.Client({ connectionString: url });
  let app: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  try {
    await runMigrationsLocked(dataSourceOptions(url));
    await client.connect();
    let started = Date.now();
    const directiveId = await seed(client, await new PasswordHasher().hash('bench1234'));
    const { rows: mix } = await client.query<{ status: string; late: boolean; n: number }>(
      `SELECT status, late, count(*)::int AS n FROM task_periods GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const periods = mix.reduce((sum, row) => sum + row.n, 0);
    const mixText = mix
      .map((row) => `${row.status}${row.late ? ' (late)' : ''} ${row.n.toLocaleString('en')}`)
      .join(', ');
    console.log(
      `seeded ${periods} periods (${mixText}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const api = await startInProcessApi(url, 'bench.chair');
    app = api.app;
    const { base, token: accessToken } = api;

    // A quarter around now: 8 weeks back, 5 ahead (13 Fridays).
    const day = (offset: number) =>
      new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
    const range = { from: day(-56), to: day(34) };
    const gridPath = `/api/compliance/directives/${directiveId}/periods?from=${range.from}&to=${range.to}`;
    let bytes = 0;
    let columns = 0;
    const http = async (path: string, keep = false) => {
      const begin = performance.now();
      const reply = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = await reply.text();
      const elapsed = performance.now() - begin;
      if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${body}`);
      if (keep) {
        bytes = Buffer.byteLength(body);
        columns = (JSON.parse(body) as { columns: unknown[] }).columns.length;
      }
      return elapsed;
    };
    const instants = rangeInstants(range);
    const sql = async () => {
      const begin = performance.now();
      await client.query(periodGridSql(false), [
        directiveId,
        new Date(),
        instants.from,
        instants.until,
        CELL_SEVERITY,
      ]);
      return performance.now() - begin;
    };
    const measure = async (run: () => Promise<number>) => {
      for (let i = 0; i < WARM_UP; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await run());
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };

    started = Date.now();
    await http(gridPath, true);
    const grid = await measure(() => http(gridPath));
    const gridSql = await measure(sql);
    const baseline = await measure(() => http(`/api/compliance/directives/${directiveId}`));
    const ratio = grid.p95 / baseline.p95;
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${periodGridSql(false)}`,
      [directiveId, new Date(), instants.from, instants.until, CELL_SEVERITY],
    );
    const scans = plan
      .map((row) => row['QUERY PLAN'])
      .filter((line) => /Scan/.test(line))
      .map((line) => line.trim().replace(/^->\s*/, ''));
    console.log(`grid: ${columns} columns × ${UNITS} units, ${(bytes / 1024).toFixed(0)} KiB JSON`);
    console.log(`plan scans:\n  ${scans.join('\n  ')}`);
    console.log(
      `grid (quarter) HTTP p50 ${grid.p50.toFixed(1)} ms, p95 ${grid.p95.toFixed(1)} ms; ` +
        `SQL p50 ${gridSql.p50.toFixed(1)} ms, p95 ${gridSql.p95.toFixed(1)} ms; ` +
        `baseline compliance/directives/:id p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms; ` +
        `grid/baseline p95 ratio ${ratio.toFixed(2)}`,
    );
    console.log(`measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    saveResults({
      name: 'periods-grid',
      title: 'Reporting periods: the period grid at 52,000 periods',
      command: 'npm run bench:periods-grid',
      body: [
        `${UNITS.toLocaleString('en')} units on one weekly directive (Fridays 15:00) for a year: ${periods.toLocaleString('en')} periods`,
        `seeded by SQL into \`${DATABASE}\` — ${mixText}. The API in-process on 127.0.0.1, one`,
        `request at a time: ${RUNS} requests after ${WARM_UP} warm-up of the grid for a quarter around now`,
        `(${columns} weekly columns × ${UNITS} units, ${(bytes / 1024).toFixed(0)} KiB of JSON), beside the baseline`,
        '`GET /api/compliance/directives/:id` on the same directive and the grid’s one SQL statement run directly.',
        '',
        '| request | p50 ms | p95 ms |',
        '| --- | ---: | ---: |',
        `| GET /api/compliance/directives/:id/periods (quarter, JSON) | ${grid.p50.toFixed(1)} | ${grid.p95.toFixed(1)} |`,
        `| its SQL statement alone (pg) | ${gridSql.p50.toFixed(1)} | ${gridSql.p95.toFixed(1)} |`,
        `| baseline: GET /api/compliance/directives/:id | ${baseline.p50.toFixed(1)} | ${baseline.p95.toFixed(1)} |`,
        '',
        `Grid / baseline p95: **${ratio.toFixed(2)}**. The statement's scans: ${scans.map((s) => `\`${s}\``).join(', ')}.`,
      ],
      targets: [
        {
          what: 'period grid, a quarter of 52,000 periods, p95',
          measured: `${grid.p95.toFixed(1)} ms (${ratio.toFixed(2)}× the directive's compliance)`,
          target: `≤ ${TARGET_P95_MS} ms`,
          met: grid.p95 <= TARGET_P95_MS,
        },
      ],
    });
  } finally {
    await app?.close();
    await client.end().catch(() => undefined);
    if (!process.env.BENCH_KEEP_DATABASE)
      await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

await main();
