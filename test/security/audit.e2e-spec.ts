import { AuditService } from '../../src/audit/audit.service.js';
import { expectError } from '../support/expect-error.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';

const SLOW = 60_000;

interface AuditRow {
  user_id: string | null;
  username: string | null;
  role: string | null;
  unit_id: string | null;
  action: string;
  target_ids: string[];
  request_id: string;
  status: number;
  client_ip: string | null;
}

describe('audit log', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let unitId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    adminId = (await t.request('GET', '/api/me', { token: admin })).body.id;
    unitId = (await t.request('GET', '/api/units?q=hong quang', { token: admin })).body.items[0].id;
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  const rowsOf = (requestId: string) =>
    query<AuditRow>(
      t.database,
      `SELECT user_id, username, role, unit_id, action, target_ids, request_id, status, client_ip
       FROM audit_log WHERE request_id = $1`,
      [requestId],
    );
  const countAll = async () =>
    (await query<{ n: number }>(t.database, 'SELECT count(*)::int AS n FROM audit_log'))[0].n;

  it(
    'should write one row for a successful mutation: who, role, unit, route pattern, ids, request id, status',
    async () => {
      const created = await t.request('POST', '/api/users', {
        token: admin,
        body: {
          username: 'audit.created',
          fullName: 'Audit',
          role: 'unit_officer',
          unitId,
          password: 'secret-pass-1',
        },
        headers: { 'x-request-id': 'audit-create-1', 'x-forwarded-for': '192.0.2.77' },
      });
      expect(created.status).toBe(201);
      const me = (await t.request('GET', '/api/me', { token: admin })).body;
      expect(await rowsOf('audit-create-1')).toEqual([
        {
          user_id: adminId,
          username: 'admin',
          role: 'admin',
          unit_id: me.unitId,
          action: 'POST /api/users',
          target_ids: [created.body.id],
          request_id: 'audit-create-1',
          status: 201,
          client_ip: '192.0.2.77',
        },
      ]);

      const patched = await t.request('PATCH', `/api/users/${created.body.id}`, {
        token: admin,
        body: { fullName: 'Audit 2' },
        headers: { 'x-request-id': 'audit-patch-1' },
      });
      expect(patched.status).toBe(200);
      expect(await rowsOf('audit-patch-1')).toEqual([
        expect.objectContaining({
          action: 'PATCH /api/users/:id',
          target_ids: [created.body.id],
          status: 200,
        }),
      ]);
    },
    SLOW,
  );

  it(
    'should record sign-in under the user signing in, and leave reads unrecorded',
    async () => {
      const signIn = await t.request('POST', '/api/auth/login', {
        body: { username: 'chair', password: 'demo1234' },
        headers: { 'x-request-id': 'audit-login-1', 'x-forwarded-for': '192.0.2.78' },
      });
      expect(signIn.status).toBe(200);
      expect(await rowsOf('audit-login-1')).toEqual([
        expect.objectContaining({
          user_id: signIn.body.user.id,
          username: 'chair',
          role: 'chair',
          action: 'POST /api/auth/login',
          target_ids: [signIn.body.user.id],
          status: 200,
        }),
      ]);
      await t.request('GET', '/api/units', {
        token: admin,
        headers: { 'x-request-id': 'audit-read-1' },
      });
      expect(await rowsOf('audit-read-1')).toEqual([]);
    },
    SLOW,
  );

  it(
    'should record nothing for refused or failed requests (4xx): nothing changed',
    async () => {
      const officer = await t.login('phong-vhtt.officer');
      const before = await countAll();
      const refused = [
        // 401: not signed in
        await t.request('POST', '/api/units', {
          body: { code: 'x', name: 'X', kind: 'other' },
          headers: { 'x-request-id': 'audit-refused-401' },
        }),
        // 403: wrong role
        await t.request('POST', '/api/units', {
          token: officer,
          body: { code: 'x', name: 'X', kind: 'other' },
          headers: { 'x-request-id': 'audit-refused-403' },
        }),
        // 400: validation
        await t.request('POST', '/api/users', {
          token: admin,
          body: { username: 'x', extra: true },
          headers: { 'x-request-id': 'audit-refused-400' },
        }),
        // 404: unknown id
        await t.request('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', {
          token: admin,
          body: { fullName: 'Nobody' },
          headers: { 'x-request-id': 'audit-refused-404' },
        }),
        // 401: wrong password
        await t.request('POST', '/api/auth/login', {
          body: { username: 'chair', password: 'wrong' },
          headers: { 'x-request-id': 'audit-refused-login', 'x-forwarded-for': '192.0.2.79' },
        }),
      ];
      expect(refused.map((reply) => reply.status)).toEqual([401, 403, 400, 404, 401]);
      expect(await countAll()).toBe(before);
    },
    SLOW,
  );

  it(
    'should write one row for an idempotent request retried: the replay changes nothing',
    async () => {
      const send = () =>
        t.request('POST', '/api/users', {
          token: admin,
          body: {
            username: 'audit.idem',
            fullName: 'Idem',
            role: 'unit_officer',
            unitId,
            password: 'secret-pass-1',
          },
          headers: { 'idempotency-key': 'audit-idem-1' },
        });
      const first = await send();
      const again = await send();
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const rows = await query<{ n: number }>(
        t.database,
        `SELECT count(*)::int AS n FROM audit_log WHERE $1 = ANY(target_ids)`,
        [first.body.id],
      );
      expect(rows[0].n).toBe(1);
    },
    SLOW,
  );

  it(
    'should write one row per write request when many arrive at once, and keep a bad row from taking others with it',
    async () => {
      // 40 units renamed at once: their rows share INSERTs while one is in flight.
      const units = (await t.request('GET', '/api/units?limit=40', { token: admin })).body.items;
      expect(units).toHaveLength(40);
      const replies = await Promise.all(
        units.map((unit: { id: string; name: string }, i: number) =>
          t.request('PATCH', `/api/units/${unit.id}`, {
            token: admin,
            body: { name: unit.name },
            headers: { 'x-request-id': `audit-burst-${i}` },
          }),
        ),
      );
      expect(replies.map((reply) => reply.status)).toEqual(units.map(() => 200));
      const rows = await query<{ request_id: string; target_ids: string[] }>(
        t.database,
        `SELECT request_id, target_ids FROM audit_log WHERE request_id LIKE 'audit-burst-%'`,
      );
      expect(rows).toHaveLength(40);
      expect(new Set(rows.map((row) => row.request_id)).size).toBe(40);
      for (const row of rows) {
        const i = Number(row.request_id.slice('audit-burst-'.length));
        expect(row.target_ids).toEqual([units[i].id]);
      }

      // A row the table refuses (a request id over its 64 characters) fails alone.
      const audit = t.app.get(AuditService);
      const entry = (requestId: string) => ({
        userId: adminId,
        username: 'admin',
        role: 'admin',
        unitId,
        action: 'POST /api/test',
        targetIds: [],
        requestId,
        status: 201,
        clientIp: '127.0.0.1',
      });
      const outcomes = await Promise.allSettled([
        audit.record(entry('audit-batch-1')),
        audit.record(entry('audit-batch-2')),
        audit.record(entry('x'.repeat(65))),
        audit.record(entry('audit-batch-3')),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      const written = await query<{ request_id: string }>(
        t.database,
        `SELECT request_id FROM audit_log WHERE request_id LIKE 'audit-batch-%' ORDER BY request_id`,
      );
      expect(written.map((row) => row.request_id)).toEqual([
        'audit-batch-1',
        'audit-batch-2',
        'audit-batch-3',
      ]);
    },
    SLOW,
  );

  it(
    'should refuse UPDATE, DELETE and TRUNCATE on audit_log, even to the owner',
    async () => {
      const before = await countAll();
      expect(before).toBeGreaterThan(0);
      await expect(
        query(t.database, `UPDATE audit_log SET status = 500, username = 'someone-else'`),
      ).rejects.toThrow(/audit_log is append-only: UPDATE/);
      await expect(query(t.database, 'DELETE FROM audit_log')).rejects.toThrow(
        /audit_log is append-only: DELETE/,
      );
      await expect(query(t.database, 'TRUNCATE audit_log')).rejects.toThrow(
        /audit_log is append-only: TRUNCATE/,
      );
      expect(await countAll()).toBe(before);
      const changed = await query<{ n: number }>(
        t.database,
        `SELECT count(*)::int AS n FROM audit_log WHERE status = 500`,
      );
      expect(changed[0].n).toBe(0);
      // Roles other than the owner may not even try.
      const grants = await query<{ privilege_type: string }>(
        t.database,
        `SELECT privilege_type FROM information_schema.role_table_grants
         WHERE table_name = 'audit_log' AND grantee = 'PUBLIC'`,
      );
      expect(grants.map((grant) => grant.privilege_type)).not.toEqual(
        expect.arrayContaining(['UPDATE']),
      );
    },
    SLOW,
  );

  it(
    'should list the trail to admins only, newest first, with filters and pages',
    async () => {
      const officer = await t.login('phong-vhtt.officer');
      expectError(await t.request('GET', '/api/audit', { token: officer }), 403, 'forbidden');
      expectError(await t.request('GET', '/api/audit'), 401, 'not_signed_in');

      const all = await t.request('GET', '/api/audit?limit=200', { token: admin });
      expect(all.status).toBe(200);
      expect(all.body.total).toBeGreaterThanOrEqual(4);
      const times = all.body.items.map((item: { at: string }) => Date.parse(item.at));
      expect(times).toEqual([...times].sort((x, y) => y - x));

      const mine = await t.request('GET', `/api/audit?userId=${adminId}&method=PATCH`, {
        token: admin,
      });
      expect(mine.body.items.length).toBeGreaterThan(0);
      for (const item of mine.body.items) {
        expect(item).toMatchObject({ userId: adminId, action: expect.stringMatching(/^PATCH /) });
      }

      const created = await t.request('GET', '/api/audit?requestId=audit-create-1', {
        token: admin,
      });
      expect(created.body.items).toHaveLength(1);
      const target = created.body.items[0].targetIds[0];
      const byTarget = await t.request('GET', `/api/audit?targetId=${target}`, { token: admin });
      expect(byTarget.body.items.map((item: { action: string }) => item.action).sort()).toEqual([
        'PATCH /api/users/:id',
        'POST /api/users',
      ]);
      const byAction = await t.request('GET', '/api/audit?action=/api/auth/login', {
        token: admin,
      });
      expect(byAction.body.total).toBeGreaterThan(0);
      for (const item of byAction.body.items) expect(item.action).toBe('POST /api/auth/login');

      const future = await t.request('GET', '/api/audit?from=2999-01-01T00:00:00Z', {
        token: admin,
      });
      expect(future.body).toMatchObject({ items: [], total: 0 });
      const page = await t.request('GET', '/api/audit?limit=1&offset=1', { token: admin });
      expect(page.body).toMatchObject({ limit: 1, offset: 1, total: all.body.total });
      expect(page.body.items[0].id).toBe(all.body.items[1].id);

      expectError(
        await t.request('GET', '/api/audit?userId=nope', { token: admin }),
        400,
        'validation_failed',
      );
      expectError(
        await t.request('GET', '/api/audit?from=yesterday', { token: admin }),
        400,
        'validation_failed',
      );
    },
    SLOW,
  );
});
