import { Clock } from '../src/core/clock.js';
import { addUser, carryDown } from './support/chain.js';
import { letter } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { query } from './support/test-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A chain of committees to depth 3 (issue 16, part 4): the province's directive P to An Thi and
 * Kim Động; An Thi carries its task down with Công văn 451 (imported and published through the
 * API, linked to P's task on the draft) to the 21 communes; thị trấn An Thi carries its task down
 * to two villages (thôn); thôn 1 carries its task down to two groups (tổ). The chain, compliance
 * `?depth=all` and targets rolling up, read through the API, and who may see what.
 */
const INDICATOR = 'Số người đã cài Bluezone';

interface UnitRow {
  unit: { id: string };
  requested: boolean;
}
const byUnit = (rows: UnitRow[]) =>
  [...rows].sort((a, b) =>
    `${a.requested}${a.unit.id}`.localeCompare(`${b.requested}${b.unit.id}`),
  );
const DUE = new Date('2026-12-04T10:00:00Z');

describe('A chain of committees (triển khai)', () => {
  let t: TestApp;
  let admin: string;
  const ids = {} as Record<
    'province' | 'anThi' | 'kimDong' | 'ttAnThi' | 'thon1' | 'thon2' | 'to1' | 'to2',
    string
  >;
  let p: string;
  let d451: string;
  let c: string;
  let v: string;
  let pTasks: Map<string, string>;
  let d451Tasks: Map<string, string>;
  let cTasks: Map<string, string>;

  const get = async (url: string, token = admin) => {
    const reply = await t.request('GET', url, { token });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    const units = new Map(
      (await query<{ id: string; code: string }>(t.database, 'SELECT id, code FROM units')).map(
        (row) => [row.code, row.id],
      ),
    );
    const unit = async (body: object) => {
      const reply = await t.request('POST', '/api/units', { token: admin, body });
      if (reply.status !== 201) throw new Error(`unit: ${JSON.stringify(reply.body)}`);
      return reply.body.id as string;
    };
    // The demo's province, with An Thi and Kim Động under it.
    ids.province = units.get('tinh')!;
    ids.anThi = units.get('ubnd-huyen')!;
    ids.kimDong = units.get('huyen-kim-dong')!;
    ids.ttAnThi = units.get('tt-an-thi')!;
    ids.thon1 = await unit({
      code: 'thon-1',
      name: 'Thôn 1',
      kind: 'other',
      parentId: ids.ttAnThi,
    });
    ids.thon2 = await unit({
      code: 'thon-2',
      name: 'Thôn 2',
      kind: 'other',
      parentId: ids.ttAnThi,
    });
    ids.to1 = await unit({ code: 'to-1', name: 'Tổ 1', kind: 'other', parentId: ids.thon1 });
    ids.to2 = await unit({ code: 'to-2', name: 'Tổ 2', kind: 'other', parentId: ids.thon1 });
    for (const code of ['thon-2', 'to-1', 'to-2'] as const) {
      const key = ({ 'thon-2': 'thon2', 'to-1': 'to1', 'to-2': 'to2' } as const)[code];
      await addUser(t, `${code}.officer`, 'unit_officer', ids[key]);
    }

    // Depth 0: the province's directive to two districts.
    ({ directiveId: p, tasks: pTasks } = await carryDown(t, {
      taskId: null,
      bodyId: ids.province,
      number: '2136/UBND-KGVX',
      unitIds: [ids.anThi, ids.kimDong],
      dueAt: DUE,
    }));
    // Depth 1: An Thi imports 451, links the draft to its task from P, publishes.
    const clerk = await t.login('clerk');
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter('451-UBND-VHTT-bluezone.txt'),
      headers: { 'content-type': 'text/plain' },
    });
    expect(imported.status).toBe(201);
    d451 = imported.body.id;
    await query(
      t.database,
      `UPDATE directives SET implements_task_id = $1,
              implements_directive_id = (SELECT directive_id FROM tasks WHERE id = $1)
        WHERE id = $2`,
      [pTasks.get(ids.anThi), d451],
    );
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    const published = await t.request('POST', `/api/directives/${d451}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    d451Tasks = new Map(
      (
        await query<{ id: string; unit_id: string }>(
          t.database,
          `SELECT DISTINCT ON (unit_id) id, unit_id FROM tasks WHERE directive_id = $1 ORDER BY unit_id, id`,
          [d451],
        )
      ).map((r) => [r.unit_id, r.id]),
    );
    // Depth 2 and 3: the town carries its task down to its villages, thôn 1 to its groups.
    ({ directiveId: c, tasks: cTasks } = await carryDown(t, {
      taskId: d451Tasks.get(ids.ttAnThi)!,
      bodyId: ids.ttAnThi,
      number: '12/UBND-TT',
      unitIds: [ids.thon1, ids.thon2],
      dueAt: DUE,
    }));
    ({ directiveId: v } = await carryDown(t, {
      taskId: cTasks.get(ids.thon1)!,
      bodyId: ids.thon1,
      number: '3/TB-THON1',
      unitIds: [ids.to1, ids.to2],
      dueAt: new Date('2026-12-01T10:00:00Z'),
    }));
    // Some work done: two communes completed on time; then the deadlines pass for the rest.
    await query(
      t.database,
      `UPDATE tasks SET status = 'completed', reported_at = '2026-12-01T02:00:00Z', completed_at = '2026-12-02T02:00:00Z'
        WHERE directive_id = $1 AND unit_id IN (SELECT id FROM units WHERE code IN ('xa-bac-son', 'xa-bai-say'))`,
      [d451],
    );
    t.app.get(Clock).set(new Date('2026-12-10T03:00:00Z'));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should return the tree to depth 3, each carried-down task with the directive that carried it', async () => {
    const chain = await get(`/api/directives/${p}/chain`);
    const [{ count }] = await query<{ count: number }>(
      t.database,
      `SELECT count(*)::int AS count FROM tasks WHERE directive_id = $1 AND status <> 'cancelled'`,
      [d451],
    );
    expect(chain.summary).toEqual({ directives: 4, tasks: 2 + count + 2 + 2, depth: 3 });
    expect(chain.root.id).toBe(p);
    const anThiTask = chain.root.tasks.find(
      (task: { unit: { id: string } }) => task.unit.id === ids.anThi,
    );
    const kimDongTask = chain.root.tasks.find(
      (task: { unit: { id: string } }) => task.unit.id === ids.kimDong,
    );
    expect(kimDongTask.carriedDownBy).toEqual([]);
    expect(anThiTask.carriedDownBy.map((d: { id: string }) => d.id)).toEqual([d451]);
    const d451Node = anThiTask.carriedDownBy[0];
    expect(d451Node).toMatchObject({ depth: 1, body: { id: ids.anThi } });
    const town = d451Node.tasks.find(
      (task: { unit: { id: string } }) => task.unit.id === ids.ttAnThi,
    );
    expect(town.carriedDownBy.map((d: { id: string }) => d.id)).toEqual([c]);
    const village = town.carriedDownBy[0].tasks.find(
      (task: { unit: { id: string } }) => task.unit.id === ids.thon1,
    );
    expect(village.carriedDownBy[0]).toMatchObject({ id: v, depth: 3 });
    // Flags from the task-flags rules: past the deadline, an open task is overdue; a completed
    // one on time is not.
    expect(town.flags).toMatchObject({ category: 'overdue', overdue: true });
    const done = d451Node.tasks.find(
      (task: { unit: { code: string } }) => task.unit.code === 'xa-bac-son',
    );
    expect(done.flags).toMatchObject({ category: 'completed_on_time', overdue: false });
    // Every flag as the task's own route gives it (taskFlags(), the rule in TypeScript).
    for (const task of [town, done, village, ...village.carriedDownBy[0].tasks]) {
      const own = await get(`/api/tasks/${task.id}`);
      expect([task.id, task.flags]).toEqual([task.id, own.flags]);
    }
  });

  it('should give depth=all figures equal to each carried-down directive’s own compliance, computed apart', async () => {
    const all = await get(`/api/compliance/directives/${p}?depth=all`);
    const plain = await get(`/api/compliance/directives/${p}`);
    expect(plain.carriedDown).toBeUndefined();
    expect({ ...all, carriedDown: undefined }).toEqual({ ...plain, carriedDown: undefined });
    const walk = async (
      nodes: Array<{
        directive: { id: string };
        totals: unknown;
        units: unknown;
        carriedDown: unknown[];
        task: { unit: { id: string } };
      }>,
      seen: string[],
    ) => {
      for (const node of nodes) {
        const apart = await get(`/api/compliance/directives/${node.directive.id}`);
        expect(node.totals).toEqual(apart.totals);
        // Equally bad units may come in either order: compared by unit.
        expect(byUnit(node.units as UnitRow[])).toEqual(byUnit(apart.units));
        seen.push(node.directive.id);
        await walk(node.carriedDown as typeof nodes, seen);
      }
      return seen;
    };
    expect(await walk(all.carriedDown, [])).toEqual([d451, c, v]);
    expect(all.carriedDown[0].task.unit.id).toBe(ids.anThi);
    // The district's figures are the sum of its communes' (each counted in its own directive).
    const sum = (key: string, rows: Array<Record<string, number>>) =>
      rows.reduce((s, r) => s + r[key], 0);
    const node451 = all.carriedDown[0];
    for (const key of ['total', 'completedOnTime', 'overdue', 'daysOverdueSum']) {
      expect(node451.totals.orders[key] + node451.totals.requests[key]).toBe(
        sum(key, node451.units),
      );
    }
  });

  it('should export the chain in CSV with depth=all, and not without it', async () => {
    const csv = await t.request('GET', `/api/compliance/directives/${p}?depth=all&format=csv`, {
      token: admin,
    });
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('Triển khai');
    expect(String(csv.body)).toContain('3/TB-THON1');
    const plain = await t.request('GET', `/api/compliance/directives/${p}?format=csv`, {
      token: admin,
    });
    expect(String(plain.body)).not.toContain('3/TB-THON1');
  });

  it('should show a receiving body its own task and what it carried down, not a sibling’s', async () => {
    const anThiChair = await t.login('chair');
    const seen = await get(`/api/directives/${p}/chain`, anThiChair);
    expect(seen.root.tasks.map((task: { unit: { id: string } }) => task.unit.id)).toEqual([
      ids.anThi,
    ]);
    expect(seen.summary.directives).toBe(4);
    const kimDong = await t.login('huyen-kim-dong.chair');
    const theirs = await get(`/api/directives/${p}/chain`, kimDong);
    expect(theirs.root.tasks.map((task: { unit: { id: string } }) => task.unit.id)).toEqual([
      ids.kimDong,
    ]);
    expect(theirs.summary).toEqual({ directives: 1, tasks: 1, depth: 0 });
    const figures = await get(`/api/compliance/directives/${p}?depth=all`, kimDong);
    expect(figures.carriedDown).toEqual([]);
  });

  it('should answer 404 to a body that may not see the root, as for a missing id', async () => {
    const kimDong = await t.login('huyen-kim-dong.chair');
    const officer = await t.login('xa-hong-quang.officer');
    for (const [token, id] of [
      [kimDong, d451],
      [kimDong, c],
      [officer, p],
    ]) {
      expectError(await t.request('GET', `/api/directives/${id}/chain`, { token }), 404);
      expectError(
        await t.request('GET', `/api/compliance/directives/${id}?depth=all`, { token }),
        404,
      );
    }
    expectError(
      await t.request('GET', '/api/directives/00000000-0000-4000-8000-000000000000/chain', {
        token: admin,
      }),
      404,
    );
  });

  it('should refuse a bad query with 400', async () => {
    for (const url of [
      `/api/compliance/directives/${p}?depth=2`,
      `/api/compliance/directives/${p}?depth=`,
      `/api/compliance/directives/${p}?depth=all&format=pdf`,
      '/api/directives/not-a-uuid/chain',
    ]) {
      expectError(await t.request('GET', url, { token: admin }), 400);
    }
  });

  it('should roll a target up from the villages and communes to the district and the province', async () => {
    const patched = await t.request('PATCH', `/api/directives/${p}/targets`, {
      token: admin,
      body: {
        targets: [
          {
            indicator: 'Tỷ lệ dân số cài đặt Bluezone',
            target: { percent: 60, comparator: 'min' },
          },
        ],
      },
    });
    expect(patched.status).toBe(200);
    const report = async (username: string, taskId: string, value: number, asOf: string) => {
      const reply = await t.request('POST', `/api/tasks/${taskId}/evidence`, {
        token: await t.login(username),
        body: { kind: 'metric', indicator: INDICATOR, value, asOf },
      });
      expect(reply.status).toBe(201);
    };
    const units = new Map(
      (await query<{ id: string; code: string }>(t.database, 'SELECT id, code FROM units')).map(
        (row) => [row.code, row.id],
      ),
    );
    // Two communes report on 451; the town reports nothing itself, its villages do on its
    // directive (thôn 2 itself; thôn 1 nothing, but its groups do on thôn 1's).
    await report(
      'xa-phu-ung.officer',
      d451Tasks.get(units.get('xa-phu-ung')!)!,
      5200,
      '2026-12-05',
    );
    await report(
      'xa-hong-quang.officer',
      d451Tasks.get(units.get('xa-hong-quang')!)!,
      2000,
      '2026-12-06',
    );
    await report('thon-2.officer', cTasks.get(ids.thon2)!, 300, '2026-12-07');
    const vTasks = new Map(
      (
        await query<{ id: string; unit_id: string }>(
          t.database,
          'SELECT id, unit_id FROM tasks WHERE directive_id = $1',
          [v],
        )
      ).map((r) => [r.unit_id, r.id]),
    );
    await report('to-1.officer', vTasks.get(ids.to1)!, 120, '2026-12-08');
    await report('to-2.officer', vTasks.get(ids.to2)!, 80, '2026-12-08');

    // The town on 451: its villages' figures (300 + 120 + 80), rolled up.
    const onDistrict = (await get(`/api/directives/${d451}/targets`)).targets[0];
    const town = onDistrict.units.find((u: { unitId: string }) => u.unitId === ids.ttAnThi);
    expect(town).toMatchObject({ value: 500, rolledUp: true, asOf: '2026-12-08' });
    const phuUng = onDistrict.units.find((u: { code: string }) => u.code === 'xa-phu-ung');
    expect(phuUng).toMatchObject({ value: 5200, rolledUp: false });

    // The province: An Thi's figure from the communes under it; Kim Động has none.
    const onProvince = (await get(`/api/directives/${p}/targets`)).targets[0];
    const anThi = onProvince.units.find((u: { unitId: string }) => u.unitId === ids.anThi);
    expect(anThi).toMatchObject({ value: 5200 + 2000 + 500, rolledUp: true, asOf: '2026-12-08' });
    expect(onProvince.current).toMatchObject({ value: 7700, asOf: '2026-12-08' });
    // …and its rate over its communes' residents (the letter's 134,494): An Thi records no
    // population of its own, so it is theirs, summed (units/unit-population.ts).
    expect(anThi.population).toBe(134_494);
    expect(anThi.percent).toBeCloseTo((7700 / 134_494) * 100, 2);
    expect(onProvince.current.of).toBe(134_494);

    // Once An Thi reports a figure of its own on P, that one stands.
    await query(
      t.database,
      `INSERT INTO evidence (task_id, kind, indicator, value, as_of, created_by)
       SELECT $1, 'metric', $2, 9000, DATE '2026-12-09', id FROM users WHERE username = 'chair'`,
      [pTasks.get(ids.anThi), INDICATOR],
    );
    const after = (await get(`/api/directives/${p}/targets`)).targets[0];
    expect(after.units.find((u: { unitId: string }) => u.unitId === ids.anThi)).toMatchObject({
      value: 9000,
      rolledUp: false,
    });
  });
});
