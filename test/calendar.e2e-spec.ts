import { query } from './support/test-database.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('working-day calendar', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;

  const offDays = async (from: string, to: string, token = officer) => {
    const reply = await t.request('GET', `/api/calendar/days?from=${from}&to=${to}`, { token });
    expect(reply.status).toBe(200);
    return (reply.body.days as Array<{ date: string; working: boolean }>)
      .filter((day) => !day.working)
      .map((day) => day.date);
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    officer = await t.login('xa-hong-quang.officer');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should list days with holidays and weekends, to anyone signed in', async () => {
    const reply = await t.request('GET', '/api/calendar/days?from=2025-04-28&to=2025-05-04', {
      token: officer,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ from: '2025-04-28', to: '2025-05-04', workingDays: 3 });
    expect(reply.body.days).toHaveLength(7);
    expect(reply.body.days[2]).toEqual({
      date: '2025-04-30',
      weekday: 3,
      working: false,
      reason: 'holiday',
      name: 'Ngày Giải phóng miền Nam',
      source: 'library',
    });
    expect(reply.body.days[5]).toMatchObject({ date: '2025-05-03', reason: 'weekend' });
    expectError(await t.request('GET', '/api/calendar/days?from=2025-04-28&to=2025-05-04'), 401);
  });

  it('should let an admin set a nghỉ bù and a làm bù Saturday, reflected at once', async () => {
    // Warm the cache first: the change must still show at once.
    expect(await offDays('2025-04-26', '2025-05-04')).toEqual([
      '2025-04-26',
      '2025-04-27',
      '2025-04-30',
      '2025-05-01',
      '2025-05-03',
      '2025-05-04',
    ]);

    const dayOff = await t.request('PUT', '/api/calendar/adjustments/2025-05-02', {
      token: admin,
      body: { kind: 'day_off', note: '  Nghỉ hoán đổi, làm bù thứ Bảy 26/4  ' },
    });
    expect(dayOff.status).toBe(200);
    expect(dayOff.body).toEqual({
      date: '2025-05-02',
      kind: 'day_off',
      note: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const workingSaturday = await t.request('PUT', '/api/calendar/adjustments/2025-04-26', {
      token: admin,
      body: { kind: 'working_day', note: 'Làm bù cho thứ Sáu 2/5' },
    });
    expect(workingSaturday.status).toBe(200);

    expect(await offDays('2025-04-26', '2025-05-04')).toEqual([
      '2025-04-27',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
    ]);
    const days = await t.request('GET', '/api/calendar/days?from=2025-04-26&to=2025-04-26', {
      token: officer,
    });
    expect(days.body.days[0]).toMatchObject({
      working: true,
      reason: 'adjustment',
      name: 'Làm bù cho thứ Sáu 2/5',
      source: 'adjustment',
    });

    const list = await t.request('GET', '/api/calendar/adjustments?year=2025', { token: officer });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(list.body.items.map((item: { date: string; kind: string }) => item)).toEqual([
      expect.objectContaining({ date: '2025-04-26', kind: 'working_day' }),
      expect.objectContaining({ date: '2025-05-02', kind: 'day_off' }),
    ]);
    const otherYear = await t.request('GET', '/api/calendar/adjustments?year=2024', {
      token: officer,
    });
    expect(otherYear.body).toMatchObject({ items: [], total: 0 });
  });

  it('should replace an adjustment on a second PUT of the same date', async () => {
    const first = await t.request('PUT', '/api/calendar/adjustments/2026-09-01', {
      token: admin,
      body: { kind: 'working_day', note: 'Quốc khánh 2026: nghỉ 2/9 và 3/9' },
    });
    expect(first.status).toBe(200);
    expect(await offDays('2026-09-01', '2026-09-03')).toEqual(['2026-09-02']);

    const second = await t.request('PUT', '/api/calendar/adjustments/2026-09-01', {
      token: admin,
      body: { kind: 'day_off', note: 'Đã đính chính' },
    });
    expect(second.body).toMatchObject({ kind: 'day_off', note: 'Đã đính chính' });
    expect(second.body.createdAt).toBe(first.body.createdAt);
    expect(Date.parse(second.body.updatedAt)).toBeGreaterThan(Date.parse(first.body.updatedAt));
    expect(await offDays('2026-09-01', '2026-09-03')).toEqual(['2026-09-01', '2026-09-02']);
    const rows = await query(
      t.database,
      `SELECT kind, note FROM calendar_adjustments WHERE date = '2026-09-01'`,
    );
    expect(rows).toEqual([{ kind: 'day_off', note: 'Đã đính chính' }]);
  });

  it('should let only admins change adjustments', async () => {
    const body = { kind: 'day_off', note: 'Không được phép' };
    expectError(
      await t.request('PUT', '/api/calendar/adjustments/2025-06-02', { token: officer, body }),
      403,
    );
    const chair = await t.login('chair');
    expectError(
      await t.request('PUT', '/api/calendar/adjustments/2025-06-02', { token: chair, body }),
      403,
    );
    expectError(
      await t.request('DELETE', '/api/calendar/adjustments/2025-05-02', { token: officer }),
      403,
    );
    expect(await offDays('2025-06-02', '2025-06-02')).toEqual([]);
  });

  it('should refuse a bad date, kind or note with 400 and the error body', async () => {
    const body = { kind: 'day_off', note: 'Nghỉ bù' };
    for (const date of ['2025-02-30', '2025-5-2', 'tomorrow', '1800-01-01']) {
      expectError(
        await t.request('PUT', `/api/calendar/adjustments/${date}`, { token: admin, body }),
        400,
        'invalid_date',
      );
    }
    expectError(
      await t.request('DELETE', '/api/calendar/adjustments/2025-13-01', { token: admin }),
      400,
      'invalid_date',
    );
    const bad = await t.request('PUT', '/api/calendar/adjustments/2025-06-02', {
      token: admin,
      body: { kind: 'holiday', note: '   ', colour: 'red' },
    });
    expectError(bad, 400, 'validation_failed');
    for (const field of ['kind', 'note', 'colour']) expect(bad.body.message).toContain(field);

    expectError(
      await t.request('GET', '/api/calendar/days?from=2025-02-30&to=2025-03-01', {
        token: officer,
      }),
      400,
      'validation_failed',
    );
    expectError(
      await t.request('GET', '/api/calendar/adjustments?year=25', { token: officer }),
      400,
      'validation_failed',
    );
  });

  it('should refuse a days range that is reversed or longer than 366 days', async () => {
    expectError(
      await t.request('GET', '/api/calendar/days?from=2025-05-02&to=2025-05-01', {
        token: officer,
      }),
      400,
      'invalid_date_range',
    );
    expectError(
      await t.request('GET', '/api/calendar/days?from=2024-01-01&to=2025-01-01', {
        token: officer,
      }),
      400,
      'invalid_date_range',
    );
    const leapYear = await t.request('GET', '/api/calendar/days?from=2024-01-01&to=2024-12-31', {
      token: officer,
    });
    expect(leapYear.body.days).toHaveLength(366);
  });

  it('should delete an adjustment, and answer 404 for one that is not there', async () => {
    await t.request('PUT', '/api/calendar/adjustments/2025-06-02', {
      token: admin,
      body: { kind: 'day_off', note: 'Tạm' },
    });
    expect(await offDays('2025-06-02', '2025-06-02')).toEqual(['2025-06-02']);
    const removed = await t.request('DELETE', '/api/calendar/adjustments/2025-06-02', {
      token: admin,
    });
    expect(removed.status).toBe(204);
    expect(await offDays('2025-06-02', '2025-06-02')).toEqual([]);
    expectError(
      await t.request('DELETE', '/api/calendar/adjustments/2025-06-02', { token: admin }),
      404,
      'calendar_adjustment_not_found',
    );
  });

  it('should add working days across a weekend, Tết and the adjustments', async () => {
    const add = async (from: string, days: number) => {
      const reply = await t.request(
        'GET',
        `/api/calendar/add-working-days?from=${from}&days=${days}`,
        { token: officer },
      );
      expect(reply.status).toBe(200);
      return reply.body;
    };
    for (const [date, kind] of [
      ['2025-04-26', 'working_day'],
      ['2025-05-02', 'day_off'],
    ]) {
      const put = await t.request('PUT', `/api/calendar/adjustments/${date}`, {
        token: admin,
        body: { kind, note: 'Hoán đổi 2/5 và 26/4' },
      });
      expect(put.status).toBe(200);
    }
    expect(await add('2020-08-21', 1)).toEqual({ from: '2020-08-21', days: 1, date: '2020-08-24' });
    expect((await add('2025-01-27', 1)).date).toBe('2025-02-03'); // Tết
    expect((await add('2025-03-08', 0)).date).toBe('2025-03-10');
    // The làm bù Saturday 26/4 counts; 30/4, 1/5 and the nghỉ bù 2/5 do not.
    expect((await add('2025-04-25', 1)).date).toBe('2025-04-26');
    expect((await add('2025-04-29', 1)).date).toBe('2025-05-05');
    expect((await add('2025-05-05', -1)).date).toBe('2025-04-29');
    expectError(
      await t.request('GET', '/api/calendar/add-working-days?from=2025-04-29&days=1.5', {
        token: officer,
      }),
      400,
      'validation_failed',
    );
    expectError(
      await t.request('GET', '/api/calendar/add-working-days?from=2025-04-29', { token: officer }),
      400,
      'validation_failed',
    );
  });
});
