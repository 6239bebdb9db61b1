import { WorkingCalendar } from '../calendar/working-calendar.js';
import { toVietnamDateTime } from '../tasks/deadlines.js';
import type { Recurrence } from '../tasks/recurrence.js';
import {
  endOfWeekInVietnam,
  periodsOf,
  type PeriodSpan,
  readRecurrence,
} from './period-schedule.js';
import { isLate, periodStatusAt } from './period-status.js';

const calendar = new WorkingCalendar();
const at = (text: string) => new Date(text);

/** Periods as short strings: "number from..to due(Vietnam time)". */
const show = (periods: PeriodSpan[]) =>
  periods.map((p) => `${p.number} ${p.from}..${p.to} ${toVietnamDateTime(p.dueAt).slice(0, 16)}`);

function schedule(
  recurrence: Partial<Recurrence> & Pick<Recurrence, 'frequency'>,
  start: string,
  horizon: string,
  options: { calendar?: WorkingCalendar; after?: { number: number; to: string } } = {},
): string[] {
  const rule = readRecurrence({ detail: null, time: null, ...recurrence });
  return show(
    periodsOf(rule, {
      start: at(start),
      horizon,
      calendar: options.calendar ?? calendar,
      after: options.after,
    }),
  );
}

describe(readRecurrence.name, () => {
  const rule = (frequency: Recurrence['frequency'], detail: string | null) =>
    readRecurrence({ frequency, detail, time: null });

  it('should read weekdays as the parser writes them and default to Friday', () => {
    expect(rule('weekly', 'thứ Sáu').weekday).toBe(5);
    expect(rule('weekly', 'thứ Năm').weekday).toBe(4);
    expect(rule('weekly', 'thứ 2').weekday).toBe(1);
    expect(rule('weekly', 'Chủ nhật').weekday).toBe(7);
    expect(rule('weekly', null).weekday).toBe(5);
    expect(rule('weekly', 'giữa tuần').weekday).toBe(5);
  });

  it('should read days of months, quarters and years and default to the 20th of the last month', () => {
    expect(rule('monthly', 'ngày 25')).toMatchObject({ day: 25 });
    expect(rule('monthly', 'cuối tháng')).toMatchObject({ day: 31 });
    expect(rule('monthly', null)).toMatchObject({ day: 20 });
    expect(rule('quarterly', 'ngày 15 của tháng đầu quý')).toMatchObject({
      day: 15,
      monthOfPeriod: 0,
    });
    expect(rule('quarterly', null)).toMatchObject({ day: 20, monthOfPeriod: 2 });
    expect(rule('yearly', 'ngày 15/12')).toMatchObject({ day: 15, month: 12 });
    expect(rule('yearly', null)).toMatchObject({ day: 20, month: 12 });
  });

  it('should drop a time it cannot read', () => {
    expect(readRecurrence({ frequency: 'weekly', detail: null, time: '25:00' }).time).toBeNull();
  });
});

describe(periodsOf.name, () => {
  it('should give a weekly report each Friday at 15:00 from publication to the horizon', () => {
    // Tuesday 3 March 2026, 09:00 in Hà Nội; the horizon a month on.
    expect(
      schedule(
        { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' },
        '2026-03-03T09:00:00+07:00',
        '2026-04-06',
      ),
    ).toEqual([
      '1 2026-03-03..2026-03-06 2026-03-06T15:00',
      '2 2026-03-07..2026-03-13 2026-03-13T15:00',
      '3 2026-03-14..2026-03-20 2026-03-20T15:00',
      '4 2026-03-21..2026-03-27 2026-03-27T15:00',
      '5 2026-03-28..2026-04-03 2026-04-03T15:00',
      // Starts on 4 April, within the horizon: the next period always exists.
      '6 2026-04-04..2026-04-10 2026-04-10T15:00',
    ]);
  });

  it('should move a Friday that is a holiday to the next working day, keeping the time', () => {
    // Friday 1 May 2026 is Labour Day: due Monday 4 May at 15:00; the span still ends on the Friday.
    expect(
      schedule(
        { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' },
        '2026-04-27T08:00:00+07:00',
        '2026-05-05',
      ),
    ).toEqual([
      '1 2026-04-27..2026-05-01 2026-05-04T15:00',
      '2 2026-05-02..2026-05-08 2026-05-08T15:00',
    ]);
    // An admin's day off (nghỉ bù) moves it the same way.
    const adjusted = new WorkingCalendar([
      { date: '2026-03-13', kind: 'day_off', note: 'Nghỉ bù' },
    ]);
    expect(
      schedule(
        { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' },
        '2026-03-09T08:00:00+07:00',
        '2026-03-14',
        { calendar: adjusted },
      ),
    ).toEqual([
      '1 2026-03-09..2026-03-13 2026-03-16T15:00',
      '2 2026-03-14..2026-03-20 2026-03-20T15:00',
    ]);
  });

  it('should keep a period whose moved due instant is still ahead at publication', () => {
    // Published on Saturday 2 May 2026: the Friday holiday's report is due on Monday.
    expect(
      schedule({ frequency: 'weekly', time: '15:00' }, '2026-05-02T10:00:00+07:00', '2026-05-03'),
    ).toEqual([
      '1 2026-05-01..2026-05-01 2026-05-04T15:00',
      '2 2026-05-02..2026-05-08 2026-05-08T15:00',
    ]);
  });

  it('should give a monthly report on the 20th, moved off Tết and weekends', () => {
    expect(
      schedule(
        { frequency: 'monthly', detail: 'ngày 20' },
        '2026-01-10T08:00:00+07:00',
        '2026-03-01',
      ),
    ).toEqual([
      '1 2026-01-10..2026-01-20 2026-01-20T23:59',
      // Friday 20 February 2026 is within Tết (16–20 February): due Monday 23rd.
      '2 2026-01-21..2026-02-20 2026-02-23T23:59',
      '3 2026-02-21..2026-03-20 2026-03-20T23:59',
    ]);
  });

  it('should use the last day of a short month for a day past its end', () => {
    expect(
      schedule(
        { frequency: 'monthly', detail: 'ngày 31' },
        '2026-02-01T08:00:00+07:00',
        '2026-02-28',
      ),
    ).toEqual([
      // January's report (Saturday 31st) is due on Monday 2 February, after publication.
      '1 2026-01-31..2026-01-31 2026-02-02T23:59',
      // Saturday 28 February → Monday 2 March.
      '2 2026-02-01..2026-02-28 2026-03-02T23:59',
    ]);
  });

  it('should give quarterly, half-yearly and yearly reports on their days', () => {
    expect(schedule({ frequency: 'quarterly' }, '2026-01-05T08:00:00+07:00', '2026-02-01')).toEqual(
      ['1 2026-01-05..2026-03-20 2026-03-20T23:59'],
    );
    expect(
      schedule(
        { frequency: 'quarterly', detail: 'ngày 15 tháng đầu quý' },
        '2026-01-05T08:00:00+07:00',
        '2026-01-16',
      ),
    ).toEqual([
      '1 2026-01-05..2026-01-15 2026-01-15T23:59',
      '2 2026-01-16..2026-04-15 2026-04-15T23:59',
    ]);
    expect(
      schedule({ frequency: 'half-yearly' }, '2026-01-05T08:00:00+07:00', '2026-06-30'),
    ).toEqual([
      // Saturday 20 June → Monday 22nd; Sunday 20 December → Monday 21st.
      '1 2026-01-05..2026-06-20 2026-06-22T23:59',
      '2 2026-06-21..2026-12-20 2026-12-21T23:59',
    ]);
    expect(
      schedule(
        { frequency: 'yearly', detail: 'ngày 15/12' },
        '2026-01-05T08:00:00+07:00',
        '2026-02-01',
      ),
    ).toEqual(['1 2026-01-05..2026-12-15 2026-12-15T23:59']);
  });

  it('should give a daily report on working days only', () => {
    expect(
      schedule({ frequency: 'daily', time: '16:00' }, '2026-03-06T10:00:00+07:00', '2026-03-10'),
    ).toEqual([
      '1 2026-03-06..2026-03-06 2026-03-06T16:00',
      '2 2026-03-07..2026-03-09 2026-03-09T16:00',
      '3 2026-03-10..2026-03-10 2026-03-10T16:00',
    ]);
  });

  it('should stop at until', () => {
    expect(
      schedule(
        { frequency: 'weekly', time: '15:00', until: '2026-03-20' },
        '2026-03-03T09:00:00+07:00',
        '2026-06-01',
      ),
    ).toHaveLength(3);
  });

  it('should read dates at Asia/Ho_Chi_Minh midnight, not UTC', () => {
    // Friday 23:30 in Hà Nội (16:30 UTC): that Friday's end-of-day report is still ahead.
    expect(schedule({ frequency: 'weekly' }, '2026-03-06T16:30:00Z', '2026-03-06')[0]).toBe(
      '1 2026-03-06..2026-03-06 2026-03-06T23:59',
    );
    // Saturday 00:00 in Hà Nội is still Friday in UTC: the first period is the next week's.
    expect(schedule({ frequency: 'weekly' }, '2026-03-06T17:00:00Z', '2026-03-07')).toEqual([
      '1 2026-03-07..2026-03-13 2026-03-13T23:59',
    ]);
    // Published at the due instant itself: that period is already due, so it is not created.
    expect(
      schedule({ frequency: 'weekly', time: '15:00' }, '2026-03-06T15:00:00+07:00', '2026-03-07'),
    ).toEqual(['1 2026-03-06..2026-03-13 2026-03-13T15:00']);
  });

  it('should continue after the last materialised period, numbers and spans alike', () => {
    expect(
      schedule({ frequency: 'weekly', time: '15:00' }, '2026-03-10T09:00:00+07:00', '2026-03-21', {
        after: { number: 2, to: '2026-03-13' },
      }),
    ).toEqual([
      '3 2026-03-14..2026-03-20 2026-03-20T15:00',
      '4 2026-03-21..2026-03-27 2026-03-27T15:00',
    ]);
  });

  it('should move the due day of a new rule after a change, history untouched', () => {
    // Changed on Wednesday 11 March from Fridays to Thursdays; period 1 (to 6 March) stays.
    expect(
      schedule(
        { frequency: 'weekly', detail: 'thứ Năm', time: '10:00' },
        '2026-03-11T09:00:00+07:00',
        '2026-03-13',
        { after: { number: 1, to: '2026-03-06' } },
      ),
    ).toEqual([
      '2 2026-03-07..2026-03-12 2026-03-12T10:00',
      '3 2026-03-13..2026-03-19 2026-03-19T10:00',
    ]);
  });
});

describe('periodsOf with a start day (bắt đầu)', () => {
  it('should start on the start day when it is after publication, and not before', () => {
    // Published Tuesday 3 March 2026; the clerk's start is Monday 16 March.
    expect(
      schedule(
        { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00', from: '2026-03-16' },
        '2026-03-03T09:00:00+07:00',
        '2026-03-28',
      ),
    ).toEqual([
      '1 2026-03-16..2026-03-20 2026-03-20T15:00',
      '2 2026-03-21..2026-03-27 2026-03-27T15:00',
      '3 2026-03-28..2026-04-03 2026-04-03T15:00',
    ]);
  });

  it('should start at publication when the start day is already past', () => {
    const recurrence = { frequency: 'weekly' as const, time: '15:00' };
    const start = '2026-03-03T09:00:00+07:00';
    expect(schedule({ ...recurrence, from: '2026-02-01' }, start, '2026-03-20')).toEqual(
      schedule(recurrence, start, '2026-03-20'),
    );
  });

  it('should make a period of the start day alone when it is the report day', () => {
    // Start on Friday 20 March: that Friday's 15:00 report is the first.
    expect(
      schedule(
        { frequency: 'weekly', time: '15:00', from: '2026-03-20' },
        '2026-03-03T09:00:00+07:00',
        '2026-03-21',
      ),
    ).toEqual([
      '1 2026-03-20..2026-03-20 2026-03-20T15:00',
      '2 2026-03-21..2026-03-27 2026-03-27T15:00',
    ]);
  });

  it('should give nothing while the start day is beyond the horizon', () => {
    expect(
      schedule(
        { frequency: 'monthly', from: '2026-06-01' },
        '2026-03-03T09:00:00+07:00',
        '2026-04-07',
      ),
    ).toEqual([]);
  });

  it('should honour the start day after a change, numbers continuing, the gap left uncovered', () => {
    // Changed on 11 March, periods to 13 March kept; the new monthly rule starts on 1 April.
    expect(
      schedule(
        { frequency: 'monthly', detail: 'ngày 25', from: '2026-04-01' },
        '2026-03-11T09:00:00+07:00',
        '2026-05-01',
        { after: { number: 2, to: '2026-03-13' } },
      ),
    ).toEqual([
      '3 2026-04-01..2026-04-25 2026-04-27T23:59',
      '4 2026-04-26..2026-05-25 2026-05-25T23:59',
    ]);
  });
});

describe(endOfWeekInVietnam.name, () => {
  it("should end a week at the next Monday's midnight in Hà Nội", () => {
    const end = (instant: string) => endOfWeekInVietnam(at(instant)).toISOString();
    // Wednesday 11 March 2026 → Monday 16 March 00:00 (+07:00).
    expect(end('2026-03-11T09:00:00+07:00')).toBe('2026-03-15T17:00:00.000Z');
    // Sunday 23:30 is still that week; Monday 00:00 is the next.
    expect(end('2026-03-15T23:30:00+07:00')).toBe('2026-03-15T17:00:00.000Z');
    expect(end('2026-03-16T00:00:00+07:00')).toBe('2026-03-22T17:00:00.000Z');
  });
});

describe(periodStatusAt.name, () => {
  it('should read an open period past its due instant as missed', () => {
    const dueAt = at('2026-03-06T15:00:00+07:00');
    expect(periodStatusAt({ status: 'open', dueAt }, at('2026-03-06T14:59:59+07:00'))).toBe('open');
    expect(periodStatusAt({ status: 'open', dueAt }, dueAt)).toBe('missed');
    expect(periodStatusAt({ status: 'submitted', dueAt }, at('2026-03-09T00:00:00Z'))).toBe(
      'submitted',
    );
    expect(isLate(dueAt, at('2026-03-06T15:00:01+07:00'))).toBe(true);
    expect(isLate(dueAt, dueAt)).toBe(false);
  });
});
