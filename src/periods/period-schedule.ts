import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { deadlineInstant, onWorkingDay } from '../tasks/deadlines.js';
import type { Frequency, Recurrence } from '../tasks/recurrence.js';

/**
 * Reporting periods (kỳ báo cáo) from a task's recurrence. Pure: the caller gives the calendar,
 * the instants and the horizon.
 *
 * A period ends on its nominal report day (`to`: the Friday of a weekly report, the 20th of a
 * monthly one) and starts the day after the previous period's `to` (the first one on the day of
 * publication). Its due instant is that day at the recurrence's time (end of the day without
 * one), moved by the deadlines' working-day rule (`onWorkingDay`): a due day that is a day off
 * moves to the next working day, keeping the time. `to` stays the nominal day.
 *
 * What a recurrence's `detail` may say, and the default when it says nothing this can read:
 * - daily: every working day (a daily report is not due on a day off); detail ignored.
 * - weekly: "thứ Hai" … "thứ Bảy", "thứ 2" … "thứ 7", "Chủ nhật"; default Friday, the last
 *   working day of the week.
 * - monthly: "ngày 25" (a day past the month's end is its last day), "cuối tháng" (the last
 *   day); default the 20th.
 * - quarterly: "ngày 15", optionally "tháng đầu | giữa | cuối quý" (default the last month);
 *   default the 20th of the quarter's last month.
 * - half-yearly: "ngày N" of June and December; default the 20th.
 * - yearly: "ngày 15/12" (day/month); default 20 December.
 * The 20th follows Nghị định 09/2019/NĐ-CP (art. 12): a period's figures are cut off on the
 * 14th of its last month, so the report is due a few days later.
 *
 * A period belongs to the schedule while its nominal day is on or before `until`, and from
 * `from` on (the clerk's start: the first period then starts on that day, even when publication
 * or a change came earlier, and no period ends before it); periods are
 * materialised ahead only until one starts after the horizon (so the period running now and
 * the next few exist, and a yearly report still has its one period).
 */
export interface PeriodRule {
  frequency: Frequency;
  /** ISO weekday 1 Monday … 7 Sunday (weekly). */
  weekday: number;
  /** Day of the month; 31 means the month's last day (monthly and longer). */
  day: number;
  /** Months into the period (0 first … n-1 last) the day falls in (quarterly, half-yearly). */
  monthOfPeriod: number;
  /** The month (1–12) of a yearly report. */
  month: number;
  /** "HH:MM", or null for the end of the day. */
  time: string | null;
  /** YYYY-MM-DD: no period ends after it. */
  until: string | null;
  /** YYYY-MM-DD: no period starts before it (nor ends before it). */
  from: string | null;
}

/** One reporting period as the schedule computes it. */
export interface PeriodSpan {
  number: number;
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
  /** The due instant, after the working-day rule. */
  dueAt: Date;
}

/** The last period already materialised, which the next ones continue from. */
export interface PeriodAnchor {
  number: number;
  to: string;
}

export interface PeriodWindow {
  /** Periods are due strictly after this instant (publication, or a recurrence change). */
  start: Date;
  /** Continue after this period (numbers and spans); without it the first period is number 1. */
  after?: PeriodAnchor | null;
  /** Materialise periods that start on or before this date (YYYY-MM-DD). */
  horizon: string;
  calendar: WorkingCalendar;
}

const DEFAULT_DAY = 20;
const LAST_DAY = 31;
const MAX_PERIODS = 400;
const WEEKDAYS: Record<string, number> = {
  hai: 1,
  '2': 1,
  ba: 2,
  '3': 2,
  tư: 3,
  '4': 3,
  năm: 4,
  '5': 4,
  sáu: 5,
  '6': 5,
  bảy: 6,
  '7': 6,
};
const MONTHS_IN: Partial<Record<Frequency, number>> = {
  monthly: 1,
  quarterly: 3,
  'half-yearly': 6,
  yearly: 12,
};
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** What the schedule reads of a recurrence, with the documented defaults. */
export function readRecurrence(recurrence: Recurrence): PeriodRule {
  const detail = (recurrence.detail ?? '').normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  const rule: PeriodRule = {
    frequency: recurrence.frequency,
    weekday: 5,
    day: DEFAULT_DAY,
    monthOfPeriod: (MONTHS_IN[recurrence.frequency] ?? 1) - 1,
    month: 12,
    time: recurrence.time && TIME.test(recurrence.time) ? recurrence.time : null,
    until: recurrence.until ?? null,
    from: recurrence.from ?? null,
  };
  if (recurrence.frequency === 'weekly') {
    if (/chủ nhật|\bcn\b/u.test(detail)) rule.weekday = 7;
    else {
      const match = /thứ ?(hai|ba|tư|năm|sáu|bảy|[2-7])(?![\p{L}\d])/u.exec(detail);
      if (match) rule.weekday = WEEKDAYS[match[1]];
    }
    return rule;
  }
  if (rule.frequency === 'daily') return rule;
  if (/(?<!tháng )cuối (tháng|quý|năm)/u.test(detail) && !/ngày/u.test(detail)) rule.day = LAST_DAY;
  const dayMonth = /ngày (\d{1,2}) ?\/ ?(\d{1,2})/u.exec(detail);
  if (rule.frequency === 'yearly' && dayMonth) {
    const [day, month] = [Number(dayMonth[1]), Number(dayMonth[2])];
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) {
      rule.day = day;
      rule.month = month;
    }
    return rule;
  }
  const day = /ngày (\d{1,2})/u.exec(detail);
  if (day && Number(day[1]) >= 1 && Number(day[1]) <= 31) rule.day = Number(day[1]);
  if (rule.frequency === 'quarterly') {
    const which = /tháng (đầu|giữa|cuối) quý/u.exec(detail);
    if (which) rule.monthOfPeriod = { đầu: 0, giữa: 1, cuối: 2 }[which[1]] ?? 2;
  }
  return rule;
}

/**
 * The periods of a schedule in a window: due after `start`, continuing after `after`, until
 * one starts after `horizon` or the rule's `until` is passed.
 */
export function periodsOf(rule: PeriodRule, window: PeriodWindow): PeriodSpan[] {
  const { after, horizon, calendar } = window;
  // The clerk's start day, when later, is where periods begin: its midnight in Vietnam.
  const begin = rule.from ? startOfDayInVietnam(rule.from) : null;
  const start = begin && begin > window.start ? begin : window.start;
  const startDate = dateInVietnam(start);
  const periods: PeriodSpan[] = [];
  let number = after ? after.number : 0;
  let from = after ? later(addDays(after.to, 1), rule.from) : startDate;
  // A nominal day a little before the start may have moved past it (a Friday off → Monday);
  // never before the clerk's start day, though.
  const scanFrom = after ? from : later(addDays(startDate, -20), rule.from);
  for (const to of nominalDays(rule, scanFrom, calendar)) {
    if (rule.until && to > rule.until) break;
    if (from > horizon || periods.length >= MAX_PERIODS) break;
    const dueAt = dueInstant(to, rule.time, calendar);
    if (dueAt.getTime() <= start.getTime()) continue;
    number++;
    periods.push({ number, from: from > to ? to : from, to, dueAt });
    from = addDays(to, 1);
  }
  return periods;
}

/** A nominal report day's due instant: the working-day rule applied, at the time or day's end. */
export function dueInstant(day: string, time: string | null, calendar: WorkingCalendar): Date {
  return deadlineInstant(onWorkingDay(time ? `${day}T${time}:00+07:00` : day, calendar));
}

/** Nominal report days on or after `from`, ascending, without end. */
function* nominalDays(
  rule: PeriodRule,
  from: string,
  calendar: WorkingCalendar,
): Generator<string> {
  switch (rule.frequency) {
    case 'daily':
      for (let day = from; ; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) yield day;
    case 'weekly': {
      let day = addDays(from, (rule.weekday - isoWeekday(from) + 7) % 7);
      for (;;) {
        yield day;
        day = addDays(day, 7);
      }
    }
    case 'monthly':
    case 'quarterly':
    case 'half-yearly':
    case 'yearly': {
      const months = MONTHS_IN[rule.frequency] ?? 1;
      let year = Number(from.slice(0, 4));
      // Periods align with the calendar: quarters start in January, April, July, October.
      let month = Math.floor((Number(from.slice(5, 7)) - 1) / months) * months + 1;
      for (;;) {
        const dueMonth =
          rule.frequency === 'yearly'
            ? rule.month
            : month + Math.min(rule.monthOfPeriod, months - 1);
        const day = dayOfMonth(year, dueMonth, rule.day);
        if (day >= from) yield day;
        month += months;
        if (month > 12) {
          month -= 12;
          year++;
        }
      }
    }
  }
}

function dayOfMonth(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1, Math.min(day, last))).toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus whole days, by UTC arithmetic (no zone can shift it). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The later of two dates (YYYY-MM-DD), the second optional. */
function later(date: string, other: string | null): string {
  return other && other > date ? other : date;
}

/** Midnight at the start of a date in Vietnam (UTC+7 all year). */
export function startOfDayInVietnam(date: string): Date {
  return new Date(`${date}T00:00:00+07:00`);
}

/** The end of an instant's week in Vietnam (the next Monday, 00:00): what is due "this week". */
export function endOfWeekInVietnam(now: Date): Date {
  const today = dateInVietnam(now);
  return startOfDayInVietnam(addDays(today, 8 - isoWeekday(today)));
}

/** Vietnam keeps UTC+7 all year: an instant's date there is arithmetic. */
export function dateInVietnam(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The recurrence a task's periods follow: its part's, else the first recurring sub-item's (a
 * letter often asks for the report in one lettered item, as the dengue letter's c) does).
 */
export function recurrenceForPeriods(
  own: Recurrence | null,
  subtasks: ReadonlyArray<{ recurrence: Recurrence | null }> | null | undefined,
): Recurrence | null {
  return own ?? subtasks?.find((subtask) => subtask.recurrence)?.recurrence ?? null;
}
