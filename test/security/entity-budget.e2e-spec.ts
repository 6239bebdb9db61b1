import { DataSource } from 'typeorm';
import {
  ENTITY_LOAD_LIMIT,
  EntityLoadMonitor,
} from '../../src/core/database/entity-load.monitor.js';
import { Task } from '../../src/tasks/task.entity.js';
import { multipartBody, PNG, publishLetter } from '../support/directives.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';
import { fill, parametersOf, routeTable } from './route-table.js';

/** Communes added to the district's group, so the seed letter fans out well past the limit. */
const EXTRA_COMMUNES = 1_300;

/** What the `:id` of a GET route names, by the route's prefix. */
const ID_KINDS: Array<[prefix: string, kind: keyof Fixture]> = [
  ['/api/compliance/directives/', 'directive'],
  ['/api/directives/', 'directive'],
  ['/van-ban/', 'directive'],
  ['/tuan-thu/', 'directive'],
  ['/api/tasks/', 'task'],
  ['/viec/', 'task'],
  ['/api/evidence/', 'evidence'],
  ['/api/users/', 'user'],
  ['/api/notification-channels/', 'channel'],
  ['/api/units/', 'unit'],
  ['/quan-tri/don-vi/', 'unit'],
  ['/api/unit-groups/', 'group'],
  ['/quan-tri/nhom/', 'group'],
];

/** Parameters other than `:id`, by name. */
const OTHER_PARAMS: Record<string, (f: Fixture) => string> = {
  periodId: (f) => f.period,
  index: () => '0',
};

/** No entities behind them: API documentation, the queue board, the pages' static assets. */
const SKIPPED = [/^\/api\/docs/, /^\/admin\/queues/, /^\/\*$/];

interface Fixture {
  directive: string;
  task: string;
  evidence: string;
  user: string;
  channel: string;
  unit: string;
  group: string;
  /** A reporting period of `task` (given a weekly recurrence), reported with a file. */
  period: string;
}

describe('entities hydrated per request', () => {
  let t: TestApp;
  let fixture: Fixture;
  let tasks = 0;

  beforeAll(async () => {
    t = await startTestApp();
    // A province-sized group of communes: "các xã, thị trấn" gets 1,300 more members, under
    // An Thi's committee like its own (the letter's "các xã, thị trấn" means the issuer's).
    await query(
      t.database,
      `WITH added AS (
         INSERT INTO units (code, name, kind, population, parent_id)
         SELECT 'xa-them-' || n, 'Xã Thêm ' || n, 'commune', 1000 + n,
                (SELECT id FROM units WHERE code = 'ubnd-huyen')
           FROM generate_series(1, $1::int) AS n
         RETURNING id)
       INSERT INTO unit_group_members (group_id, unit_id)
       SELECT g.id, added.id FROM added, unit_groups g WHERE g.code = 'cac-xa-thi-tran'`,
      [EXTRA_COMMUNES],
    );
    const directive = await publishLetter(t);
    [{ n: tasks }] = await query<{ n: number }>(
      t.database,
      'SELECT count(*)::int AS n FROM tasks WHERE directive_id = $1',
      [directive],
    );
    const officer = await t.login('xa-phu-ung.officer');
    const admin = await t.login('admin');
    const own = await t.request('GET', '/api/me/tasks', { token: officer });
    const task = own.body.items[0];
    const evidence = await t.request('POST', `/api/tasks/${task.id}/evidence`, {
      token: officer,
      ...multipartBody({ name: 'anh.png', data: PNG, type: 'image/png' }, { kind: 'file' }),
    });
    const channel = await t.request('POST', '/api/notification-channels', {
      token: admin,
      body: { kind: 'email', unitId: task.unit.id, address: 'xa-phu-ung@example.org' },
    });
    const me = await t.request('GET', '/api/me', { token: officer });
    const [group] = await query<{ id: string }>(
      t.database,
      "SELECT id FROM unit_groups WHERE code = 'cac-xa-thi-tran'",
    );
    // The seed letter has no recurring part: the clerk makes the officer's task weekly.
    const clerk = await t.login('clerk');
    const recurring = await t.request('PATCH', `/api/tasks/${task.id}/recurrence`, {
      token: clerk,
      body: {
        recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' },
        version: evidence.body.version,
      },
    });
    const period = await t.request(
      'POST',
      `/api/tasks/${task.id}/periods/${recurring.body[0]?.id}/report`,
      {
        token: officer,
        ...multipartBody({ name: 'ky-1.png', data: PNG, type: 'image/png' }, { text: 'Kỳ 1' }),
      },
    );
    for (const reply of [evidence, channel, recurring, period]) {
      if (reply.status >= 300) throw new Error(JSON.stringify(reply.body));
    }
    fixture = {
      directive,
      task: task.id,
      evidence: evidence.body.id,
      user: me.body.id,
      channel: channel.body.id,
      unit: task.unit.id,
      group: group.id,
      period: period.body.id,
    };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts what a request hydrates: loading the directive’s tasks in one go is over the limit', async () => {
    expect(tasks).toBeGreaterThan(EXTRA_COMMUNES);
    const monitor = t.app.get(EntityLoadMonitor);
    const all = await monitor.track('test: every task at once', () =>
      t.app
        .get(DataSource)
        .getRepository(Task)
        .find({ where: { directiveId: fixture.directive } }),
    );
    expect(all).toHaveLength(tasks);
    const counted = monitor.heaviest().find((r) => r.route === 'test: every task at once');
    expect(counted?.most).toBe(tasks);
    expect(counted!.most).toBeGreaterThan(ENTITY_LOAD_LIMIT);
  });

  it('hydrates at most 1,000 entities in any GET request, every route swept on a directive of 1,300+ tasks', async () => {
    const tokens = await Promise.all(
      ['admin', 'chair', 'clerk', 'xa-phu-ung.officer'].map((user) => t.login(user)),
    );
    const routes = routeTable(t.app).filter(
      (route) => route.method === 'GET' && !SKIPPED.some((skip) => skip.test(route.pattern)),
    );
    const uncovered: string[] = [];
    const answers: string[] = [];
    for (const route of routes) {
      const params: Record<string, string> = {};
      for (const name of parametersOf(route.pattern)) {
        if (OTHER_PARAMS[name]) {
          params[name] = OTHER_PARAMS[name](fixture);
          continue;
        }
        const kind = ID_KINDS.find(([prefix]) => route.pattern.startsWith(prefix))?.[1];
        if (name !== 'id' || !kind) uncovered.push(`${route.pattern} (:${name})`);
        else params[name] = fixture[kind];
      }
      if (Object.keys(params).length < parametersOf(route.pattern).length) continue;
      const url = fill(route.pattern, params);
      // The first role the route lets in (admin pages, the chair's compliance, the officer's
      // own inbox all get a real answer from someone).
      let status = 0;
      for (const token of tokens) {
        const reply = await t.request('GET', url, {
          token,
          headers: { cookie: `dondoc_token=${token}` },
        });
        status = reply.status;
        if (status !== 403 && status !== 401) break;
      }
      expect([url, status < 500]).toEqual([url, true]);
      answers.push(`${status} ${url}`);
    }
    expect(uncovered).toEqual([]);

    const heaviest = t.app.get(EntityLoadMonitor).heaviest();
    const over = heaviest.filter((r) => r.most > ENTITY_LOAD_LIMIT);
    console.log(
      `entity budget: ${answers.length} GET routes on ${tasks} tasks; heaviest: ` +
        heaviest
          .filter((r) => !r.route.startsWith('test:'))
          .slice(0, 5)
          .map((r) => `${r.route} ${r.most}`)
          .join(', '),
    );
    expect(over.filter((r) => !r.route.startsWith('test:'))).toEqual([]);
    // The sweep reached the routes that could hydrate the most.
    const swept = new Set(heaviest.map((r) => r.route));
    for (const route of [
      'GET /api/directives/:id/tasks',
      'GET /api/compliance/directives/:id',
      'GET /van-ban/:id',
      'GET /tuan-thu/:id',
      'GET /tuan-thu/:id/xuat.xlsx',
    ]) {
      expect(swept).toContain(route);
    }
  }, 120_000);
});
