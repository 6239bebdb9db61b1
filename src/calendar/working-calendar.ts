import Holidays, { type HolidaysTypes } from 'date-holidays';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from './adjustment-kind.js';
import {
  CalendarOutOfRangeError,
  InvalidAdjustmentError,
  InvalidCalendarDateError,
  InvalidDateRangeError,
} from './calendar.errors.js';

/** The zone every calendar date in dondoc is read in. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** The years the calendar answers for. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;
const YEARS = `${FIRST_YEAR}–${LAST_YEAR}`;

export type HolidaySource = 'library' | 'rule' | 'adjustment';

/** A day off other than an ordinary weekend, with where dondoc learnt of it. */
export interface CalendarHoliday {
  date: string;
  name: string;
  source: HolidaySource;
}

/** An admin's correction for one date (see `adjustment-kind.ts`). */
export interface CalendarAdjustmentInput {
  date: string;
  kind: AdjustmentKind;
  note: string;
}

/** Why a day is not an ordinary Monday–Friday working day; null when it is one. */
export type DayReason = 'weekend' | 'holiday' | 'adjustment';

export interface CalendarDay {
  date: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  working: boolean;
  reason: DayReason | null;
  /** The holiday's name, the adjustment's note, or the weekend day's name. */
  name: string | null;
  source: HolidaySource | null;
}

// Dates are handled as day numbers (days since 1970-01-01): plain integers, so no time zone or
// daylight-saving rule of the machine running dondoc can shift a date.
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumberOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function parseDay(value: unknown, field = 'date'): number {
  const day = dayNumberOf(value);
  if (day === undefined) throw new InvalidCalendarDateError(field, value, YEARS);
  return day;
}

/** Whether a value is a real calendar date `YYYY-MM-DD` within the calendar's years. */
export function isCalendarDate(value: unknown): value is string {
  return dayNumberOf(value) !== undefined;
}

const formatDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearOf = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();
const firstDayOf = (year: number): number => Date.UTC(year, 0, 1) / DAY_MS;
/** 1970-01-01, day 0, was a Thursday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
const isWeekend = (day: number): boolean => isoWeekday(day) >= 6;

const vietnamDateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date an instant falls on in Vietnam, `YYYY-MM-DD`. */
export function vietnamDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('vietnamDate needs a valid instant');
  const parts = vietnamDateParts.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

// ---------------------------------------------------------------------------------------------
// Statutory holidays (ngày nghỉ lễ, Tết), Labour Code 2019 art. 112: Tết Dương lịch 1 day,
// Tết Nguyên Đán 5 days, Giỗ Tổ Hùng Vương (lunar 10/3) 1, 30/4 1, 1/5 1, Quốc khánh 2 days.
//
// date-holidays ('VN', type 'public') lists, for 2020–2027 alike: 1/1; "Giao thừa Tết Nguyên Đán"
// (the eve) whose start–end span is five days (its rule is "1 day before vietnamese 1-0-1 P5D");
// "Tết Nguyên Đán" (lunar 1/1) as one day inside that span; Giỗ Tổ; 30/4; 1/5; and 2/9 as ONE
// day. Everything else it lists is an observance, which is not a day off. So:
// - Each public entry counts for every day of its span (source 'library').
// - Tết rule: five days from the library's eve (Giao thừa, mùng 1 … mùng 4). It adds nothing
//   while the library keeps its 5-day span; it keeps Tết at five days if the data ever shrinks.
// - Quốc khánh rule, from 2021 (the Labour Code 2019 took effect then; earlier years had one
//   day): 2/9 plus "one adjacent day before or after". dondoc takes the adjacent day that is a
//   weekday and joins the break to a weekend; when both or neither would, the day before (1/9).
//   This reproduces the government's choices 2021–2025 (3/9, 1/9, 1/9, 3/9, 1/9).
// The government fixes each year's exact days (and any nghỉ bù or swapped days) in a notice;
// admins enter those as adjustments, which override everything computed here.
// ---------------------------------------------------------------------------------------------

interface Holiday {
  name: string;
  source: 'library' | 'rule';
}

const TET_NEW_YEAR_RULE = 'vietnamese 1-0-1';
const TET_DAYS = 5;
const NATIONAL_DAY_TWO_DAYS_FROM = 2021;

let holidayLibrary: Holidays | undefined;
/** Per year, shared by every WorkingCalendar: adjustments never change these. */
const statutoryByYear = new Map<number, ReadonlyMap<number, Holiday>>();

function statutoryHolidays(year: number): ReadonlyMap<number, Holiday> {
  let days = statutoryByYear.get(year);
  if (!days) {
    days = computeStatutoryHolidays(year);
    statutoryByYear.set(year, days);
  }
  return days;
}

function computeStatutoryHolidays(year: number): Map<number, Holiday> {
  holidayLibrary ??= new Holidays('VN', { timezone: VIETNAM_TIME_ZONE, types: ['public'] });
  const entries = holidayLibrary.getHolidays(year).filter((entry) => entry.type === 'public');
  const days = new Map<number, Holiday>();
  const spanned: Array<[number, string]> = [];
  for (const entry of entries) {
    // `date` is the local date in the entry's zone ("2025-01-28 00:00:00"); Vietnam has no DST,
    // so the span in whole days is exact.
    const first = parseDay(entry.date.slice(0, 10));
    days.set(first, { name: entry.name, source: 'library' });
    const length = Math.round((entry.end.getTime() - entry.start.getTime()) / DAY_MS);
    for (let i = 1; i < length; i++) spanned.push([first + i, entry.name]);
  }
  // A span's later days never hide an entry that starts on that day.
  for (const [day, name] of spanned) {
    if (!days.has(day)) days.set(day, { name, source: 'library' });
  }
  addTet(year, entries, days);
  addNationalDay(year, days);
  return days;
}

function addTet(year: number, entries: HolidaysTypes.Holiday[], days: Map<number, Holiday>) {
  const newYear = entries.find((entry) => entry.rule === TET_NEW_YEAR_RULE);
  if (!newYear) throw new Error(`date-holidays lists no Tết Nguyên Đán for VN in ${year}`);
  const eveEntry = entries.find((entry) => entry.rule.includes(`before ${TET_NEW_YEAR_RULE}`));
  const eve = eveEntry
    ? parseDay(eveEntry.date.slice(0, 10))
    : parseDay(newYear.date.slice(0, 10)) - 1;
  for (let i = 0; i < TET_DAYS; i++) {
    const day = eve + i;
    const name = i === 0 ? 'Giao thừa Tết Nguyên Đán' : `Tết Nguyên Đán (mùng ${i})`;
    days.set(day, { name, source: days.get(day)?.source ?? 'rule' });
  }
}

function addNationalDay(year: number, days: Map<number, Holiday>) {
  const nationalDay = Date.UTC(year, 8, 2) / DAY_MS;
  if (!days.has(nationalDay)) days.set(nationalDay, { name: 'Quốc khánh', source: 'rule' });
  if (year < NATIONAL_DAY_TWO_DAYS_FROM) return;
  // 1/9 and 3/9 are two days apart, so at least one of them is a weekday.
  const weekdays = [nationalDay - 1, nationalDay + 1].filter((day) => !isWeekend(day));
  const adjacent = weekdays.find((day) => isWeekend(day - 1) || isWeekend(day + 1)) ?? weekdays[0];
  if (!days.has(adjacent)) {
    days.set(adjacent, { name: 'Quốc khánh (ngày liền kề)', source: 'rule' });
  }
}

/** One year of the calendar, with adjustments applied, as flat arrays indexed by day of year. */
interface YearTable {
  year: number;
  /** Day number of 1 January. */
  first: number;
  /** 1 for a working day. */
  working: Uint8Array;
  /** Working days from 1 January up to and including each day. */
  through: Uint16Array;
}

const ADJUSTMENT_NAMES: Record<AdjustmentKind, string> = {
  day_off: 'Nghỉ bù',
  working_day: 'Làm bù',
};

/**
 * Vietnam's working days: Monday to Friday, except statutory holidays (date-holidays plus the
 * rules above), corrected by admins' adjustments. Dates are calendar dates `YYYY-MM-DD` in
 * Vietnam; use `vietnamDate()` for an instant. Immutable: build a new one when adjustments
 * change. Years are computed on first use and kept, so bulk calls cost array lookups.
 */
export class WorkingCalendar {
  private readonly adjustments = new Map<number, CalendarAdjustmentInput>();
  private readonly tables = new Map<number, YearTable>();
  private last: YearTable | undefined;

  constructor(adjustments: readonly CalendarAdjustmentInput[] = []) {
    for (const adjustment of adjustments) {
      const day = parseDay(adjustment.date, 'adjustment date');
      if (!ADJUSTMENT_KINDS.includes(adjustment.kind)) {
        throw new InvalidAdjustmentError(`unknown adjustment kind ${String(adjustment.kind)}`);
      }
      if (this.adjustments.has(day)) {
        throw new InvalidAdjustmentError(`two adjustments for ${adjustment.date}`);
      }
      this.adjustments.set(day, { ...adjustment });
    }
  }

  /** Whether people work on this date. */
  isWorkingDay(date: string): boolean {
    return this.working(parseDay(date));
  }

  /**
   * The date itself when it is a working day, else the next working day: a deadline that lands
   * on a day off moves to the next working day.
   */
  nextWorkingDay(date: string): string {
    return formatDay(this.nextWorking(parseDay(date)));
  }

  /**
   * The date `n` whole working days after `date` ("within N working days"): Friday 2020-08-21
   * plus 1 is Monday 2020-08-24, and a Saturday plus 1 is the Monday too. `n = 0` gives
   * `nextWorkingDay(date)`; a negative `n` counts back to the n-th working day before `date`.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n)) throw new RangeError(`working days must be an integer: ${n}`);
    let day = parseDay(date);
    if (n === 0) return formatDay(this.nextWorking(day));
    const step = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.working(day)) left--;
    }
    return formatDay(day);
  }

  /**
   * Working days after `from` up to and including `to`; 0 when they are the same date, and
   * minus the working days after `to` up to and including `from` when `to` is earlier. So for
   * n ≥ 1, `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(from: string, to: string): number {
    const start = parseDay(from, 'from');
    const end = parseDay(to, 'to');
    if (start === end) return 0;
    // `0 - n`, not `-n`: no -0 when nothing is worked in between.
    return start < end ? this.countAfter(start, end) : 0 - this.countAfter(end, start);
  }

  /**
   * The first day of the Tết Nguyên đán holiday of a year (Giao thừa, as the holiday library and
   * the Tết rule give it, an admin's extra day off before it included), null when the year has
   * none on record.
   */
  tetStart(year: number): string | null {
    const holidays = this.holidaysIn(year);
    const eve = holidays.findIndex((holiday) => /tết nguyên/iu.test(holiday.name));
    if (eve < 0) return null;
    // An adjustment that joins the holiday (a day off just before it) starts it earlier.
    let start = parseDay(holidays[eve].date);
    while (!this.working(start - 1) && this.adjustments.get(start - 1)?.kind === 'day_off') start--;
    return formatDay(start);
  }

  /** The last working day before a date ("trước Tết": the day before the holiday begins). */
  lastWorkingDayBefore(date: string): string {
    let day = parseDay(date) - 1;
    while (!this.working(day)) day--;
    return formatDay(day);
  }

  /** The year's days off other than ordinary weekends, by date, adjustments applied. */
  holidaysIn(year: number): CalendarHoliday[] {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
      throw new CalendarOutOfRangeError(YEARS);
    }
    const off = new Map<number, CalendarHoliday>();
    for (const [day, holiday] of statutoryHolidays(year)) {
      if (yearOf(day) === year) off.set(day, { date: formatDay(day), ...holiday });
    }
    for (const [day, adjustment] of this.adjustments) {
      if (yearOf(day) !== year) continue;
      if (adjustment.kind === 'working_day') off.delete(day);
      else
        off.set(day, {
          date: adjustment.date,
          name: this.noteOf(adjustment),
          source: 'adjustment',
        });
    }
    return [...off.entries()].sort(([a], [b]) => a - b).map(([, holiday]) => holiday);
  }

  /** One date: whether it is worked, and why not (or why a weekend day is). */
  day(date: string): CalendarDay {
    return this.describe(parseDay(date));
  }

  /** Every date from `from` to `to`, both included. */
  days(from: string, to: string): CalendarDay[] {
    const start = parseDay(from, 'from');
    const end = parseDay(to, 'to');
    if (end < start) throw new InvalidDateRangeError('to must not be before from');
    const days: CalendarDay[] = [];
    for (let day = start; day <= end; day++) days.push(this.describe(day));
    return days;
  }

  private describe(day: number): CalendarDay {
    const date = formatDay(day);
    const weekday = isoWeekday(day);
    const working = this.working(day);
    const adjustment = this.adjustments.get(day);
    if (adjustment) {
      const name = this.noteOf(adjustment);
      return { date, weekday, working, reason: 'adjustment', name, source: 'adjustment' };
    }
    const holiday = statutoryHolidays(yearOf(day)).get(day);
    if (holiday) {
      return {
        date,
        weekday,
        working,
        reason: 'holiday',
        name: holiday.name,
        source: holiday.source,
      };
    }
    if (weekday >= 6) {
      const name = weekday === 6 ? 'Thứ Bảy' : 'Chủ nhật';
      return { date, weekday, working, reason: 'weekend', name, source: null };
    }
    return { date, weekday, working, reason: null, name: null, source: null };
  }

  private noteOf(adjustment: CalendarAdjustmentInput): string {
    return adjustment.note.trim() || ADJUSTMENT_NAMES[adjustment.kind];
  }

  private working(day: number): boolean {
    const table = this.table(day);
    return table.working[day - table.first] === 1;
  }

  private nextWorking(day: number): number {
    while (!this.working(day)) day++;
    return day;
  }

  /** Working days in (start, end], start < end, from the per-year running totals. */
  private countAfter(start: number, end: number): number {
    const from = this.table(start);
    const to = this.table(end);
    const through = (table: YearTable, day: number) => table.through[day - table.first];
    if (from === to) return through(to, end) - through(from, start);
    let count = from.through[from.through.length - 1] - through(from, start);
    for (let year = from.year + 1; year < to.year; year++) {
      const table = this.yearTable(year);
      count += table.through[table.through.length - 1];
    }
    return count + through(to, end);
  }

  private table(day: number): YearTable {
    const last = this.last;
    if (last && day >= last.first && day - last.first < last.working.length) return last;
    this.last = this.yearTable(yearOf(day));
    return this.last;
  }

  private yearTable(year: number): YearTable {
    let table = this.tables.get(year);
    if (!table) {
      if (year < FIRST_YEAR || year > LAST_YEAR) throw new CalendarOutOfRangeError(YEARS);
      table = this.buildYear(year);
      this.tables.set(year, table);
    }
    return table;
  }

  private buildYear(year: number): YearTable {
    const first = firstDayOf(year);
    const length = firstDayOf(year + 1) - first;
    const holidays = statutoryHolidays(year);
    const working = new Uint8Array(length);
    const through = new Uint16Array(length);
    let count = 0;
    for (let i = 0; i < length; i++) {
      const day = first + i;
      const adjustment = this.adjustments.get(day);
      const worked = adjustment
        ? adjustment.kind === 'working_day'
        : !isWeekend(day) && !holidays.has(day);
      if (worked) {
        working[i] = 1;
        count++;
      }
      through[i] = count;
    }
    return { year, first, working, through };
  }
}
