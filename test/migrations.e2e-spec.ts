import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { dataSourceOptions } from '../src/app/data-source.js';
import {
  adminQuery,
  databaseUrl,
  dropTestDatabase,
  query,
  uniqueName,
} from './support/test-database.js';

describe('migrations', () => {
  const database = uniqueName('dondoc_test_migrations');
  let dataSource: DataSource;

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${database}`);
    dataSource = new DataSource(dataSourceOptions(databaseUrl(database)));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropTestDatabase(database);
  });

  const ALL_TABLES = [
    'assignments',
    'audit_log',
    'auth_sessions',
    'calendar_adjustments',
    'directives',
    'escalations',
    'evidence',
    'idempotency_records',
    'notification_channels',
    'notifications',
    'outbound_deliveries',
    'outbox_events',
    'refresh_tokens',
    'task_events',
    'task_periods',
    'task_requests',
    'tasks',
    'unit_group_members',
    'unit_groups',
    'units',
    'users',
  ];

  const tables = async () =>
    (
      await query<{ name: string }>(
        database,
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).map((row) => row.name);

  it('should build a schema that matches the entities exactly', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    // What `migration:generate` would write now: nothing, or an entity changed without a migration.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('should undo every migration with its down() and apply them again', async () => {
    expect(await tables()).toEqual(ALL_TABLES);
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(ALL_TABLES);
  });
});
