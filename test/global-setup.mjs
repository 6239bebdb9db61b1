// Once per run: a template database migrated from scratch, which every e2e file copies with
// CREATE DATABASE … TEMPLATE (fast) instead of migrating again; leftovers of an aborted run go.
// Jest runs this file outside its module system, so it uses the build (`npm test` builds first)
// and plain JavaScript.
import pg from 'pg';
import { runMigrationsLocked } from '../dist/src/core/database/database-bootstrap.js';

const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const template = 'dondoc_test_template';

async function admin(sql) {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  const stale = await admin(`SELECT datname FROM pg_database WHERE datname LIKE 'dondoc\\_test%'`);
  for (const { datname } of stale.rows) {
    // The LIKE above already guarantees it; say it again before dropping anything.
    if (!datname.includes('test')) throw new Error(`refusing to drop ${datname}`);
    await admin(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin(`CREATE DATABASE ${template}`);
  await runMigrationsLocked(`${server}/${template}`);
}
