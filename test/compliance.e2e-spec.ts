import ExcelJS from 'exceljs';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { ComplianceReportData } from '../src/compliance/compliance.report-data.js';
import { Clock } from '../src/core/clock.js';
import { type TaskFlags, taskFlags } from '../src/tasks/task-flags.js';
import type { TaskStatus } from '../src/tasks/task-status.js';
import { publishLetter } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

interface TaskRow {
  id: string;
  code: string;
  requested: boolean;
  role: string;
}

/** A task as the oracle reads it: its unit and the fields `taskFlags()` judges. */
interface OracleRow {
  code: string;
  unit_id: string;
  directive_id: string;
  requested: boolean;
  status: TaskStatus;
  due_at: Date | null;
  reported_at: Date | null;
  last_unit_activity_at: Date;
}

/** Every task with its flags from `taskFlags()`, the definition the endpoints must agree with. */
async function flagged(t: TestApp, now: Date): Promise<Array<OracleRow & { flags: TaskFlags }>> {
  const calendar = await t.app.get(CalendarService).calendar();
  const rows = await query<OracleRow>(
    t.database,
    `SELECT u.code, t.unit_id, t.directive_id, t.requested, t.status, t.due_at, t.reported_at,
            t.last_unit_activity_at
       FROM tasks t JOIN units u ON u.id = t.unit_id`,
  );
  return rows.map((row) => ({
    ...row,
    flags: taskFlags(
      {
        status: row.status,
        dueAt: row.due_at,
        reportedAt: row.reported_at,
        lastUnitActivityAt: row.last_unit_activity_at,
      },
      now,
      calendar,
    ),
  }));
}

/** Each unit's figures counted task by task with `taskFlags()`, to check the endpoint against. */
async function expectedCounts(
  t: TestApp,
  directiveId: string,
  now: Date,
): Promise<Array<Record<string, unknown>>> {
  const byUnit = new Map<string, Record<string, number | string | boolean>>();
  const tasks = (await flagged(t, now)).filter(
    (task) => task.directive_id === directiveId && task.status !== 'cancelled',
  );
  for (const task of tasks) {
    const key = `${task.code}/${task.requested}`;
    const row = byUnit.get(key) ?? {
      code: task.code,
      requested: task.requested,
      total: 0,
      completed_on_time: 0,
      completed_late: 0,
      in_progress_on_time: 0,
      overdue: 0,
      not_received: 0,
      days_overdue_max: 0,
      days_overdue_sum: 0,
    };
    const add = (column: string, n = 1) => (row[column] = (row[column] as number) + n);
    add('total');
    if (task.flags.category) add(task.flags.category);
    if (task.status === 'assigned') add('not_received');
    if (task.flags.overdue) {
      add('days_overdue_sum', task.flags.daysOverdue);
      row.days_overdue_max = Math.max(row.days_overdue_max as number, task.flags.daysOverdue);
    }
    byUnit.set(key, row);
  }
  return [...byUnit.values()];
}

describe('Compliance', () => {
  let t: TestApp;
  let directiveId: string;
  let chair: string;
  let tasks: TaskRow[];
  const now = new Date('2026-12-10T03:00:00Z'); // Thursday 10/12/2026, 10:00 in Hanoi
  const at = (iso: string) => t.app.get(Clock).set(new Date(iso));

  async function version(id: string): Promise<number> {
    const [row] = await query<{ version: number }>(
      t.database,
      'SELECT version FROM tasks WHERE id = $1',
      [id],
    );
    return row.version;
  }

  async function move(token: string, id: string, body: Record<string, unknown>): Promise<void> {
    const reply = await t.request('POST', `/api/tasks/${id}/status`, {
      token,
      body: { version: await version(id), ...body },
    });
    if (reply.status !== 200)
      throw new Error(`${String(body.status)}: ${JSON.stringify(reply.body)}`);
  }

  /** The unit receives, works, adds a note as evidence and reports; the chair accepts. */
  async function complete(task: TaskRow, reportAt: string, acceptAt: string): Promise<void> {
    const token = await t.login(`${task.code}.officer`);
    at(reportAt);
    await move(token, task.id, { status: 'received' });
    await move(token, task.id, { status: 'in_progress', note: 'Đang triển khai' });
    const evidence = await t.request('POST', `/api/tasks/${task.id}/evidence`, {
      token,
      body: { kind: 'note', text: 'Đã tuyên truyền tới các thôn' },
    });
    expect(evidence.status).toBe(201);
    await move(token, task.id, { status: 'reported', report: 'Đã hoàn thành' });
    at(acceptAt);
    await move(chair, task.id, { status: 'completed' });
  }

  beforeAll(async () => {
    t = await startTestApp();
    directiveId = await publishLetter(t); // due Friday 4/12/2026
    chair = await t.login('chair');
    tasks = await query<TaskRow>(
      t.database,
      `SELECT t.id, u.code, t.requested, t.role FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.directive_id = $1 ORDER BY t.requested, u.code, t.role`,
      [directiveId],
    );
    const communes = tasks.filter((task) => task.code.startsWith('xa-') && task.role === 'lead');
    const requested = tasks.filter((task) => task.requested);
    expect(communes.length).toBeGreaterThanOrEqual(5);
    expect(requested.length).toBeGreaterThanOrEqual(1);

    await complete(communes[0], '2026-12-02T03:00:00Z', '2026-12-03T03:00:00Z'); // on time
    await complete(communes[1], '2026-12-04T09:00:00Z', '2026-12-07T03:00:00Z'); // on time, accepted later
    await complete(communes[2], '2026-12-07T03:00:00Z', '2026-12-08T03:00:00Z'); // late
    const quiet = await t.login(`${communes[3].code}.officer`); // received, then silent: overdue
    at('2026-12-01T03:00:00Z');
    await move(quiet, communes[3].id, { status: 'received', note: 'Xã thiếu cán bộ, xin lùi hạn' });
    await complete(requested[0], '2026-12-03T03:00:00Z', '2026-12-04T03:00:00Z'); // a request, on time
    at('2026-12-02T03:00:00Z');
    await move(await t.login('clerk'), communes[4].id, {
      status: 'cancelled',
      reason: 'Giao nhầm',
    });
    // An escalation the worker would have fired: level 2 on the silent commune.
    await query(
      t.database,
      `INSERT INTO escalations (task_id, step, level, deadline_version, due_at)
       VALUES ($1, 'level-2', 2, 1, '2026-12-08T03:00:00Z')`,
      [communes[3].id],
    );
    at(now.toISOString());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should count each unit as the tasks say, orders and requests apart', async () => {
    const reply = await t.request('GET', `/api/compliance/directives/${directiveId}`, {
      token: chair,
    });
    expect(reply.status).toBe(200);
    const expected = await expectedCounts(t, directiveId, now);
    const got = reply.body.units.map((row: Record<string, any>) => ({
      code: row.unit.code,
      requested: row.requested,
      total: row.total,
      completed_on_time: row.completedOnTime,
      completed_late: row.completedLate,
      in_progress_on_time: row.inProgressOnTime,
      overdue: row.overdue,
      not_received: row.notReceived,
      days_overdue_max: row.daysOverdueMax,
      days_overdue_sum: row.daysOverdueSum,
    }));
    expect(
      [...got].sort(
        (a, b) => a.code.localeCompare(b.code) || Number(a.requested) - Number(b.requested),
      ),
    ).toEqual(
      [...expected].sort(
        (a, b) =>
          String(a.code).localeCompare(String(b.code)) || Number(a.requested) - Number(b.requested),
      ),
    );
    const communes = tasks.filter((task) => task.code.startsWith('xa-') && task.role === 'lead');
    const byCode = (code: string) =>
      reply.body.units.find((row: any) => row.unit.code === code && !row.requested);
    expect(byCode(communes[0].code)).toMatchObject({ completedOnTime: 1, completionRate: 1 });
    expect(byCode(communes[2].code)).toMatchObject({ completedLate: 1, onTimeRate: 0 });
    expect(byCode(communes[3].code)).toMatchObject({
      overdue: 1,
      notReceived: 0,
      completionRate: 0,
      daysOverdueMax: 6, // 4/12 → 10/12
      escalationLevel: 2,
    });
    expect(reply.body.totals.requests.completedOnTime).toBeGreaterThanOrEqual(1);
    // Worst first within orders, then requests.
    const orders = reply.body.units.filter((row: any) => !row.requested);
    expect(reply.body.units.slice(0, orders.length)).toEqual(orders);
    const rates = orders.map((row: any) => row.completionRate ?? 2);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    // Totals add up the rows; cancelled tasks count nowhere.
    const sum = (key: string) =>
      orders.reduce((total: number, row: any) => total + (row[key] as number), 0);
    expect(reply.body.totals.orders.total).toBe(sum('total'));
    expect(reply.body.totals.orders.overdue).toBe(sum('overdue'));
    expect(reply.body.units.some((row: any) => row.unit.code === communes[4].code)).toBe(false);
    expect(reply.body.assignments.length).toBeGreaterThan(0);
    const assignmentTotal = reply.body.assignments.reduce(
      (n: number, row: any) => n + row.total,
      0,
    );
    expect(assignmentTotal).toBe(reply.body.totals.orders.total + reply.body.totals.requests.total);
  });

  it('should export the same numbers as CSV with a BOM and as XLSX', async () => {
    const json = await t.request('GET', `/api/compliance/directives/${directiveId}`, {
      token: chair,
    });
    const csv = await t.request('GET', `/api/compliance/directives/${directiveId}?format=csv`, {
      token: chair,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = csv.body as string;
    expect(text.startsWith('\uFEFFTheo đơn vị\r\nMã đơn vị,Đơn vị,Loại,Tổng số,')).toBe(true);
    const lines = text.split('\r\n');
    for (const row of json.body.units) {
      const line = lines.find(
        (candidate) =>
          candidate.startsWith(`${row.unit.code},`) &&
          candidate.includes(row.requested ? ',Đề nghị,' : ',Giao,'),
      );
      expect(line).toBeDefined();
      const cells = line!.split(',').slice(-12);
      expect(cells.slice(0, 6).map(Number)).toEqual([
        row.total,
        row.completedOnTime,
        row.completedLate,
        row.inProgressOnTime,
        row.overdue,
        row.notReceived,
      ]);
    }

    const xlsx = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/compliance/directives/${directiveId}?format=xlsx`,
        headers: { authorization: `Bearer ${chair}` },
      });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as never);
    const sheet = workbook.getWorksheet('Theo đơn vị')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(json.body.units.length + 1);
    json.body.units.forEach((row: any, index: number) => {
      const cells = sheet.getRow(index + 2).values as unknown[];
      expect(cells.slice(1, 10)).toEqual([
        row.unit.code,
        row.unit.name,
        row.requested ? 'Đề nghị' : 'Giao',
        row.total,
        row.completedOnTime,
        row.completedLate,
        row.inProgressOnTime,
        row.overdue,
        row.notReceived,
      ]);
    });
  });

  it('should rank units over a period and classify them', async () => {
    const reply = await t.request('GET', '/api/compliance/units?from=2001-01-01&to=2001-12-31', {
      token: chair,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([]);
    const [issued] = await query<{ issued_on: string }>(
      t.database,
      `SELECT to_char(issued_on, 'YYYY-MM-DD') AS issued_on FROM directives WHERE id = $1`,
      [directiveId],
    );
    const ranked = await t.request(
      'GET',
      `/api/compliance/units?from=${issued.issued_on}&to=${issued.issued_on}`,
      { token: chair },
    );
    expect(ranked.status).toBe(200);
    const orders = ranked.body.items.filter((row: any) => !row.requested);
    expect(orders.map((row: any) => row.rank)).toEqual(
      orders.map((_: unknown, i: number) => i + 1),
    );
    const communes = tasks.filter((task) => task.code.startsWith('xa-') && task.role === 'lead');
    const find = (code: string) => orders.find((row: any) => row.unit.code === code);
    expect(find(communes[0].code)).toMatchObject({ classification: 'praise', directives: 1 });
    expect(find(communes[3].code)).toMatchObject({ classification: 'criticism' });
    expect(ranked.body.rules).toEqual({
      praiseMinCompletion: 0.9,
      praiseMaxLate: 0.1,
      criticismBelow: 0.5,
    });
    const csv = await t.request(
      'GET',
      `/api/compliance/units?from=${issued.issued_on}&to=${issued.issued_on}&format=csv`,
      { token: chair },
    );
    expect((csv.body as string).split('\r\n').filter(Boolean)).toHaveLength(
      ranked.body.items.length + 1,
    );
  });

  it('should show the chair open directives, overdue tasks and recent escalations', async () => {
    const reply = await t.request('GET', '/api/compliance/overview', { token: chair });
    expect(reply.status).toBe(200);
    expect(reply.body.openDirectives).toEqual([
      expect.objectContaining({
        directive: expect.objectContaining({ id: directiveId }),
        state: 'overdue',
      }),
    ]);
    const n = (await flagged(t, now)).filter((task) => task.flags.overdue).length;
    expect(reply.body.overdueTasks).toHaveLength(Math.min(n, 50));
    expect(reply.body.recentEscalations).toEqual([expect.objectContaining({ level: 2 })]);
    const xlsx = await t.request('GET', '/api/compliance/overview?format=xlsx', { token: chair });
    expect(xlsx.status).toBe(200);
  });

  it('should give report data with late units, their tasks and stated reasons', async () => {
    const data = await t.app.get(ComplianceReportData).directiveReportData(directiveId);
    const communes = tasks.filter((task) => task.code.startsWith('xa-') && task.role === 'lead');
    expect(data.directive).toMatchObject({ id: directiveId, number: '451/UBND-VHTT' });
    const quiet = data.lateUnits.find((late) => late.unit.code === communes[3].code);
    expect(quiet).toMatchObject({
      reason: 'Xã thiếu cán bộ, xin lùi hạn',
      tasks: [
        expect.objectContaining({ taskId: communes[3].id, daysLate: 6, deadline: '2026-12-04' }),
      ],
    });
    expect(data.lateUnits.some((late) => late.unit.code === communes[0].code)).toBe(false);
    const late = (await flagged(t, now)).filter(
      (task) => task.directive_id === directiveId && task.flags.overdue,
    );
    const n = new Set(late.map((task) => task.unit_id)).size;
    expect(data.lateUnits).toHaveLength(n);
  });

  it("should show a unit's people their own unit only", async () => {
    const communes = tasks.filter((task) => task.code.startsWith('xa-') && task.role === 'lead');
    const officer = await t.login(`${communes[3].code}.officer`);
    const reply = await t.request('GET', `/api/compliance/directives/${directiveId}`, {
      token: officer,
    });
    expect(reply.status).toBe(200);
    expect(new Set(reply.body.units.map((row: any) => row.unit.code))).toEqual(
      new Set([communes[3].code]),
    );
    const overview = await t.request('GET', '/api/compliance/overview', { token: officer });
    expect(overview.body.overdueTasks.every((row: any) => row.unit.code === communes[3].code)).toBe(
      true,
    );

    const [outsider] = await query<{ code: string }>(
      t.database,
      `SELECT code FROM units u WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.unit_id = u.id)
         AND EXISTS (SELECT 1 FROM users s WHERE s.unit_id = u.id AND s.role = 'unit_officer')
       ORDER BY code LIMIT 1`,
    );
    const stranger = await t.login(`${outsider.code}.officer`);
    expectError(
      await t.request('GET', `/api/compliance/directives/${directiveId}`, { token: stranger }),
      404,
    );
  });

  it('should refuse bad ids and bad dates', async () => {
    expectError(
      await t.request('GET', '/api/compliance/directives/not-a-uuid', { token: chair }),
      400,
      'invalid_id',
    );
    expectError(
      await t.request('GET', '/api/compliance/directives/00000000-0000-4000-8000-000000000000', {
        token: chair,
      }),
      404,
    );
    expectError(
      await t.request('GET', '/api/compliance/units?from=2026-13-01&to=2026-12-31', {
        token: chair,
      }),
      400,
    );
    expectError(await t.request('GET', '/api/compliance/units', { token: chair }), 400);
    expectError(
      await t.request('GET', '/api/compliance/units?from=2026-12-31&to=2026-01-01', {
        token: chair,
      }),
      400,
      'invalid_period',
    );
    expectError(
      await t.request('GET', '/api/compliance/overview?format=pdf', { token: chair }),
      400,
    );
  });

  it('should put every task in exactly one category: no deadline is on time, completed without a report instant is late', async () => {
    const communes = tasks.filter((task) => task.code.startsWith('xa-') && task.role === 'lead');
    const open = communes[5];
    const completed = communes[0];
    // Neither happens through the workflow today; both can be in the table (a deadline-less
    // part, a report instant lost to an import), and a NULL must not drop the task from view.
    await query(t.database, 'UPDATE tasks SET deadline = NULL, due_at = NULL WHERE id = $1', [
      open.id,
    ]);
    await query(t.database, 'UPDATE tasks SET reported_at = NULL WHERE id = $1', [completed.id]);
    const reply = await t.request('GET', `/api/compliance/directives/${directiveId}`, {
      token: chair,
    });
    expect(reply.status).toBe(200);
    const expected = await expectedCounts(t, directiveId, now);
    const row = (code: string) => reply.body.units.find((r: any) => r.unit.code === code);
    const want = (code: string) => expected.find((r) => r.code === code && !r.requested);
    expect(row(open.code)).toMatchObject({ total: 1, inProgressOnTime: 1, overdue: 0 });
    expect(want(open.code)).toMatchObject({ in_progress_on_time: 1 });
    expect(row(completed.code)).toMatchObject({ total: 1, completedLate: 1, completedOnTime: 0 });
    expect(want(completed.code)).toMatchObject({ completed_late: 1 });
    const sums = (r: any) =>
      r.completedOnTime + r.completedLate + r.inProgressOnTime + r.overdue - r.total;
    const { orders, requests } = reply.body.totals;
    for (const r of [...reply.body.units, ...reply.body.assignments, orders, requests]) {
      expect(sums(r)).toBe(0);
    }

    const [issued] = await query<{ issued_on: string }>(
      t.database,
      `SELECT to_char(issued_on, 'YYYY-MM-DD') AS issued_on FROM directives WHERE id = $1`,
      [directiveId],
    );
    const ranked = await t.request(
      'GET',
      `/api/compliance/units?from=${issued.issued_on}&to=${issued.issued_on}`,
      { token: chair },
    );
    expect(ranked.status).toBe(200);
    const ranking = (code: string) =>
      ranked.body.items.find((r: any) => r.unit.code === code && !r.requested);
    expect(ranking(open.code)).toMatchObject({ total: 1, inProgressOnTime: 1 });
    expect(ranking(completed.code)).toMatchObject({ total: 1, completedLate: 1 });
    for (const r of [...ranked.body.items, ranked.body.totals.orders]) expect(sums(r)).toBe(0);
  });
});
