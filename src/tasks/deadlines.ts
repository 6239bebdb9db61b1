import type { WorkingCalendar } from '../calendar/working-calendar.js';

/**
 * Deadlines as dondoc stores them: "YYYY-MM-DD" for a day, or "YYYY-MM-DDTHH:MM:SS+07:00" when
 * a time is set. Vietnam keeps one offset all year (+07:00), so local times need no zone rules.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const VIETNAM_OFFSET_MS = 7 * 3600_000;

function validDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day
  );
}

/**
 * A deadline as a person or client writes it, in dondoc's form; null when it is not one.
 * A time without an offset is Vietnam time; one with another offset is converted to it.
 */
export function normalizeDeadline(input: string): string | null {
  const text = input.trim();
  if (validDate(text)) return text;
  const match = DATE_TIME.exec(text);
  if (!match || !validDate(match[1])) return null;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = match[5];
  const seconds = String(second).padStart(2, '0');
  if (!offset || offset === '+07:00') return `${match[1]}T${match[2]}:${match[3]}:${seconds}+07:00`;
  const instant = new Date(
    `${match[1]}T${match[2]}:${match[3]}:${String(second).padStart(2, '0')}${offset}`,
  );
  return toVietnamDateTime(instant);
}

/** An instant as "YYYY-MM-DDTHH:MM:SS+07:00". */
export function toVietnamDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}

/** "2021-06-30" → "2021-06-30", and the same for a date-time's day. */
export function deadlineDate(deadline: string): string {
  return deadline.slice(0, 10);
}

/** When a deadline has passed: the end of its day in Vietnam for a date, else its instant. */
export function deadlineInstant(deadline: string): Date {
  return deadline.length === 10 ? new Date(`${deadline}T23:59:59.999+07:00`) : new Date(deadline);
}

/**
 * The working-day rule for a due day: a deadline (or a reporting period's due instant) that
 * lands on a day off moves to the next working day, keeping its time. One rule for both.
 */
export function onWorkingDay(deadline: string, calendar: WorkingCalendar): string {
  return calendar.nextWorkingDay(deadlineDate(deadline)) + deadline.slice(10);
}
