import ExcelJS from 'exceljs';
import { Clock } from '../src/core/clock.js';
import { toVietnamDateTime } from '../src/tasks/deadlines.js';
import { letter, publishLetter } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

// Công văn 318 (sốt xuất huyết): Trung tâm Y tế huyện reports weekly, before 15:00 on Fridays.
const DENGUE = '318-UBND-YT-sot-xuat-huyet.txt';
const SEED = '451-UBND-VHTT-bluezone.txt';

interface Period {
  id: string;
  number: number;
  from: string;
  to: string;
  dueAt: string;
  status: string;
}

interface GridRow {
  unit: { id: string; code: string; name: string };
  due: number;
  onTime: number;
  late: number;
  missed: number;
  open: number;
  notDue: number;
  onTimeRate: number | null;
  cells: Array<string | null>;
}

const vietnam = (iso: string) => toVietnamDateTime(new Date(iso)).slice(0, 16);

describe('the period grid: the dengue letter, end to end', () => {
  let t: TestApp;
  let directiveId: string;
  let officer: string;
  let chair: string;
  let taskId: string;
  let periods: Period[];
  const at = (iso: string) => t.app.get(Clock).set(new Date(iso));
  const grid = async (query = '?from=2026-11-23&to=2026-12-31', token = chair) => {
    const reply = await t.request(
      'GET',
      `/api/compliance/directives/${directiveId}/periods${query}`,
      {
        token,
      },
    );
    expect(reply.status).toBe(200);
    return reply.body as {
      columns: Array<{ from: string; to: string; dueAt: string }>;
      units: GridRow[];
      totals: GridRow;
      from: string;
      to: string;
    };
  };
  const report = (period: Period, text: string) =>
    t.request('POST', `/api/tasks/${taskId}/periods/${period.id}/report`, {
      token: officer,
      body: { text },
    });

  beforeAll(async () => {
    t = await startTestApp();
    // Published on Tuesday 24/11/2026, 09:00 in Hà Nội.
    directiveId = await publishLetter(t, {
      file: DENGUE,
      publishedAt: new Date('2026-11-24T02:00:00Z'),
    });
    officer = await t.login('trung-tam-y-te.officer');
    chair = await t.login('chair');
    const inbox = await t.request('GET', '/api/me/tasks?limit=50', { token: officer });
    taskId = inbox.body.items.find((item: { role: string }) => item.role === 'lead').id;
    periods = (await t.request('GET', `/api/tasks/${taskId}/periods`, { token: officer })).body;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should give the health centre weekly Friday 15:00 columns, the first open, the rest not due', async () => {
    at('2026-11-24T03:00:00Z');
    const answer = await grid();
    expect(answer.columns.map((c) => `${c.from}..${c.to} ${vietnam(c.dueAt)}`)).toEqual([
      '2026-11-24..2026-11-27 2026-11-27T15:00',
      '2026-11-28..2026-12-04 2026-12-04T15:00',
      '2026-12-05..2026-12-11 2026-12-11T15:00',
      '2026-12-12..2026-12-18 2026-12-18T15:00',
      '2026-12-19..2026-12-25 2026-12-25T15:00',
      // Period 6 (due Monday 4/1/2027, New Year's Day moved it) is outside the range.
    ]);
    expect(answer.units).toHaveLength(1);
    expect(answer.units[0]).toMatchObject({
      unit: { code: 'trung-tam-y-te' },
      cells: ['open', 'not_due', 'not_due', 'not_due', 'not_due'],
      due: 0,
      onTimeRate: null,
    });
  });

  it('should mark a Friday passed without a report missed, and a late report late, kept', async () => {
    at('2026-11-27T08:00:00Z'); // Friday 15:00 sharp: due
    expect((await grid()).units[0].cells[0]).toBe('missed');
    at('2026-11-27T10:30:00Z'); // 17:30: the report comes in late
    const late = await report(periods[0], 'Tuần 48: 12 ca mắc mới (gửi muộn)');
    expect(late.body).toMatchObject({ status: 'submitted', late: true });
    // Period 2 on time on Thursday 3/12.
    at('2026-12-03T03:00:00Z');
    expect((await report(periods[1], 'Tuần 49: 9 ca mắc mới')).body.late).toBe(false);
    // The chair returns period 1; sent again, it is still judged on its first (late) report.
    const returned = await t.request(
      'POST',
      `/api/tasks/${taskId}/periods/${periods[0].id}/review`,
      { token: chair, body: { decision: 'return', reason: 'Thiếu số ca theo xã' } },
    );
    expect(returned.body.status).toBe('returned');
    expect((await grid()).units[0].cells[0]).toBe('late');
    expect((await report(periods[0], 'Tuần 48: 12 ca, theo xã')).status).toBe(200);

    // Friday 11/12, 15:00 passes with nothing for period 3.
    at('2026-12-11T09:00:00Z');
    const answer = await grid();
    expect(answer.units[0]).toMatchObject({
      // Period 4 (Saturday 12/12 to Friday 18/12) has not started: not due until midnight.
      cells: ['late', 'on_time', 'missed', 'not_due', 'not_due'],
      due: 3,
      onTime: 1,
      late: 1,
      missed: 1,
      open: 0,
      notDue: 2,
      onTimeRate: 0.3333,
    });
    expect(answer.totals).toMatchObject({ due: 3, onTime: 1, late: 1, missed: 1, open: 0 });
    // The stored status agrees once the tick has run, and the grid does not depend on it.
    await query(
      t.database,
      `UPDATE task_periods SET status = 'missed' WHERE status = 'open' AND due_at <= $1`,
      [new Date('2026-12-11T09:00:00Z')],
    );
    expect((await grid()).units[0].cells).toEqual([
      'late',
      'on_time',
      'missed',
      'not_due',
      'not_due',
    ]);
    at('2026-12-11T17:00:00Z'); // Saturday 12/12, 00:00: period 4's week has begun
    expect((await grid()).units[0].cells[3]).toBe('open');
  });

  it('should default to the current quarter, Vietnam time', async () => {
    at('2026-12-31T17:30:00Z'); // 00:30 on 1/1/2027 in Hà Nội: the first quarter of 2027
    const q1 = await grid('');
    expect([q1.from, q1.to]).toEqual(['2027-01-01', '2027-03-31']);
    // Period 6, due Monday 4/1/2027; the later periods are not materialised yet.
    expect(q1.columns.map((c) => c.dueAt)).toContain(periods[5].dueAt);
    at('2026-12-11T09:00:00Z');
    const q4 = await grid('');
    expect([q4.from, q4.to]).toEqual(['2026-10-01', '2026-12-31']);
    expect(q4.columns).toHaveLength(5);
  });
});

describe('the period grid over HTTP: many units, access, exports, targets', () => {
  let t: TestApp;
  let directiveId: string;
  let chair: string;
  let leads: Array<{ task: string; code: string; name: string }>;
  /** An officer of a unit with no task on the directive. */
  let stranger: string;
  const at = (iso: string) => t.app.get(Clock).set(new Date(iso));
  const url = (q = '') => `/api/compliance/directives/${directiveId}/periods${q}`;

  beforeAll(async () => {
    t = await startTestApp();
    const clerk = await t.login('clerk');
    chair = await t.login('chair');
    // The seed letter, its part 1 (every commune) asked for a weekly report on Fridays at 15:00.
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter(SEED),
      headers: { 'content-type': 'text/plain' },
    });
    directiveId = imported.body.id;
    const part = imported.body.assignments[0];
    const fixed = await t.request(
      'PATCH',
      `/api/directives/${directiveId}/assignments/${part.id}`,
      {
        token: clerk,
        body: { recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' } },
      },
    );
    expect(fixed.status).toBe(200);
    at('2026-11-23T02:00:00Z'); // Monday 23/11/2026, 09:00
    const published = await t.request('POST', `/api/directives/${directiveId}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    leads = await query(
      t.database,
      `SELECT t.id AS task, u.code, u.name FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.directive_id = $1 AND t.assignment_id = $2 AND t.role = 'lead'
          AND EXISTS (SELECT 1 FROM users s WHERE s.unit_id = u.id AND s.role = 'unit_officer')
        ORDER BY u.code`,
      [directiveId, part.id],
    );
    expect(leads.length).toBeGreaterThanOrEqual(3);
    const [outsider] = await query<{ code: string }>(
      t.database,
      `SELECT code FROM units u
        WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.unit_id = u.id AND t.directive_id = $1)
          AND EXISTS (SELECT 1 FROM users s WHERE s.unit_id = u.id AND s.role = 'unit_officer')
        ORDER BY code LIMIT 1`,
      [directiveId],
    );
    stranger = await t.login(`${outsider.code}.officer`);
    // Three communes on the first two Fridays (27/11, 4/12): A on time twice with the Bluezone
    // count, B late then on time, C nothing at all.
    const send = async (i: number, n: number, when: string, value?: number) => {
      at(when);
      const token = await t.login(`${leads[i].code}.officer`);
      const list = (await t.request('GET', `/api/tasks/${leads[i].task}/periods`, { token })).body;
      const reply = await t.request(
        'POST',
        `/api/tasks/${leads[i].task}/periods/${list[n].id}/report`,
        {
          token,
          body: {
            text: `Báo cáo tuần ${n + 1}`,
            metrics: value === undefined ? [] : [{ indicator: 'Số người đã cài Bluezone', value }],
          },
        },
      );
      expect(reply.status).toBe(200);
      return list[n] as Period;
    };
    await send(0, 0, '2026-11-27T03:00:00Z', 2000);
    await send(1, 0, '2026-11-28T03:00:00Z');
    await send(0, 1, '2026-12-04T03:00:00Z', 3000);
    await send(1, 1, '2026-12-04T04:00:00Z', 1500);
    at('2026-12-07T03:00:00Z'); // Monday 7/12
  }, 90_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should answer units × periods, worst first, with the figures', async () => {
    const reply = await t.request('GET', url('?from=2026-11-23&to=2026-12-13'), { token: chair });
    expect(reply.status).toBe(200);
    const { columns, units, totals } = reply.body as {
      columns: unknown[];
      units: GridRow[];
      totals: GridRow;
    };
    expect(columns).toHaveLength(3); // 27/11, 4/12, 11/12
    const row = (code: string) => units.find((u) => u.unit.code === code)!;
    expect(row(leads[0].code)).toMatchObject({
      cells: ['on_time', 'on_time', 'open'],
      onTimeRate: 1,
    });
    expect(row(leads[1].code)).toMatchObject({
      cells: ['late', 'on_time', 'open'],
      onTimeRate: 0.5,
    });
    expect(row(leads[2].code)).toMatchObject({
      cells: ['missed', 'missed', 'open'],
      missed: 2,
      onTimeRate: 0,
    });
    // Worst first: every silent commune (2 missed) before B (late), before A.
    const order = units.map((u) => u.unit.code);
    expect(order.indexOf(leads[2].code)).toBeLessThan(order.indexOf(leads[1].code));
    expect(order.indexOf(leads[1].code)).toBeLessThan(order.indexOf(leads[0].code));
    expect(order.at(-1)).toBe(leads[0].code);
    expect(units.slice(0, -2).every((u) => u.missed === 2)).toBe(true);
    expect(totals).toMatchObject({
      onTime: 3,
      late: 1,
      missed: (units.length - 2) * 2,
      open: units.length,
      due: 4 + (units.length - 2) * 2,
    });
  });

  it("should show a unit's people their own row only, and hide the directive from others", async () => {
    const own = await t.request('GET', url(), { token: await t.login(`${leads[1].code}.officer`) });
    expect(own.status).toBe(200);
    expect(own.body.units.map((u: GridRow) => u.unit.code)).toEqual([leads[1].code]);
    expect(own.body.totals).toMatchObject({ onTime: 1, late: 1, missed: 0 });
    // A unit with no task on this directive: the same 404 as a missing one.
    expectError(await t.request('GET', url(), { token: stranger }), 404, 'directive_not_found');
    expectError(
      await t.request(
        'GET',
        '/api/compliance/directives/00000000-0000-4000-8000-000000000000/periods',
        {
          token: chair,
        },
      ),
      404,
    );
    expectError(await t.request('GET', url()), 401);
  });

  it('should refuse a bad range with a 400 in the one error shape', async () => {
    for (const q of [
      '?from=2026-02-30',
      '?from=2026-12-01&to=2026-11-30',
      '?from=2026-01-01&to=2027-06-30',
      '?to=yesterday',
      '?format=pdf',
    ]) {
      expectError(await t.request('GET', url(q), { token: chair }), 400);
    }
    expect(
      (await t.request('GET', url('?from=2026-12-01&to=2026-11-30'), { token: chair })).body.code,
    ).toBe('invalid_range');
  });

  it('should export the grid as CSV and XLSX, cells in words', async () => {
    const csv = await t.request<string>('GET', url('?from=2026-11-23&to=2026-12-13&format=csv'), {
      token: chair,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="ky-bao-cao-.*\.csv"/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^Mã đơn vị,Đơn vị,Số kỳ đến hạn,Đúng hạn,Muộn,Không báo cáo,.*Kỳ 23\/11–27\/11\/2026, hạn 27\/11 15:00/,
    );
    const rowOf = (code: string) => lines.find((line) => line.startsWith(`${code},`))!;
    expect(rowOf(leads[1].code)).toMatch(/,Muộn,Đúng hạn,Đang mở$/);
    expect(rowOf(leads[2].code)).toMatch(/,Không báo cáo,Không báo cáo,Đang mở$/);
    expect(lines).toHaveLength(1 + leads.length + (await countOthers()));

    const xlsx = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: url('?from=2026-11-23&to=2026-12-13&format=xlsx'),
        headers: { authorization: `Bearer ${chair}` },
      });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Kỳ báo cáo');
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['Mã đơn vị', 'Đơn vị', 'Số kỳ đến hạn']);
    const codes = sheet.getColumn(1).values.slice(2);
    expect(codes.at(-1)).toBe(leads[0].code); // the best last
    const a = sheet.getRow(codes.length + 1).values as unknown[];
    expect(a.slice(-3)).toEqual(['Đúng hạn', 'Đúng hạn', 'Đang mở']);
  });

  /** Lead units of part 1 without an officer (not in `leads`, still in the grid). */
  async function countOthers(): Promise<number> {
    const [row] = await query<{ n: number }>(
      t.database,
      `SELECT count(DISTINCT t.unit_id)::int - $2::int AS n FROM tasks t JOIN task_periods p ON p.task_id = t.id
        WHERE t.directive_id = $1`,
      [directiveId, leads.length],
    );
    return row.n;
  }

  it("should take a target's figures from the period reports, and give the trend by period", async () => {
    const targets = await t.request('GET', `/api/directives/${directiveId}/targets`, {
      token: chair,
    });
    expect(targets.status).toBe(200);
    const bluezone = targets.body.targets[0];
    const unit = (code: string) =>
      bluezone.units.find((u: { code: string }) => u.code === code) as {
        value: number;
        asOf: string;
      };
    // The latest report's figure (period 2, as of its last day, Friday 4/12).
    expect(unit(leads[0].code)).toMatchObject({ value: 3000, asOf: '2026-12-04' });
    expect(unit(leads[1].code)).toMatchObject({ value: 1500, asOf: '2026-12-04' });
    expect(bluezone.history.at(-1)).toMatchObject({ date: '2026-12-04', value: 4500 });

    // The chair accepts A's first report: accepted beats a newer report still under review.
    const officerA = await t.login(`${leads[0].code}.officer`);
    const list = (
      await t.request('GET', `/api/tasks/${leads[0].task}/periods`, { token: officerA })
    ).body;
    const accepted = await t.request(
      'POST',
      `/api/tasks/${leads[0].task}/periods/${list[0].id}/review`,
      { token: chair, body: { decision: 'accept' } },
    );
    expect(accepted.body.status).toBe('accepted');
    const after = (
      await t.request('GET', `/api/directives/${directiveId}/targets`, { token: chair })
    ).body.targets[0];
    expect(after.units.find((u: { code: string }) => u.code === leads[0].code)).toMatchObject({
      value: 2000,
      asOf: '2026-11-27',
    });
    // Newer evidence wins over the accepted report (the newest "as of").
    const evidence = await t.request('POST', `/api/tasks/${leads[0].task}/evidence`, {
      token: officerA,
      body: {
        kind: 'metric',
        indicator: 'Số người đã cài Bluezone',
        value: 3200,
        asOf: '2026-12-06',
      },
    });
    expect(evidence.status).toBe(201);

    const trend = await t.request(
      'GET',
      `/api/directives/${directiveId}/targets/periods?from=2026-11-23&to=2026-12-13`,
      { token: chair },
    );
    expect(trend.status).toBe(200);
    const series = trend.body.targets[0];
    expect(series.columns.map((c: { to: string }) => c.to)).toEqual([
      '2026-11-27',
      '2026-12-04',
      '2026-12-11',
    ]);
    const values = (code: string) =>
      series.units.find((u: { code: string }) => u.code === code)?.values as Array<number | null>;
    expect(values(leads[0].code)).toEqual([2000, 3000, null]);
    expect(values(leads[1].code)).toEqual([null, 1500, null]);
    expect(values(leads[2].code)).toBeUndefined();
    // The district at each period's last day: 27/11 → 2000; 4/12 → A's accepted 2000 (its
    // report of 4/12 is under review) + B 1500; 11/12 → A's evidence 3200 + B 1500.
    expect(series.totals.map((p: { value: number | null }) => p.value)).toEqual([2000, 3500, 4700]);
    expect(series.totals[0].percent).not.toBeNull();
    // A period not yet begun (12/12–18/12, on Monday 7/12) has no total yet, not today's again.
    const ahead = await t.request(
      'GET',
      `/api/directives/${directiveId}/targets/periods?from=2026-11-23&to=2026-12-20`,
      { token: chair },
    );
    expect(ahead.body.targets[0].totals.map((p: { value: number | null }) => p.value)).toEqual([
      2000,
      3500,
      4700,
      null,
    ]);

    // A unit sees its own line only; another directive's unit, nothing.
    const own = await t.request('GET', `/api/directives/${directiveId}/targets/periods`, {
      token: officerA,
    });
    expect(own.body.targets[0].units.map((u: { code: string }) => u.code)).toEqual([leads[0].code]);
    expectError(
      await t.request('GET', `/api/directives/${directiveId}/targets/periods`, {
        token: stranger,
      }),
      404,
    );
    expectError(
      await t.request('GET', `/api/directives/${directiveId}/targets/periods?from=2026-13-01`, {
        token: chair,
      }),
      400,
    );
  });
});
