// Once per run: a template database migrated from scratch, which every e2e file copies with
// CREATE DATABASE … TEMPLATE (fast) instead of migrating again. Every database of the run carries
// its run id (see test-runs.mjs): the teardown drops exactly those, and this setup only the ones
// of earlier runs started on this machine whose process died before their teardown.
// Jest runs this file outside its module system, so it uses the build (`npm test` builds first)
// and plain JavaScript.
import { dataSourceOptions } from '../dist/src/app/data-source.js';
import { runMigrationsLocked } from '../dist/src/core/database/database-bootstrap.js';
import {
  admin,
  dropAbandonedRuns,
  newRunId,
  recordRun,
  TEST_SERVER,
} from './support/test-runs.mjs';

export default async function globalSetup() {
  // A second project of the same Jest run (e2e and faults together) shares the first's template.
  if (process.env.DONDOC_TEST_RUN && process.env.DONDOC_TEST_TEMPLATE) return;
  await dropAbandonedRuns();
  const run = newRunId();
  recordRun(run);
  process.env.DONDOC_TEST_RUN = run;
  // The pid first, as in every name of the run (see uniqueName in support/test-database.ts).
  const template = `dondoc_test_tpl_${process.pid}_${run}`;
  process.env.DONDOC_TEST_TEMPLATE = template;
  await admin(`CREATE DATABASE ${template}`);
  await runMigrationsLocked(dataSourceOptions(`${TEST_SERVER}/${template}`));
}
