import { DEMO_UNITS } from '../../src/demo/demo-directory.js';
import { DemoLetters } from '../../src/demo/demo-letters.js';
import { expectError } from '../support/expect-error.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';

/**
 * The demo is the seed's own chain (issue 16, part 5): Hưng Yên province publishes 2136 to its
 * departments and its ten districts; An Thi's clerk imports 451, which links itself to An Thi's
 * task from 2136, and publishes it to the 21 communes; the province sees it, Kim Động does not.
 */
describe('the demo chain: 2136 → 451', () => {
  let t: TestApp;
  let d2136: string;
  let d451: string;
  const DISTRICTS = DEMO_UNITS.filter((unit) => unit.kind === 'district_committee');

  beforeAll(async () => {
    t = await startTestApp({ letters: true });
    const [province] = await query<{ id: string }>(
      t.database,
      "SELECT d.id FROM directives d WHERE d.number = '2136/UBND-KGVX'",
    );
    const [district] = await query<{ id: string }>(
      t.database,
      "SELECT d.id FROM directives d WHERE d.number = '451/UBND-VHTT'",
    );
    d2136 = province.id;
    d451 = district.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should load the province, its departments and its ten districts, An Thi under it', async () => {
    expect(DISTRICTS.map((unit) => unit.code).sort()).toEqual(
      [
        'huyen-khoai-chau',
        'huyen-kim-dong',
        'huyen-phu-cu',
        'huyen-tien-lu',
        'huyen-van-giang',
        'huyen-van-lam',
        'huyen-yen-my',
        'tp-hung-yen',
        'tx-my-hao',
        'ubnd-huyen',
      ].sort(),
    );
    const rows = await query<{ code: string; parent: string | null; kind: string }>(
      t.database,
      `SELECT u.code, p.code AS parent, u.kind FROM units u LEFT JOIN units p ON p.id = u.parent_id
        WHERE u.kind IN ('district_committee', 'department') OR u.code = 'xa-da-loc'`,
    );
    for (const row of rows.filter((r) => r.code !== 'xa-da-loc')) expect(row.parent).toBe('tinh');
    expect(rows.filter((r) => r.kind === 'department').length).toBeGreaterThanOrEqual(5);
    expect(rows.find((r) => r.code === 'xa-da-loc')?.parent).toBe('ubnd-huyen');
  });

  it('should show 2136 published by the province, a task for each of the ten districts', async () => {
    const clerk = await t.login('tinh.clerk');
    const seen = await t.request('GET', `/api/directives/${d2136}`, { token: clerk });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'published', issuingUnit: { code: 'tinh' } });
    const tasks = await query<{ code: string }>(
      t.database,
      `SELECT u.code FROM tasks k JOIN units u ON u.id = k.unit_id
        WHERE k.directive_id = $1 AND u.kind = 'district_committee'`,
      [d2136],
    );
    expect(new Set(tasks.map((r) => r.code))).toEqual(new Set(DISTRICTS.map((u) => u.code)));
    const departments = await query<{ code: string }>(
      t.database,
      `SELECT DISTINCT u.code FROM tasks k JOIN units u ON u.id = k.unit_id
        WHERE k.directive_id = $1 AND u.kind = 'department'`,
      [d2136],
    );
    expect(departments.map((r) => r.code)).toEqual(expect.arrayContaining(['so-tttt', 'so-y-te']));
    // Every part of 2136 names bodies of the directory: the seeder dropped none.
    const [{ n }] = await query<{ n: string }>(
      t.database,
      'SELECT count(*) AS n FROM assignments WHERE directive_id = $1',
      [d2136],
    );
    expect(Number(n)).toBe(6);
  });

  it('should show 451 linked to An Thi’s task from 2136 and published to the 21 communes', async () => {
    const clerk = await t.login('huyen-an-thi.clerk');
    const seen = await t.request('GET', `/api/directives/${d451}`, { token: clerk });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'published', issuingUnit: { code: 'ubnd-huyen' } });
    const [anThiTask] = await query<{ id: string }>(
      t.database,
      `SELECT k.id FROM tasks k JOIN units u ON u.id = k.unit_id
        WHERE k.directive_id = $1 AND u.code = 'ubnd-huyen'`,
      [d2136],
    );
    expect(seen.body.implementsTaskId).toBe(anThiTask.id);
    const [{ n }] = await query<{ n: string }>(
      t.database,
      `SELECT count(DISTINCT k.unit_id) AS n FROM tasks k JOIN units u ON u.id = k.unit_id
        WHERE k.directive_id = $1 AND u.kind = 'commune'`,
      [d451],
    );
    expect(Number(n)).toBe(21);
    // Today's clerk is An Thi's too: the same directive, governed.
    const old = await t.request('GET', `/api/directives/${d451}`, {
      token: await t.login('clerk'),
    });
    expect(old.status).toBe(200);
  });

  it('should let the province’s chair see 451 under An Thi’s task, and Kim Động’s chair nothing', async () => {
    const chair = await t.login('tinh.chair');
    const seen = await t.request('GET', `/api/directives/${d451}`, { token: chair });
    expect(seen.status).toBe(200);
    const tasks = await t.request('GET', `/api/directives/${d451}/tasks?limit=100`, {
      token: chair,
    });
    expect(tasks.body.total).toBeGreaterThanOrEqual(21);
    const kimDong = await t.login('huyen-kim-dong.chair');
    expectError(
      await t.request('GET', `/api/directives/${d451}`, { token: kimDong }),
      404,
      'directive_not_found',
    );
    // Kim Động sees its own task from 2136, never An Thi's.
    const own = await t.request('GET', '/api/me/tasks?limit=100', { token: kimDong });
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: { directiveId: string }) => i.directiveId)).toEqual([d2136]);
  });

  it('should leave the letters as they are when seeded again', async () => {
    const again = await t.app.get(DemoLetters).seed();
    expect(again).toMatchObject({ province: null, district: null });
    const [{ n }] = await query<{ n: string }>(t.database, 'SELECT count(*) AS n FROM directives');
    expect(Number(n)).toBe(2);
  });
});
