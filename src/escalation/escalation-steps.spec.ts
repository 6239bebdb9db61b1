import { WorkingCalendar } from '../calendar/working-calendar.js';
import { DEFAULT_ESCALATION_POLICY } from './escalation-policy.js';
import {
  addDelay,
  cameNear,
  periodPolicyWith,
  plannedPeriodSteps,
  plannedSteps,
  policyWith,
  stepJobId,
  sweepReach,
  type StepTask,
} from './escalation-steps.js';

const calendar = new WorkingCalendar();
const task: StepTask = {
  role: 'lead',
  status: 'assigned',
  // Published Friday 27/11/2026 10:00, due Friday 4/12/2026 at the end of the day, in Hanoi.
  publishedAt: new Date('2026-11-27T10:00:00+07:00'),
  lastUnitActivityAt: new Date('2026-11-27T10:00:00+07:00'),
  dueAt: new Date('2026-12-04T23:59:59.999+07:00'),
};
const iso = (date: Date) => date.toISOString();

describe(plannedSteps.name, () => {
  it('should plan the default ladder in time order', () => {
    const steps = plannedSteps(task, DEFAULT_ESCALATION_POLICY, calendar);
    const byStep = Object.fromEntries(steps.map((s) => [s.step, s]));
    // Receipt: one working day after publication — Monday 30/11, 10:00.
    expect(iso(byStep.receipt.dueAt)).toBe('2026-11-30T03:00:00.000Z');
    // Stale: five working days after the last word — Friday 4/12, 10:00.
    expect(steps.find((s) => s.step.startsWith('stale-'))?.dueAt.toISOString()).toBe(
      '2026-12-04T03:00:00.000Z',
    );
    expect(iso(byStep.reminder.dueAt)).toBe('2026-12-03T16:59:59.999Z');
    expect(byStep['level-1']).toMatchObject({ level: 1, audience: 'unit', dueAt: task.dueAt });
    // Level 2: two working days after Friday — Tuesday 8/12; level 3 every three working days.
    expect(byStep['level-2']).toMatchObject({ level: 2, audience: 'chair' });
    expect(iso(byStep['level-2'].dueAt)).toBe('2026-12-08T16:59:59.999Z');
    expect(iso(byStep['level-3-1'].dueAt)).toBe('2026-12-11T16:59:59.999Z');
    expect(steps.filter((s) => s.level === 3)).toHaveLength(10);
    const times = steps.map((s) => s.dueAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('should not escalate coordinate tasks past level 1', () => {
    const steps = plannedSteps(
      { ...task, role: 'coordinate' },
      DEFAULT_ESCALATION_POLICY,
      calendar,
    );
    expect(Math.max(...steps.map((s) => s.level))).toBe(1);
  });

  it('should plan nothing for a closed or paused task, and no receipt reminder once received', () => {
    for (const status of ['completed', 'cancelled', 'paused'] as const) {
      expect(plannedSteps({ ...task, status }, DEFAULT_ESCALATION_POLICY, calendar)).toEqual([]);
    }
    const received = plannedSteps(
      { ...task, status: 'received' },
      DEFAULT_ESCALATION_POLICY,
      calendar,
    );
    expect(received.map((s) => s.step)).not.toContain('receipt');
  });

  it('should leave a reported task to the reviewer', () => {
    expect(
      plannedSteps({ ...task, status: 'reported' }, DEFAULT_ESCALATION_POLICY, calendar),
    ).toEqual([]);
  });

  it('should plan only what applies to a task without a deadline', () => {
    const steps = plannedSteps({ ...task, dueAt: null }, DEFAULT_ESCALATION_POLICY, calendar);
    expect(steps.map((s) => s.step.replace(/-.*/, ''))).toEqual(['receipt', 'stale']);
  });

  it('should take delays in hours when a policy says so', () => {
    const policy = policyWith(DEFAULT_ESCALATION_POLICY, {
      reminderBefore: { hours: 2 },
      level2After: { hours: 1 },
      level3Every: { hours: 1 },
      maxLevel3Rounds: 2,
      receiptReminderAfter: null,
      staleReminderAfter: null,
    });
    const steps = plannedSteps(task, policy, calendar);
    expect(steps.map((s) => [s.step, s.dueAt.toISOString()])).toEqual([
      ['reminder', '2026-12-04T14:59:59.999Z'],
      ['level-1', '2026-12-04T16:59:59.999Z'],
      ['level-2', '2026-12-04T17:59:59.999Z'],
      ['level-3-1', '2026-12-04T18:59:59.999Z'],
      ['level-3-2', '2026-12-04T19:59:59.999Z'],
    ]);
  });

  it('should skip a reminder that would fall before publication', () => {
    const soon = { ...task, dueAt: new Date(task.publishedAt.getTime() + 3_600_000) };
    expect(
      plannedSteps(soon, DEFAULT_ESCALATION_POLICY, calendar).map((s) => s.step),
    ).not.toContain('reminder');
  });
});

describe(addDelay.name, () => {
  it('should count working days over a weekend, keeping the time of day', () => {
    expect(
      addDelay(new Date('2026-11-27T10:00:00+07:00'), { workingDays: 1 }, calendar).toISOString(),
    ).toBe('2026-11-30T03:00:00.000Z');
  });
});

describe(stepJobId.name, () => {
  it('should be deterministic, colon-free and not numeric', () => {
    const id = stepJobId('7a1f9d7e-3b7c-4c51-9a43-5d0f8e7c2b10', 'level-1', 2);
    expect(id).toBe('esc-7a1f9d7e-3b7c-4c51-9a43-5d0f8e7c2b10-level-1-v2');
    expect(id).not.toContain(':');
  });
});

describe(plannedPeriodSteps.name, () => {
  const period = {
    number: 3,
    // Friday 4/12/2026 at 15:00 in Hanoi, created at publication a week before.
    dueAt: new Date('2026-12-04T15:00:00+07:00'),
    status: 'open',
    createdAt: new Date('2026-11-27T10:00:00+07:00'),
    taskOpen: true,
    earlierMissed: [] as boolean[],
  };
  const steps = (overrides: Partial<typeof period>, policy = periodPolicyWith(null)) =>
    plannedPeriodSteps({ ...period, ...overrides }, policy, calendar).map(
      (step) => `${step.step} ${step.audience} ${step.level} ${iso(step.dueAt)}`,
    );

  it('should remind the unit a day before and tell its head at the due instant', () => {
    expect(steps({})).toEqual([
      'p3-reminder unit 0 2026-12-03T08:00:00.000Z',
      'p3-missed head 1 2026-12-04T08:00:00.000Z',
    ]);
  });

  it('should tell the chair once the misses in a row reach the policy', () => {
    expect(steps({ earlierMissed: [true, false, true] })).toContain(
      'p3-chair chair 2 2026-12-04T08:00:00.000Z',
    );
    expect(steps({ earlierMissed: [false, true] }).some((s) => s.startsWith('p3-chair'))).toBe(
      false,
    );
    const three = periodPolicyWith({ periods: { chairAfterMisses: 3 } });
    expect(steps({ earlierMissed: [true] }, three).some((s) => s.startsWith('p3-chair'))).toBe(
      false,
    );
    expect(
      steps({ earlierMissed: [true, true] }, three).some((s) => s.startsWith('p3-chair')),
    ).toBe(true);
  });

  it('should stop for a submitted period and a closed task, and not remind a missed one', () => {
    expect(steps({ status: 'submitted' })).toEqual([]);
    expect(steps({ taskOpen: false })).toEqual([]);
    expect(steps({ status: 'missed' })).toEqual(['p3-missed head 1 2026-12-04T08:00:00.000Z']);
  });
});

describe(sweepReach.name, () => {
  it('should reach two sweep periods ahead, and call a step near once past the previous reach', () => {
    const now = new Date('2026-12-04T08:00:00Z');
    const minute = 60_000;
    expect(sweepReach(now, minute).toISOString()).toBe('2026-12-04T08:02:00.000Z');
    // The sweep a minute ago reached 08:01: a step due by then had its job (missing: lost).
    expect(cameNear(new Date('2026-12-04T08:01:00Z'), now, minute)).toBe(false);
    expect(cameNear(new Date('2026-12-04T07:59:00Z'), now, minute)).toBe(false);
    // Due after it, within this sweep's reach: planned only now.
    expect(cameNear(new Date('2026-12-04T08:01:00.001Z'), now, minute)).toBe(true);
    expect(cameNear(new Date('2026-12-04T08:02:00Z'), now, minute)).toBe(true);
  });
});
