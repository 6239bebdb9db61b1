// Drops this run's template database (see global-setup.mjs).
import pg from 'pg';

export default async function globalTeardown() {
  const template = process.env.DONDOC_TEST_TEMPLATE;
  if (!template || !template.includes('test')) return;
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
