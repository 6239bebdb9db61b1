// The databases of one test run, and only them: every name a run creates carries its run id
// (`dondoc_test_…_r<8 hex>…`), set by the global setup in DONDOC_TEST_RUN. Runs are recorded on
// this machine for this user, so a run killed before its teardown is cleaned up by the next run
// started here, while other users', other machines' and running runs' databases are left alone.
// Plain JavaScript: the global setup and teardown run outside Jest's module system.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const TEST_SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

const RUNS = join(tmpdir(), `dondoc-test-runs-${userInfo().uid}`);

export function newRunId() {
  return `r${randomBytes(4).toString('hex')}`;
}

export async function admin(sql, params = []) {
  const client = new pg.Client({ connectionString: `${TEST_SERVER}/postgres` });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Notes that this process runs `run` against TEST_SERVER. */
export function recordRun(run) {
  mkdirSync(RUNS, { recursive: true });
  writeFileSync(join(RUNS, run), JSON.stringify({ pid: process.pid, server: TEST_SERVER }));
}

/** Drops every database of `run` (its template and any test file's copy left behind). */
export async function dropRun(run) {
  if (!/^r[0-9a-f]{8}$/.test(run)) throw new Error(`not a test run id: ${run}`);
  const { rows } = await admin(
    `SELECT datname FROM pg_database WHERE datname LIKE 'dondoc\\_test%' AND strpos(datname, $1) > 0`,
    [`_${run}`],
  );
  for (const { datname } of rows) {
    // The LIKE above already guarantees "test" is in the name; say it again before dropping.
    if (!datname.includes('test')) continue;
    await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }
  rmSync(join(RUNS, run), { force: true });
}

/** Drops the databases of runs recorded here whose process is gone (killed before teardown). */
export async function dropAbandonedRuns() {
  let runs;
  try {
    runs = readdirSync(RUNS);
  } catch {
    return;
  }
  for (const run of runs) {
    let record;
    try {
      record = JSON.parse(readFileSync(join(RUNS, run), 'utf8'));
    } catch {
      continue;
    }
    if (record.server !== TEST_SERVER || alive(record.pid)) continue;
    await dropRun(run);
  }
}
