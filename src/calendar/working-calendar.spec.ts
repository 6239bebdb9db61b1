import { jest } from '@jest/globals';
import Holidays from 'date-holidays';
import { DomainError } from '../core/errors/domain-error.js';
import {
  type CalendarAdjustmentInput,
  isCalendarDate,
  vietnamDate,
  WorkingCalendar,
} from './working-calendar.js';

/** Every date from `from` to `to`, both included, by plain UTC arithmetic. */
function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 864e5) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

const offDays = (calendar: WorkingCalendar, from: string, to: string) =>
  datesFrom(from, to).filter((date) => !calendar.isWorkingDay(date));

// The 2025 notice: Friday 2/5 off (hoán đổi), worked back on Saturday 26/4.
const ADJUSTMENTS_2025: CalendarAdjustmentInput[] = [
  { date: '2025-05-02', kind: 'day_off', note: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4' },
  { date: '2025-04-26', kind: 'working_day', note: 'Làm bù cho thứ Sáu 2/5' },
];

describe(WorkingCalendar.name, () => {
  const calendar = new WorkingCalendar();

  describe('weekends', () => {
    it('should treat Monday to Friday as working days and Saturday and Sunday as off', () => {
      // 2024-03-11 is a Monday in a week without holidays.
      const week = datesFrom('2024-03-11', '2024-03-17').map((date) => calendar.isWorkingDay(date));
      expect(week).toEqual([true, true, true, true, true, false, false]);
    });

    it('should describe weekend days with their names and ISO weekdays', () => {
      expect(calendar.day('2024-03-16')).toEqual({
        date: '2024-03-16',
        weekday: 6,
        working: false,
        reason: 'weekend',
        name: 'Thứ Bảy',
        source: null,
      });
      expect(calendar.day('2024-03-17')).toMatchObject({ weekday: 7, name: 'Chủ nhật' });
      expect(calendar.day('2024-03-18')).toEqual({
        date: '2024-03-18',
        weekday: 1,
        working: true,
        reason: null,
        name: null,
        source: null,
      });
    });

    it('should get weekdays right before 1970 and across century years', () => {
      expect(calendar.day('1969-12-31').weekday).toBe(3);
      expect(calendar.day('1900-01-01').weekday).toBe(1);
      expect(calendar.day('2100-03-01').weekday).toBe(1);
    });
  });

  describe('Tết Nguyên Đán', () => {
    it('should give Tết 2021 five days from the eve, Thursday 11/2 to Monday 15/2', () => {
      expect(calendar.holidaysIn(2021).filter((h) => h.date.startsWith('2021-02'))).toEqual([
        { date: '2021-02-11', name: 'Giao thừa Tết Nguyên Đán', source: 'library' },
        { date: '2021-02-12', name: 'Tết Nguyên Đán (mùng 1)', source: 'library' },
        { date: '2021-02-13', name: 'Tết Nguyên Đán (mùng 2)', source: 'library' },
        { date: '2021-02-14', name: 'Tết Nguyên Đán (mùng 3)', source: 'library' },
        { date: '2021-02-15', name: 'Tết Nguyên Đán (mùng 4)', source: 'library' },
      ]);
      expect(offDays(calendar, '2021-02-09', '2021-02-17')).toEqual(
        datesFrom('2021-02-11', '2021-02-15'),
      );
    });

    it('should give Tết 2025 five days from the eve, Tuesday 28/1 to Saturday 1/2', () => {
      expect(offDays(calendar, '2025-01-27', '2025-02-03')).toEqual(
        datesFrom('2025-01-28', '2025-02-02'),
      );
      expect(calendar.day('2025-02-01')).toMatchObject({
        working: false,
        reason: 'holiday',
        name: 'Tết Nguyên Đán (mùng 4)',
      });
      expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
      expect(calendar.isWorkingDay('2025-02-03')).toBe(true);
    });

    it('should keep Tết at five days in every year, starting on the lunar eve', () => {
      const eves: Record<number, string> = {
        2020: '2020-01-24',
        2022: '2022-01-31',
        2023: '2023-01-21',
        2024: '2024-02-09',
        2026: '2026-02-16',
        2027: '2027-02-05',
      };
      for (const [year, eve] of Object.entries(eves)) {
        const tet = calendar.holidaysIn(Number(year)).filter((h) => h.name.includes('Tết Nguyên'));
        expect(tet).toHaveLength(5);
        expect(tet[0]).toMatchObject({ date: eve, name: 'Giao thừa Tết Nguyên Đán' });
        const first = Date.parse(`${eve}T00:00:00Z`);
        expect(tet.map((h) => (Date.parse(`${h.date}T00:00:00Z`) - first) / 864e5)).toEqual([
          0, 1, 2, 3, 4,
        ]);
      }
    });

    it('should make up five Tết days by rule if the library listed fewer', () => {
      // 2150: a year no other test computes, so its holidays are computed under the mock.
      const entries = new Holidays('VN', { types: ['public'] }).getHolidays(2150);
      const shrunk = jest
        .spyOn(Holidays.prototype, 'getHolidays')
        .mockReturnValue(entries.map((entry) => ({ ...entry, end: entry.start })));
      try {
        const tet = new WorkingCalendar()
          .holidaysIn(2150)
          .filter((h) => h.name.includes('Tết Nguyên'))
          .map((h) => h.source);
        expect(tet).toEqual(['library', 'library', 'rule', 'rule', 'rule']);
      } finally {
        shrunk.mockRestore();
      }
    });

    it.each([
      // Giao thừa on a Monday: the Friday before; on a Friday: the Thursday.
      [2026, '2026-02-16', '2026-02-13'],
      [2027, '2027-02-05', '2027-02-04'],
    ])('starts the %i holiday on Giao thừa %s; "trước Tết" is %s', (year, start, before) => {
      const calendar = new WorkingCalendar();
      expect(calendar.tetStart(year)).toBe(start);
      expect(calendar.lastWorkingDayBefore(start)).toBe(before);
    });

    it('starts the holiday earlier when an admin gives the day before it off', () => {
      const calendar = new WorkingCalendar([
        { date: '2027-02-04', kind: 'day_off', note: 'Nghỉ bù' },
      ]);
      expect(calendar.tetStart(2027)).toBe('2027-02-04');
      expect(calendar.lastWorkingDayBefore('2027-02-04')).toBe('2027-02-03');
    });
  });

  describe('fixed holidays', () => {
    it('should give 30/4 and 1/5 off, and not 2/5 unless the government says so', () => {
      expect(offDays(calendar, '2025-04-28', '2025-05-02')).toEqual(['2025-04-30', '2025-05-01']);
      expect(calendar.day('2025-04-30')).toMatchObject({
        reason: 'holiday',
        name: 'Ngày Giải phóng miền Nam',
        source: 'library',
      });
      expect(calendar.day('2025-05-01')).toMatchObject({ name: 'Quốc tế Lao động' });
    });

    it('should give 1/1 off', () => {
      expect(calendar.day('2025-01-01')).toMatchObject({ working: false, name: 'Tết Dương lịch' });
    });

    it('should give Giỗ Tổ Hùng Vương, lunar 10/3, its solar date each year', () => {
      for (const date of ['2021-04-21', '2023-04-29', '2024-04-18', '2025-04-07', '2026-04-26']) {
        expect(calendar.day(date)).toMatchObject({
          working: false,
          reason: 'holiday',
          name: 'Giỗ tổ Hùng Vương',
          source: 'library',
        });
      }
      expect(calendar.isWorkingDay('2025-04-08')).toBe(true);
    });
  });

  describe('Quốc khánh', () => {
    it('should give 2/9 alone before 2021, under the old Labour Code', () => {
      expect(offDays(calendar, '2020-08-31', '2020-09-04')).toEqual(['2020-09-02']);
    });

    it('should add the adjacent day that joins a weekend, as the government chose 2021–2025', () => {
      const nationalDays = (year: number) =>
        calendar
          .holidaysIn(year)
          .filter((h) => h.name.startsWith('Quốc khánh'))
          .map((h) => `${h.date} ${h.source}`);
      expect(nationalDays(2021)).toEqual(['2021-09-02 library', '2021-09-03 rule']); // Thu, Fri
      expect(nationalDays(2022)).toEqual(['2022-09-01 rule', '2022-09-02 library']); // Thu, Fri
      expect(nationalDays(2023)).toEqual(['2023-09-01 rule', '2023-09-02 library']); // Fri, Sat
      expect(nationalDays(2024)).toEqual(['2024-09-02 library', '2024-09-03 rule']); // Mon, Tue
      expect(nationalDays(2025)).toEqual(['2025-09-01 rule', '2025-09-02 library']); // Mon, Tue
      // A Wednesday joins no weekend either way: the day before.
      expect(nationalDays(2026)).toEqual(['2026-09-01 rule', '2026-09-02 library']);
      expect(calendar.day('2025-09-01')).toMatchObject({
        working: false,
        name: 'Quốc khánh (ngày liền kề)',
        source: 'rule',
      });
    });
  });

  describe('holidaysIn', () => {
    it('should list 2025 days off in date order, with names and sources', () => {
      expect(calendar.holidaysIn(2025).map((h) => `${h.date} ${h.source} ${h.name}`)).toEqual([
        '2025-01-01 library Tết Dương lịch',
        '2025-01-28 library Giao thừa Tết Nguyên Đán',
        '2025-01-29 library Tết Nguyên Đán (mùng 1)',
        '2025-01-30 library Tết Nguyên Đán (mùng 2)',
        '2025-01-31 library Tết Nguyên Đán (mùng 3)',
        '2025-02-01 library Tết Nguyên Đán (mùng 4)',
        '2025-04-07 library Giỗ tổ Hùng Vương',
        '2025-04-30 library Ngày Giải phóng miền Nam',
        '2025-05-01 library Quốc tế Lao động',
        '2025-09-01 rule Quốc khánh (ngày liền kề)',
        '2025-09-02 library Quốc khánh',
      ]);
    });

    it('should leave out observances such as Ngày Nhà giáo and Lễ Phật đản', () => {
      expect(calendar.isWorkingDay('2025-11-20')).toBe(true);
      expect(calendar.isWorkingDay('2025-05-12')).toBe(true);
      expect(calendar.holidaysIn(2025).map((h) => h.name)).not.toContain('Ngày Nhà giáo Việt Nam');
    });

    it('should apply adjustments: a day_off is added, a working_day removes a holiday', () => {
      const adjusted = new WorkingCalendar([
        ...ADJUSTMENTS_2025,
        { date: '2025-09-01', kind: 'working_day', note: 'Quốc khánh: nghỉ 2/9 và 3/9' },
        { date: '2025-09-03', kind: 'day_off', note: 'Quốc khánh: nghỉ 2/9 và 3/9' },
      ]);
      const list = adjusted.holidaysIn(2025);
      expect(list).toContainEqual({
        date: '2025-05-02',
        name: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4',
        source: 'adjustment',
      });
      expect(list.map((h) => h.date)).not.toContain('2025-09-01');
      expect(list.filter((h) => h.date.startsWith('2025-09')).map((h) => h.date)).toEqual([
        '2025-09-02',
        '2025-09-03',
      ]);
      expect(list.map((h) => h.date)).not.toContain('2025-04-26');
    });

    it('should refuse a year outside the calendar', () => {
      expect(() => calendar.holidaysIn(1899)).toThrow(DomainError);
      expect(() => calendar.holidaysIn(2025.5)).toThrow(DomainError);
    });
  });

  describe('adjustments', () => {
    const adjusted = new WorkingCalendar(ADJUSTMENTS_2025);

    it('should take a day_off (nghỉ bù) off a weekday', () => {
      expect(calendar.isWorkingDay('2025-05-02')).toBe(true);
      expect(adjusted.isWorkingDay('2025-05-02')).toBe(false);
      expect(adjusted.day('2025-05-02')).toEqual({
        date: '2025-05-02',
        weekday: 5,
        working: false,
        reason: 'adjustment',
        name: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4',
        source: 'adjustment',
      });
    });

    it('should make a working_day (làm bù) Saturday a working day', () => {
      expect(calendar.isWorkingDay('2025-04-26')).toBe(false);
      expect(adjusted.isWorkingDay('2025-04-26')).toBe(true);
      expect(adjusted.day('2025-04-26')).toMatchObject({
        weekday: 6,
        working: true,
        reason: 'adjustment',
        name: 'Làm bù cho thứ Sáu 2/5',
      });
    });

    it('should name an adjustment without a note by its kind', () => {
      const bare = new WorkingCalendar([{ date: '2025-05-02', kind: 'day_off', note: ' ' }]);
      expect(bare.day('2025-05-02').name).toBe('Nghỉ bù');
    });

    it('should refuse two adjustments for one date, an unknown kind and a bad date', () => {
      expect(
        () =>
          new WorkingCalendar([
            { date: '2025-05-02', kind: 'day_off', note: 'a' },
            { date: '2025-05-02', kind: 'working_day', note: 'b' },
          ]),
      ).toThrow(/two adjustments/);
      expect(
        () => new WorkingCalendar([{ date: '2025-05-02', kind: 'holiday' as never, note: '' }]),
      ).toThrow(/unknown adjustment kind/);
      expect(
        () => new WorkingCalendar([{ date: '2025-02-29', kind: 'day_off', note: '' }]),
      ).toThrow(DomainError);
    });

    it('should leave the calendar it was not given to unchanged', () => {
      expect(calendar.isWorkingDay('2025-05-02')).toBe(true);
      expect(new WorkingCalendar(ADJUSTMENTS_2025).isWorkingDay('2025-05-02')).toBe(false);
    });
  });

  describe('nextWorkingDay', () => {
    it('should keep a deadline that lands on a working day', () => {
      expect(calendar.nextWorkingDay('2025-03-12')).toBe('2025-03-12');
    });

    it('should move a deadline on a weekend to Monday', () => {
      expect(calendar.nextWorkingDay('2025-03-15')).toBe('2025-03-17');
      expect(calendar.nextWorkingDay('2025-03-16')).toBe('2025-03-17');
    });

    it('should move a deadline on a holiday past the holiday and the weekend after it', () => {
      expect(calendar.nextWorkingDay('2025-01-28')).toBe('2025-02-03'); // Tết
      expect(calendar.nextWorkingDay('2025-04-30')).toBe('2025-05-02');
      expect(calendar.nextWorkingDay('2025-09-01')).toBe('2025-09-03');
    });

    it('should follow adjustments: past a nghỉ bù, onto a làm bù Saturday', () => {
      const adjusted = new WorkingCalendar(ADJUSTMENTS_2025);
      expect(adjusted.nextWorkingDay('2025-04-30')).toBe('2025-05-05');
      expect(adjusted.nextWorkingDay('2025-04-26')).toBe('2025-04-26');
    });

    it('should cross into the next year', () => {
      // Sunday 1/1/2023 gives no nghỉ bù by itself: the notice's Monday off is an adjustment.
      expect(calendar.nextWorkingDay('2022-12-31')).toBe('2023-01-02');
    });
  });

  describe('addWorkingDays', () => {
    it('should count whole working days after the date: Friday plus 1 is Monday', () => {
      expect(calendar.addWorkingDays('2020-08-21', 1)).toBe('2020-08-24');
      expect(calendar.addWorkingDays('2020-08-21', 5)).toBe('2020-08-28');
      expect(calendar.addWorkingDays('2020-08-24', 1)).toBe('2020-08-25');
    });

    it('should give nextWorkingDay for n = 0', () => {
      expect(calendar.addWorkingDays('2020-08-22', 0)).toBe('2020-08-24');
      expect(calendar.addWorkingDays('2020-08-21', 0)).toBe('2020-08-21');
    });

    it('should count from a day off as from the day before the next working day', () => {
      expect(calendar.addWorkingDays('2020-08-22', 1)).toBe('2020-08-24');
      expect(calendar.addWorkingDays('2025-01-29', 1)).toBe('2025-02-03');
    });

    it('should skip Tết', () => {
      expect(calendar.addWorkingDays('2025-01-27', 1)).toBe('2025-02-03');
      expect(calendar.addWorkingDays('2025-01-24', 2)).toBe('2025-02-03');
      expect(calendar.addWorkingDays('2025-01-27', 10)).toBe('2025-02-14');
      expect(calendar.addWorkingDays('2021-02-10', 1)).toBe('2021-02-16');
    });

    it('should follow adjustments', () => {
      const adjusted = new WorkingCalendar(ADJUSTMENTS_2025);
      expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-28');
      expect(adjusted.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
      expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-02');
      expect(adjusted.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
    });

    it('should count back for a negative n', () => {
      expect(calendar.addWorkingDays('2025-02-03', -1)).toBe('2025-01-27');
      expect(calendar.addWorkingDays('2020-08-24', -1)).toBe('2020-08-21');
      expect(calendar.addWorkingDays('2020-08-23', -1)).toBe('2020-08-21');
    });

    it('should cross years', () => {
      expect(calendar.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
      expect(calendar.addWorkingDays('2025-01-02', -1)).toBe('2024-12-31');
    });

    it('should refuse a fractional count and walking past the calendar', () => {
      expect(() => calendar.addWorkingDays('2025-01-02', 1.5)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2199-12-30', 5)).toThrow(DomainError);
    });
  });

  describe('workingDaysBetween', () => {
    it('should count working days after from up to and including to', () => {
      expect(calendar.workingDaysBetween('2020-08-21', '2020-08-24')).toBe(1);
      expect(calendar.workingDaysBetween('2020-08-21', '2020-08-23')).toBe(0);
      expect(calendar.workingDaysBetween('2025-01-27', '2025-02-03')).toBe(1);
      expect(calendar.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(251);
    });

    it('should be 0 for the same date and negative when to is earlier', () => {
      expect(calendar.workingDaysBetween('2025-03-12', '2025-03-12')).toBe(0);
      expect(calendar.workingDaysBetween('2025-02-03', '2025-01-27')).toBe(-1);
      expect(calendar.workingDaysBetween('2020-08-24', '2020-08-21')).toBe(-1);
      expect(calendar.workingDaysBetween('2020-08-23', '2020-08-22')).toBe(0);
    });

    it('should agree with counting day by day, across several years', () => {
      const count = (from: string, to: string) =>
        datesFrom(from, to)
          .slice(1)
          .filter((date) => calendar.isWorkingDay(date)).length;
      for (const [from, to] of [
        ['2020-12-30', '2023-01-05'],
        ['2021-02-10', '2021-02-16'],
        ['2024-06-15', '2025-06-15'],
      ]) {
        expect(calendar.workingDaysBetween(from, to)).toBe(count(from, to));
        expect(calendar.workingDaysBetween(to, from)).toBe(-count(from, to));
      }
    });

    it('should invert addWorkingDays', () => {
      const adjusted = new WorkingCalendar(ADJUSTMENTS_2025);
      for (const from of datesFrom('2024-12-20', '2025-05-10')) {
        for (const n of [1, 2, 7, 30]) {
          const due = adjusted.addWorkingDays(from, n);
          expect(adjusted.workingDaysBetween(from, due)).toBe(n);
          expect(adjusted.isWorkingDay(due)).toBe(true);
        }
      }
    });
  });

  describe('days', () => {
    it('should describe every date of a range, both ends included', () => {
      const days = new WorkingCalendar(ADJUSTMENTS_2025).days('2025-04-25', '2025-05-05');
      expect(
        days.map((day) => `${day.date} ${day.working ? 'work' : 'off'} ${day.reason}`),
      ).toEqual([
        '2025-04-25 work null',
        '2025-04-26 work adjustment',
        '2025-04-27 off weekend',
        '2025-04-28 work null',
        '2025-04-29 work null',
        '2025-04-30 off holiday',
        '2025-05-01 off holiday',
        '2025-05-02 off adjustment',
        '2025-05-03 off weekend',
        '2025-05-04 off weekend',
        '2025-05-05 work null',
      ]);
    });

    it('should refuse a range that ends before it starts', () => {
      expect(() => calendar.days('2025-05-05', '2025-05-04')).toThrow(DomainError);
    });
  });

  describe('dates', () => {
    it('should refuse anything but a real YYYY-MM-DD date in 1900–2199', () => {
      for (const bad of ['2025-02-29', '2025-13-01', '2025-2-3', '20250203', '1899-12-31', '']) {
        expect(isCalendarDate(bad)).toBe(false);
        expect(() => calendar.isWorkingDay(bad)).toThrow(DomainError);
      }
      expect(isCalendarDate('2024-02-29')).toBe(true);
      expect(isCalendarDate(20250203)).toBe(false);
    });

    it('should tell the calendar date in Vietnam of an instant', () => {
      expect(vietnamDate(new Date('2025-01-27T16:59:59Z'))).toBe('2025-01-27');
      expect(vietnamDate(new Date('2025-01-27T17:00:00Z'))).toBe('2025-01-28');
      expect(vietnamDate(new Date('2024-12-31T18:00:00Z'))).toBe('2025-01-01');
      expect(() => vietnamDate(new Date('nonsense'))).toThrow(RangeError);
    });
  });

  describe('cost', () => {
    it('should compute each year of holidays once, for every calendar and call', () => {
      new WorkingCalendar().isWorkingDay('2031-06-02'); // 2031: a year nothing else here uses
      const lookups = jest.spyOn(Holidays.prototype, 'getHolidays');
      try {
        const fresh = new WorkingCalendar(ADJUSTMENTS_2025);
        for (let i = 0; i < 1000; i++) fresh.addWorkingDays('2031-06-02', 10);
        new WorkingCalendar().workingDaysBetween('2031-01-01', '2031-12-31');
        expect(lookups).not.toHaveBeenCalled();
      } finally {
        lookups.mockRestore();
      }
    });

    // Counted, not timed (a timing depends on the machine's load): each call looks at each day it
    // spans once, in the year's table built once, so 100,000 calls cost 100,000 walks of ~20 days.
    it('should add 10 working days by looking at each day spanned once, in a table built once', () => {
      const fresh = new WorkingCalendar(ADJUSTMENTS_2025);
      fresh.isWorkingDay('2025-01-01');
      const internals = WorkingCalendar.prototype as unknown as {
        working(day: number): boolean;
        buildYear(year: number): unknown;
      };
      const looks = jest.spyOn(internals, 'working');
      const builds = jest.spyOn(internals, 'buildYear');
      try {
        const end = fresh.addWorkingDays('2025-01-20', 10); // across Tết: a long walk
        const spanned = (Date.parse(end) - Date.parse('2025-01-20')) / 86_400_000;
        expect(spanned).toBeGreaterThan(10);
        for (let i = 1; i < 1_000; i++) fresh.addWorkingDays('2025-01-20', 10);
        expect(looks).toHaveBeenCalledTimes(1_000 * spanned);
        expect(builds).not.toHaveBeenCalled();
      } finally {
        looks.mockRestore();
        builds.mockRestore();
      }
    });
  });
});
