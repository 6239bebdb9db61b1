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

  it('should give every existing directive its importer’s body, losing no row, and undo it', async () => {
    // Back to a single-committee database of before issue 16.
    const last = async () =>
      (
        await query<{ name: string }>(
          database,
          'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
        )
      )[0]?.name;
    while ((await last()) !== 'AddTaskPeriods1796237708157') await dataSource.undoLastMigration();
    const [committee, office, loose, commune] = await query<{ id: string }>(
      database,
      `INSERT INTO units (code, name, kind, parent_id) VALUES
         ('ubnd-huyen', 'Ủy ban nhân dân huyện An Thi', 'district_committee', NULL),
         ('vp', 'Văn phòng HĐND và UBND', 'office', NULL),
         ('cong-an', 'Công an huyện', 'police_military', NULL),
         ('xa', 'Ủy ban nhân dân xã Đa Lộc', 'commune', NULL)
       RETURNING id`,
    );
    await query(database, 'UPDATE units SET parent_id = $1 WHERE id IN ($2, $3)', [
      committee.id,
      office.id,
      commune.id,
    ]);
    const users = await query<{ id: string }>(
      database,
      `INSERT INTO users (username, full_name, role, unit_id, password_hash) VALUES
         ('chair', 'Chủ tịch', 'chair', $1, 'x'), ('clerk', 'Văn thư', 'clerk', $2, 'x'),
         ('loose', 'Cán bộ', 'unit_officer', $3, 'x'), ('xa', 'Văn thư xã', 'clerk', $4, 'x')
       RETURNING id`,
      [committee.id, office.id, loose.id, commune.id],
    );
    const importers = [users[0], users[1], users[1], users[2], users[3]];
    for (const [i, user] of importers.entries()) {
      await query(
        database,
        `INSERT INTO directives (status, number, source_text, source_format, source_sha256, imported_by)
         VALUES ($1, $2, 'x', 'text', repeat('0', 64), $3)`,
        [i === 2 ? 'draft' : 'published', `${i + 1}/UBND`, user.id],
      );
    }
    const before = await query(database, 'SELECT * FROM directives ORDER BY number');

    await dataSource.runMigrations({ transaction: 'each' });
    const after = await query<{
      number: string;
      issuing_unit_id: string;
      implements_task_id: string | null;
      implements_directive_id: string | null;
    }>(database, 'SELECT * FROM directives ORDER BY number');
    // Every row kept as it was, with its importer's body: the committee for its chair and for
    // the clerk of its office, the commune for the commune's clerk, and the top of the tree
    // for a unit under no committee. None carries a task down (a later migration's column).
    expect(
      after.map(
        ({
          issuing_unit_id: _body,
          implements_task_id: _task,
          implements_directive_id: _directive,
          ...row
        }) => row,
      ),
    ).toEqual(before);
    expect(after.every((row) => row.implements_task_id === null)).toBe(true);
    expect(after.every((row) => row.implements_directive_id === null)).toBe(true);
    expect(after.map((row) => [row.number, row.issuing_unit_id])).toEqual([
      ['1/UBND', committee.id],
      ['2/UBND', committee.id],
      ['3/UBND', committee.id],
      ['4/UBND', loose.id],
      ['5/UBND', commune.id],
    ]);
    const [column] = await query<{ is_nullable: string }>(
      database,
      `SELECT is_nullable FROM information_schema.columns
        WHERE table_name = 'directives' AND column_name = 'issuing_unit_id'`,
    );
    expect(column.is_nullable).toBe('NO');
    // The kinds of every level are accepted now…
    await query(
      database,
      `INSERT INTO units (code, name, kind) VALUES ('tinh', 'UBND tỉnh', 'province_committee'),
         ('so', 'Sở Y tế', 'department'), ('phuong', 'Phường 1', 'ward'), ('dk', 'Đặc khu', 'special_zone')`,
    );
    // …and down() takes them back to the old kinds without losing a unit or a directive (the
    // later migrations undone first).
    while ((await last()) !== 'AddTaskPeriods1796237708157') await dataSource.undoLastMigration();
    expect(
      await query(
        database,
        `SELECT code, kind FROM units WHERE code IN ('tinh', 'so', 'phuong', 'dk') ORDER BY code`,
      ),
    ).toEqual([
      { code: 'dk', kind: 'commune' },
      { code: 'phuong', kind: 'commune' },
      { code: 'so', kind: 'office' },
      { code: 'tinh', kind: 'other' },
    ]);
    expect(await query(database, 'SELECT * FROM directives ORDER BY number')).toEqual(before);
    await dataSource.runMigrations({ transaction: 'each' });
    await query(database, 'DELETE FROM directives');
    await query(database, 'DELETE FROM users');
    await query(database, 'UPDATE units SET parent_id = NULL');
    await query(database, 'DELETE FROM units');
  });

  it('should give every directive carrying a task down the directive of that task, and undo it', async () => {
    const last = async () =>
      (
        await query<{ name: string }>(
          database,
          'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
        )
      )[0]?.name;
    while ((await last()) !== 'AddDirectiveImplementsTask1796282090724')
      await dataSource.undoLastMigration();
    const [body] = await query<{ id: string }>(
      database,
      `INSERT INTO units (code, name, kind) VALUES ('tinh', 'UBND tỉnh', 'province_committee')
       RETURNING id`,
    );
    const [user] = await query<{ id: string }>(
      database,
      `INSERT INTO users (username, full_name, role, unit_id, password_hash)
       VALUES ('clerk', 'Văn thư', 'clerk', $1, 'x') RETURNING id`,
      [body.id],
    );
    const directive = async (number: string, taskId: string | null) =>
      (
        await query<{ id: string }>(
          database,
          `INSERT INTO directives (status, number, source_text, source_format, source_sha256,
                                   imported_by, issuing_unit_id, implements_task_id)
           VALUES ('published', $1, 'x', 'text', repeat('0', 64), $2, $3, $4) RETURNING id`,
          [number, user.id, body.id, taskId],
        )
      )[0].id;
    const parent = await directive('1/UBND', null);
    const [assignment] = await query<{ id: string }>(
      database,
      `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution)
       VALUES ($1, 1, '1', 'UBND tỉnh', 'Làm', 'matched') RETURNING id`,
      [parent],
    );
    const [task] = await query<{ id: string }>(
      database,
      `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, status)
       VALUES ($1, $2, $3, 'lead', 'assigned') RETURNING id`,
      [parent, assignment.id, body.id],
    );
    const child = await directive('2/UBND', task.id);

    await dataSource.runMigrations({ transaction: 'each' });
    const rows = await query<{ id: string; implements_directive_id: string | null }>(
      database,
      'SELECT id, implements_directive_id FROM directives ORDER BY number',
    );
    expect(rows).toEqual([
      { id: parent, implements_directive_id: null },
      { id: child, implements_directive_id: parent },
    ]);
    // The two columns go together: one without the other is refused.
    await expect(
      query(database, 'UPDATE directives SET implements_directive_id = NULL WHERE id = $1', [
        child,
      ]),
    ).rejects.toThrow(/CHK_directives_implements_both/);
    await dataSource.undoLastMigration();
    expect(
      await query(database, 'SELECT id, implements_task_id FROM directives ORDER BY number'),
    ).toEqual([
      { id: parent, implements_task_id: null },
      { id: child, implements_task_id: task.id },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    await query(database, 'DELETE FROM directives WHERE implements_task_id IS NOT NULL');
    await query(database, 'DELETE FROM tasks');
    await query(database, 'DELETE FROM assignments');
    await query(database, 'DELETE FROM directives');
    await query(database, 'DELETE FROM users');
    await query(database, 'DELETE FROM units');
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
