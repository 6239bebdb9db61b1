import { MIGRATIONS } from '../migrations/index.js';
import { DEMO_UNITS, DEMO_USERS } from '../src/demo/demo-directory.js';
import { freePort, runBuilt, startBuilt, stop, waitForHttp } from './support/processes.js';
import {
  databaseUrl,
  dropTestDatabase,
  query,
  TEMPLATE_DATABASE,
  TEST_REDIS_URL,
  uniqueName,
} from './support/test-database.js';

// These start the built API as a real process, the way `npm start` does.
describe('start-up', () => {
  it('should create a missing database, and two instances booting at once share one schema', async () => {
    const database = uniqueName('dondoc_test_boot');
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (port: number) => ({
      DATABASE_URL: databaseUrl(database),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueName('dondoc_test'),
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      SEED_DEMO: 'true',
    });
    const a = startBuilt('src/main.js', env(portA));
    const b = startBuilt('src/main.js', env(portB));
    try {
      await Promise.all([
        waitForHttp(`http://127.0.0.1:${portA}/api/health`),
        waitForHttp(`http://127.0.0.1:${portB}/api/health`),
      ]);
      const migrations = await query<{ name: string }>(database, 'SELECT name FROM migrations');
      expect(migrations.map((row) => row.name)).toEqual(
        MIGRATIONS.map((migration) => migration.name),
      );
      const [units] = await query<{ n: number }>(database, 'SELECT count(*)::int AS n FROM units');
      const [users] = await query<{ n: number }>(database, 'SELECT count(*)::int AS n FROM users');
      expect(units.n).toBe(DEMO_UNITS.length);
      expect(users.n).toBe(DEMO_USERS.length);
      // The demo's chain, once though both seeded: 2136 published, 451 carried down from it.
      const letters = await query<{ number: string; status: string; carried: boolean }>(
        database,
        `SELECT number, status, implements_task_id IS NOT NULL AS carried FROM directives
          ORDER BY number`,
      );
      expect(letters).toEqual([
        { number: '2136/UBND-KGVX', status: 'published', carried: false },
        { number: '451/UBND-VHTT', status: 'published', carried: true },
      ]);

      const login = await fetch(`http://127.0.0.1:${portB}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chair', password: 'demo1234' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await Promise.all([stop(a), stop(b)]);
      await dropTestDatabase(database);
    }
    // A clean shutdown on SIGTERM: Nest closes the app, then ends by the same signal.
    for (const instance of [a, b]) {
      await instance.exited;
      expect(instance.signal()).toBe('SIGTERM');
      expect(instance.output().stderr).toBe('');
    }
  });

  it('should stop at once with one line naming PostgreSQL and its address when it is down', async () => {
    const result = await runBuilt('src/main.js', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/dondoc_test_nowhere',
      REDIS_URL: TEST_REDIS_URL,
    });
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dondoc: cannot reach PostgreSQL at 127\.0\.0\.1:1 .*README/);
  });

  it('should stop at once with one line naming Redis and its address when it is down', async () => {
    const result = await runBuilt('src/main.js', {
      DATABASE_URL: databaseUrl(TEMPLATE_DATABASE),
      REDIS_URL: 'redis://127.0.0.1:1',
      MIGRATIONS_RUN: 'false',
    });
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dondoc: cannot reach Redis at 127\.0\.0\.1:1 .*README/);
  });

  it('should name every bad or missing variable in one line', async () => {
    const result = await runBuilt('src/main.js', {
      NODE_ENV: 'production',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://somewhere',
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dondoc: invalid configuration: /);
    for (const variable of [
      'PORT=eighty',
      'DATABASE_URL=mysql://somewhere',
      'JWT_SECRET is missing',
    ]) {
      expect(lines[0]).toContain(variable);
    }
  });

  it('should load the demo province and its letters with seed:demo, and add nothing run again', async () => {
    const database = uniqueName('dondoc_test_seed');
    const env = {
      DATABASE_URL: databaseUrl(database),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueName('dondoc_test'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
    };
    try {
      const first = await runBuilt('src/seed-demo.js', env, 60_000);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(
        `${DEMO_UNITS.length} units, 8 groups, ${DEMO_USERS.length} users added; letters 2136 and 451 published`,
      );
      const again = await runBuilt('src/seed-demo.js', env, 60_000);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(
        '0 units, 0 groups, 0 users added; letters 2136 and 451 already there',
      );
      const [directives] = await query<{ n: number }>(
        database,
        'SELECT count(*)::int AS n FROM directives WHERE status = $1',
        ['published'],
      );
      expect(directives.n).toBe(2);
    } finally {
      await dropTestDatabase(database);
    }
  });

  it('should refuse demo passwords in production', async () => {
    const env = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      DATABASE_URL: databaseUrl(TEMPLATE_DATABASE),
    };
    const api = await runBuilt('src/main.js', { ...env, SEED_DEMO: 'true' });
    expect(api.code).toBe(1);
    expect(api.stderr.trim()).toMatch(
      /^dondoc: SEED_DEMO=true is refused with NODE_ENV=production/,
    );
    const seed = await runBuilt('src/seed-demo.js', env);
    expect(seed.code).toBe(1);
    expect(seed.stderr.trim()).toMatch(
      /^dondoc: seed:demo refuses to run with NODE_ENV=production/,
    );
    const [users] = await query<{ n: number }>(
      TEMPLATE_DATABASE,
      'SELECT count(*)::int AS n FROM users',
    );
    expect(users.n).toBe(0);
  });
});
