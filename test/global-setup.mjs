// Once per run: a template database migrated from scratch, which every e2e file copies with
// CREATE DATABASE … TEMPLATE (fast) instead of migrating again. Its name carries this run's pid,
// so runs side by side do not collide; leftovers of runs whose process is gone are dropped.
// Jest runs this file outside its module system, so it uses the build (`npm test` builds first)
// and plain JavaScript.
import pg from 'pg';
import { dataSourceOptions } from '../dist/src/app/data-source.js';
import { runMigrationsLocked } from '../dist/src/core/database/database-bootstrap.js';

const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

async function admin(sql) {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    return await client.query(sql);
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

export default async function globalSetup() {
  const template = `dondoc_test_tpl_${process.pid}`;
  process.env.DONDOC_TEST_TEMPLATE = template;
  const existing = await admin(
    `SELECT datname FROM pg_database WHERE datname LIKE 'dondoc\\_test%'`,
  );
  for (const { datname } of existing.rows) {
    const pid = Number(/_(\d+)(?:_|$)/.exec(datname)?.[1]);
    // The LIKE above already guarantees "test" is in the name; say it again before dropping.
    if (!datname.includes('test') || (pid && alive(pid))) continue;
    await admin(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin(`CREATE DATABASE ${template}`);
  await runMigrationsLocked(dataSourceOptions(`${server}/${template}`));
}
