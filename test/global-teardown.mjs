// Drops this run's databases: its template and any test file's copy a failed test left behind
// (see test-runs.mjs).
import { dropRun } from './support/test-runs.mjs';

export default async function globalTeardown() {
  const run = process.env.DONDOC_TEST_RUN;
  if (run) await dropRun(run);
}
