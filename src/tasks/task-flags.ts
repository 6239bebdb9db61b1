import { vietnamDate, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { TaskStatus } from './task-status.js';
import { CLOSED_STATUSES } from './task-workflow.js';

/**
 * Lateness and attention flags, derived (never stored) from a task's dates and "now":
 * the four categories of Vietnamese government reporting plus sắp quá hạn, không thời hạn and
 * tasks nobody updates. This is the definition; `task-flags.sql.ts` says the same for SQL, and
 * `test/task-flags.property.e2e-spec.ts` proves the two agree.
 */
export type TaskCategory =
  | 'completed_on_time' // hoàn thành đúng hạn
  | 'completed_late' // hoàn thành quá hạn
  | 'in_progress_on_time' // đang thực hiện trong hạn
  | 'overdue'; // quá hạn chưa hoàn thành

export interface TaskFlags {
  category: TaskCategory | null;
  overdue: boolean;
  /** Calendar days past the deadline (0 when not late). */
  daysOverdue: number;
  dueSoon: boolean;
  noDeadline: boolean;
  stale: boolean;
}

export interface FlagInput {
  status: TaskStatus;
  dueAt: Date | null;
  reportedAt: Date | null;
  lastUnitActivityAt: Date;
}

export interface FlagOptions {
  /** Sắp quá hạn: due within this many working days. */
  dueSoonWorkingDays: number;
  /** No update from the unit for this many working days. */
  staleWorkingDays: number;
}

export const DEFAULT_FLAG_OPTIONS: FlagOptions = { dueSoonWorkingDays: 3, staleWorkingDays: 5 };

const DAY_MS = 86_400_000;

/** Statuses whose deadline clock has stopped: closed, or paused (tạm hoãn). */
export const DEADLINE_STOPPED_STATUSES: readonly TaskStatus[] = [...CLOSED_STATUSES, 'paused'];
/** Statuses in which the next word is the unit's: its silence makes the task stale. */
export const UNITS_TURN_STATUSES: readonly TaskStatus[] = [
  'assigned',
  'received',
  'in_progress',
  'returned',
];

/** Open: not completed, not cancelled (a paused task is open). */
export function isOpen(status: TaskStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/** The deadline clock runs: open and not paused. Only such a task can fall overdue. */
export function deadlineRuns(status: TaskStatus): boolean {
  return !DEADLINE_STOPPED_STATUSES.includes(status);
}

/** Waiting on the unit (not on the reviewer, not paused). */
export function isUnitsTurn(status: TaskStatus): boolean {
  return UNITS_TURN_STATUSES.includes(status);
}

export function taskFlags(
  task: FlagInput,
  now: Date,
  calendar: WorkingCalendar,
  options: FlagOptions = DEFAULT_FLAG_OPTIONS,
): TaskFlags {
  const open = isOpen(task.status);
  const noDeadline = task.dueAt === null;
  // The deadline clock stops while a task is paused.
  const overdue = deadlineRuns(task.status) && task.dueAt !== null && now > task.dueAt;
  const today = vietnamDate(now);
  let daysOverdue = 0;
  if (task.dueAt && (overdue || task.status === 'completed')) {
    const end = task.status === 'completed' ? (task.reportedAt ?? now) : now;
    daysOverdue = Math.max(
      0,
      Math.round((Date.parse(vietnamDate(end)) - Date.parse(vietnamDate(task.dueAt))) / DAY_MS),
    );
  }
  let category: TaskCategory | null = null;
  if (task.status === 'completed') {
    const onTime = !task.dueAt || (task.reportedAt !== null && task.reportedAt <= task.dueAt);
    category = onTime ? 'completed_on_time' : 'completed_late';
    if (onTime) daysOverdue = 0;
  } else if (open) {
    category = overdue ? 'overdue' : 'in_progress_on_time';
  }
  const dueSoon =
    deadlineRuns(task.status) &&
    !overdue &&
    task.dueAt !== null &&
    calendar.workingDaysBetween(today, vietnamDate(task.dueAt)) <= options.dueSoonWorkingDays;
  // Waiting on the reviewer, or paused, is not the unit's silence.
  const stale =
    isUnitsTurn(task.status) &&
    calendar.workingDaysBetween(vietnamDate(task.lastUnitActivityAt), today) >=
      options.staleWorkingDays;
  return { category, overdue, daysOverdue, dueSoon, noDeadline, stale };
}
