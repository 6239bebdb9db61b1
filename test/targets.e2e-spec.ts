import { DEMO_UNITS } from '../src/demo/demo-directory.js';
import { publishLetter } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { signInToPages } from './support/web-session.js';

const INDICATOR = 'Số người đã cài Bluezone';
const DISTRICT = 134_494;
const population = (code: string) => DEMO_UNITS.find((u) => u.code === code)!.population!;
const pct = (value: number, of: number) => Math.round((value / of) * 10000) / 100;
const COMMUNES = DEMO_UNITS.filter((u) => u.kind === 'commune');

describe('Targets (chỉ tiêu)', () => {
  let t: TestApp;
  let directiveId: string;
  let chair: string;
  const tasks = new Map<string, string>();
  const officers = new Map<string, string>();

  const report = async (code: string, value: number, asOf: string, indicator = INDICATOR) => {
    if (!officers.has(code)) officers.set(code, await t.login(`${code}.officer`));
    const reply = await t.request('POST', `/api/tasks/${tasks.get(code)}/evidence`, {
      token: officers.get(code),
      body: { kind: 'metric', indicator, value, asOf },
    });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
  const progress = async (token = chair) => {
    const reply = await t.request('GET', `/api/directives/${directiveId}/targets`, { token });
    expect(reply.status).toBe(200);
    return reply.body.targets[0];
  };

  beforeAll(async () => {
    t = await startTestApp();
    directiveId = await publishLetter(t);
    chair = await t.login('chair');
    const list = await t.request('GET', `/api/directives/${directiveId}/tasks?limit=200`, {
      token: chair,
    });
    for (const task of list.body.items as Array<{ id: string; unit: { code: string } }>) {
      if (!tasks.has(task.unit.code)) tasks.set(task.unit.code, task.id);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should start from the letter’s baseline with every commune listed and none reported', async () => {
    const target = await progress();
    expect(target).toMatchObject({
      index: 0,
      target: { percent: 60, comparator: 'min' },
      baseline: { value: 15277, of: DISTRICT, asOf: '2020-08-21' },
      current: { value: 15277, of: DISTRICT, percent: 11.3, asOf: '2020-08-21' },
      gap: 48.7,
      met: false,
      history: [{ date: '2020-08-21', value: 15277, percent: 11.3 }],
    });
    expect(target.units).toHaveLength(COMMUNES.length);
    expect(target.units.every((u: { value: unknown }) => u.value === null)).toBe(true);
  });

  it('should move the district figure as communes report, each unit counted by its latest value', async () => {
    await report('tt-an-thi', 5000, '2020-08-25');
    await report('xa-phu-ung', 5200, '2020-08-27', 'so nguoi da cai BLUEZONE');
    await report('tt-an-thi', 7500, '2020-08-29');
    await report('xa-hong-quang', 2000, '2020-08-29');
    // A withdrawn figure does not count.
    const withdrawn = await report('xa-hong-quang', 5000, '2020-08-30');
    const officer = officers.get('xa-hong-quang');
    const deleted = await t.request('DELETE', `/api/evidence/${withdrawn}`, { token: officer });
    expect(deleted.status).toBeLessThan(300);

    const target = await progress();
    const total = 7500 + 5200 + 2000;
    expect(target.current).toEqual({
      value: total,
      of: DISTRICT,
      percent: pct(total, DISTRICT),
      asOf: '2020-08-29',
    });
    expect(target.gap).toBeCloseTo(60 - pct(total, DISTRICT), 2);
    expect(target.history).toEqual([
      { date: '2020-08-21', value: 15277, percent: 11.3 },
      { date: '2020-08-25', value: 5000, percent: pct(5000, DISTRICT) },
      { date: '2020-08-27', value: 10200, percent: pct(10200, DISTRICT) },
      { date: '2020-08-29', value: total, percent: pct(total, DISTRICT) },
    ]);

    const reported = target.units.filter((u: { value: unknown }) => u.value !== null);
    expect(reported).toEqual([
      expect.objectContaining({
        code: 'xa-hong-quang',
        population: population('xa-hong-quang'),
        value: 2000,
        percent: pct(2000, population('xa-hong-quang')),
        met: false,
        asOf: '2020-08-29',
      }),
      expect.objectContaining({
        code: 'xa-phu-ung',
        percent: pct(5200, population('xa-phu-ung')),
        met: true,
        gap: 0,
      }),
      expect.objectContaining({
        code: 'tt-an-thi',
        value: 7500,
        percent: pct(7500, population('tt-an-thi')),
        met: true,
      }),
    ]);
    // Lowest first: the communes that said nothing, then Hồng Quang, below 60%.
    const below = target.units.filter((u: { met: boolean }) => !u.met);
    expect(below).toHaveLength(COMMUNES.length - 2);
    expect(below.at(-1).code).toBe('xa-hong-quang');
    expect(target.units.slice(0, below.length)).toEqual(below);
  });

  it('should show a commune officer the district figure and only their own row', async () => {
    const target = await progress(officers.get('xa-hong-quang'));
    expect(target.current.value).toBe(14700);
    expect(target.units).toEqual([expect.objectContaining({ code: 'xa-hong-quang' })]);
  });

  it('should let the chair edit the targets after publication, validated', async () => {
    const url = `/api/directives/${directiveId}/targets`;
    const officer = officers.get('tt-an-thi');
    const goal = (percent: number) => ({
      targets: [
        {
          indicator: 'Tỷ lệ dân số cài đặt, sử dụng Bluezone',
          baseline: { value: 15277, of: DISTRICT, percent: 11.3, asOf: '2020-08-21' },
          target: { percent, comparator: 'min' },
        },
      ],
    });
    expectError(await t.request('PATCH', url, { token: officer, body: goal(66) }), 403);
    expectError(await t.request('PATCH', url, { token: chair, body: goal(150) }), 400);
    expectError(
      await t.request('PATCH', url, { token: chair, body: { targets: [{ indicator: 'x' }] } }),
      400,
    );
    expectError(await t.request('PATCH', url, { token: chair, body: {} }), 400);
    expectError(
      await t.request('PATCH', `/api/directives/00000000-0000-4000-8000-000000000000/targets`, {
        token: chair,
        body: goal(66),
      }),
      404,
    );

    const reply = await t.request('PATCH', url, { token: await t.login('clerk'), body: goal(66) });
    expect(reply.status).toBe(200);
    const target = reply.body.targets[0];
    expect(target.target).toEqual({ percent: 66, comparator: 'min' });
    const met = target.units.filter((u: { met: boolean }) => u.met).map((u: any) => u.code);
    expect(met).toEqual(['tt-an-thi']);
    expect((await progress()).target.percent).toBe(66);
  });

  it('should keep a target whose letter gives only the current figure, met by no unit', async () => {
    const reply = await t.request('PATCH', `/api/directives/${directiveId}/targets`, {
      token: chair,
      body: {
        targets: [
          {
            indicator: 'Tỷ lệ dân số cài đặt, sử dụng Bluezone',
            baseline: { value: 15277, of: DISTRICT, percent: null, asOf: null },
            target: null,
          },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const target = reply.body.targets[0];
    expect(target.target).toBeNull();
    expect(target.gap).toBeNull();
    expect(target.met).toBe(false);
    expect(
      target.units.every((u: { met: boolean; gap: number | null }) => !u.met && u.gap === null),
    ).toBe(true);
    // The compliance page and the directive's page show it without a goal.
    const session = await signInToPages(t, 'chair');
    for (const url of [`/tuan-thu/${directiveId}`, `/van-ban/${directiveId}`]) {
      const page = await session.get(url);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Tỷ lệ dân số cài đặt, sử dụng Bluezone');
    }
  });
});
