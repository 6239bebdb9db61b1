import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { normalizeDeadline, onWorkingDay } from '../tasks/deadlines.js';
import type { DefaultDeadline } from './directive-status.js';

/** Reads a default deadline as clients send it: "2021-06-30", a date-time, or {workingDays}. */
export function normalizeDefaultDeadline(input: unknown): DefaultDeadline | null {
  if (typeof input === 'string') {
    const deadline = normalizeDeadline(input);
    if (!deadline) return null;
    return deadline.length === 10 ? { date: deadline } : { dateTime: deadline };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const keys = Object.keys(input);
  if (keys.length !== 1) return null;
  const value = (input as Record<string, unknown>)[keys[0]];
  if (keys[0] === 'workingDays') {
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 366
      ? { workingDays: value as number }
      : null;
  }
  if ((keys[0] === 'date' || keys[0] === 'dateTime') && typeof value === 'string') {
    return normalizeDefaultDeadline(value);
  }
  return null;
}

/**
 * The deadline a task gets at publication: the part's own, else the directive's default
 * (N working days count from the day of publication). A deadline landing on a day off moves
 * to the next working day, keeping its time.
 */
export function deadlineInForce(
  own: string | null,
  fallback: DefaultDeadline | null,
  publishedOn: string,
  calendar: WorkingCalendar,
): string | null {
  let deadline = own;
  if (!deadline && fallback) {
    if ('workingDays' in fallback)
      deadline = calendar.addWorkingDays(publishedOn, fallback.workingDays);
    else deadline = 'date' in fallback ? fallback.date : fallback.dateTime;
  }
  return deadline ? onWorkingDay(deadline, calendar) : null;
}
