import { vietnamDate, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { Role } from '../core/access/role.js';
import { deadlineRuns, isUnitsTurn } from '../tasks/task-flags.js';
import type { TaskRole, TaskStatus } from '../tasks/task-status.js';
import {
  DEFAULT_PERIOD_POLICY,
  type Delay,
  type EscalationPolicy,
  type PeriodEscalationPolicy,
} from './escalation-policy.js';

/**
 * Who a step speaks to: the unit itself (head and officers), its head alone, or the chair (and
 * the directive's signer).
 */
export type Audience = 'unit' | 'head' | 'chair';

export interface PlannedStep {
  /** Stable within a deadline version: part of the job id and of the escalation's unique key. */
  step: string;
  /** 0 for reminders, 1–3 for escalation levels. */
  level: number;
  dueAt: Date;
  audience: Audience;
}

export interface StepTask {
  role: TaskRole;
  status: TaskStatus;
  dueAt: Date | null;
  publishedAt: Date;
  lastUnitActivityAt: Date;
}

const HOUR_MS = 3_600_000;
const VIETNAM_OFFSET_MS = 7 * HOUR_MS;

// Vietnam has kept UTC+7 without daylight saving since 13 June 1975: from 1976 on, an instant's
// date there is plain arithmetic (the Intl time-zone lookup costs more than the rest of planning).
const FIXED_OFFSET_FROM = Date.UTC(1976, 0, 1);

function dateInVietnam(instant: Date): string {
  const at = instant.getTime();
  if (at < FIXED_OFFSET_FROM) return vietnamDate(instant);
  return new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

// Planning a publication or a sweep moves the same few instants (one deadline, one publication
// time) by the same few delays thousands of times: remembered per calendar, which is replaced
// whenever its adjustments change. Bounded, as a calendar lives for a while.
const MOVED_MAX = 20_000;
const moved = new WeakMap<WorkingCalendar, Map<string, number>>();

/** An instant moved by a delay: hours exactly, working days on the calendar at the same time of day. */
export function addDelay(
  instant: Date,
  delay: Delay,
  calendar: WorkingCalendar,
  sign: 1 | -1 = 1,
): Date {
  let known = moved.get(calendar);
  if (!known) {
    known = new Map();
    moved.set(calendar, known);
  }
  const key = `${instant.getTime()} ${sign * (delay.workingDays ?? 0)} ${sign * (delay.hours ?? 0)}`;
  const cached = known.get(key);
  if (cached !== undefined) return new Date(cached);
  let at = instant.getTime();
  if (delay.workingDays) {
    const day = dateInVietnam(instant);
    const target = calendar.addWorkingDays(day, sign * delay.workingDays);
    at += Date.parse(`${target}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`);
  }
  if (delay.hours) at += sign * delay.hours * HOUR_MS;
  if (known.size >= MOVED_MAX) known.clear();
  known.set(key, at);
  return new Date(at);
}

/**
 * Every step the policy plans for a task in its current state, in time order. Pure: the
 * scheduler enqueues these, and the processor recomputes them at fire time and acts only if its
 * step is still planned — a task completed, paused or given a new deadline plans nothing old.
 */
export function plannedSteps(
  task: StepTask,
  policy: EscalationPolicy,
  calendar: WorkingCalendar,
): PlannedStep[] {
  if (!deadlineRuns(task.status)) return [];
  const steps: PlannedStep[] = [];
  if (task.status === 'assigned' && policy.receiptReminderAfter) {
    steps.push({
      step: 'receipt',
      level: 0,
      dueAt: addDelay(task.publishedAt, policy.receiptReminderAfter, calendar),
      audience: 'unit',
    });
  }
  // A task waiting on its unit and quiet for too long; the step is tied to the last word heard.
  if (isUnitsTurn(task.status) && policy.staleReminderAfter) {
    const minute = Math.floor(task.lastUnitActivityAt.getTime() / 60_000).toString(36);
    steps.push({
      step: `stale-${minute}`,
      level: 0,
      dueAt: addDelay(task.lastUnitActivityAt, policy.staleReminderAfter, calendar),
      audience: 'unit',
    });
  }
  // A report waiting for review is the reviewer's turn: no reminders or escalation to the unit.
  if (task.dueAt && task.status !== 'reported') {
    if (policy.reminderBefore) {
      const at = addDelay(task.dueAt, policy.reminderBefore, calendar, -1);
      if (at > task.publishedAt)
        steps.push({ step: 'reminder', level: 0, dueAt: at, audience: 'unit' });
    }
    steps.push({ step: 'level-1', level: 1, dueAt: task.dueAt, audience: 'unit' });
    if (task.role === 'lead') {
      const level2 = addDelay(task.dueAt, policy.level2After, calendar);
      steps.push({ step: 'level-2', level: 2, dueAt: level2, audience: 'chair' });
      let at = level2;
      for (let round = 1; round <= policy.maxLevel3Rounds; round++) {
        at = addDelay(at, policy.level3Every, calendar);
        steps.push({ step: `level-3-${round}`, level: 3, dueAt: at, audience: 'chair' });
      }
    }
  }
  return steps.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * The sweep's reach from `now`: two sweep periods. Every sweep gives each step due before its
 * reach that has no escalation row its job, so a step gets its job at least one period before it
 * is due even if one sweep runs late; what is due later is left to a later sweep. Publication and
 * every other planning enqueue only what is due within the same reach: Redis holds what is near,
 * the database is the schedule.
 */
export function sweepReach(now: Date, sweepMs: number): Date {
  return new Date(now.getTime() + 2 * sweepMs);
}

/**
 * Whether a step the sweep at `now` finds without a job is only now coming within its reach
 * (due after the reach of the sweep one period earlier), rather than a job Redis lost: a step
 * within that earlier reach was planned then, by that sweep or by the planning before it.
 */
export function cameNear(dueAt: Date, now: Date, sweepMs: number): boolean {
  return dueAt > sweepReach(new Date(now.getTime() - sweepMs), sweepMs);
}

/** The job id of a step: deterministic, no ':' and never purely numeric. */
export function stepJobId(taskId: string, step: string, deadlineVersion: number): string {
  return `esc-${taskId}-${step}-v${deadlineVersion}`;
}

/** Who receives a step: these roles, of the task's unit only or anywhere (the chairs). */
export function recipientsOf(audience: Audience): { roles: Role[]; ownUnit: boolean } {
  switch (audience) {
    case 'unit':
      return { roles: ['unit_head', 'unit_officer'], ownUnit: true };
    case 'head':
      return { roles: ['unit_head'], ownUnit: true };
    case 'chair':
      return { roles: ['chair'], ownUnit: false };
  }
}

/** A reporting period as its ladder reads it. */
export interface StepPeriod {
  number: number;
  dueAt: Date;
  /** As stored: `open` or `missed` press on; anything else (submitted …) stops the ladder. */
  status: string;
  /** When the period was created (no reminder before it existed). */
  createdAt: Date;
  /** Whether the task is still open (not completed or cancelled). */
  taskOpen: boolean;
  /**
   * For the periods before this one, newest first (cancelled ones left out), whether each was
   * missed at its due instant; only those already due.
   */
  earlierMissed: boolean[];
}

/** The step name of a period's rung: `p<number>-reminder`, `-missed`, `-chair`. */
export function periodStepName(number: number, rung: 'reminder' | 'missed' | 'chair'): string {
  return `p${number}-${rung}`;
}

/**
 * Every step the period ladder plans for a period now (pure, like `plannedSteps`): the reminder,
 * the miss notice to the unit's head at the due instant, and the chair when the misses in a row
 * (this one and the earlier ones already due) reach `chairAfterMisses`. The chair step depends
 * on earlier periods, so it appears once they were missed: the sweep plans it then.
 */
export function plannedPeriodSteps(
  period: StepPeriod,
  policy: PeriodEscalationPolicy,
  calendar: WorkingCalendar,
): PlannedStep[] {
  if (!period.taskOpen || (period.status !== 'open' && period.status !== 'missed')) return [];
  const steps: PlannedStep[] = [];
  if (policy.reminderBefore && period.status === 'open') {
    const at = addDelay(period.dueAt, policy.reminderBefore, calendar, -1);
    if (at > period.createdAt) {
      steps.push({
        step: periodStepName(period.number, 'reminder'),
        level: 0,
        dueAt: at,
        audience: 'unit',
      });
    }
  }
  steps.push({
    step: periodStepName(period.number, 'missed'),
    level: 1,
    dueAt: period.dueAt,
    audience: 'head',
  });
  const inARow = 1 + leadingTrue(period.earlierMissed);
  if (policy.chairAfterMisses > 0 && inARow >= policy.chairAfterMisses) {
    steps.push({
      step: periodStepName(period.number, 'chair'),
      level: 2,
      dueAt: addDelay(period.dueAt, policy.chairAfter, calendar),
      audience: 'chair',
    });
  }
  return steps;
}

function leadingTrue(flags: boolean[]): number {
  const first = flags.indexOf(false);
  return first === -1 ? flags.length : first;
}

/** The period ladder of a directive: its overrides over the defaults. */
export function periodPolicyWith(
  override: Partial<EscalationPolicy> | null | undefined,
): PeriodEscalationPolicy {
  return { ...DEFAULT_PERIOD_POLICY, ...(override?.periods ?? {}) };
}

/** Merges a partial policy (from a directive or a publish request) over the defaults. */
export function policyWith(
  base: EscalationPolicy,
  override: Partial<EscalationPolicy> | null | undefined,
): EscalationPolicy {
  return { ...base, ...(override ?? {}) };
}

/** For messages: whole calendar days from a deadline to an instant in Vietnam (0 if not late). */
export function daysLate(dueAt: Date, at: Date): number {
  const day = (instant: Date) =>
    Math.floor((instant.getTime() + VIETNAM_OFFSET_MS) / (24 * HOUR_MS));
  return Math.max(0, day(at) - day(dueAt));
}
