import { WorkingCalendar } from '../calendar/working-calendar.js';
import type { PlannablePart } from './publication-plan.js';
import { describeProblem, planTasks, publishProblems } from './publication-plan.js';

const calendar = new WorkingCalendar();

function part(overrides: Partial<PlannablePart>): PlannablePart {
  return {
    id: 'p1',
    label: '1',
    assignee: 'Ủy ban nhân dân các xã, thị trấn',
    requested: false,
    resolution: 'group',
    deadline: null,
    unitIds: [],
    coordinators: [],
    ...overrides,
  };
}

describe(planTasks.name, () => {
  it('should give each lead unit one task, once, and partners that do not lead a coordinate task', () => {
    const [planned] = planTasks(
      [
        part({
          unitIds: ['a', 'b', 'a'],
          coordinators: [
            { name: 'X', resolution: 'group', unitIds: ['b', 'c'] },
            { name: 'Y', resolution: 'matched', unitIds: ['c'] },
          ],
        }),
      ],
      null,
      '2026-11-27',
      calendar,
    );
    expect(planned.leads).toEqual(['a', 'b']);
    expect(planned.partners).toEqual(['c']);
  });

  it('should count a default of N working days from the day of publication', () => {
    // Friday 27/11/2026 + 5 working days = Friday 4/12/2026; a part's own deadline wins.
    const plan = planTasks(
      [part({ id: 'p1' }), part({ id: 'p2', deadline: '2026-12-10' })],
      { workingDays: 5 },
      '2026-11-27',
      calendar,
    );
    expect(plan.map((p) => p.deadline)).toEqual(['2026-12-04', '2026-12-10']);
  });

  it('should move a deadline that falls on a day off to the next working day, keeping its time', () => {
    const [planned] = planTasks(
      [part({ deadline: '2026-12-05T16:00:00+07:00' })],
      null,
      '2026-11-27',
      calendar,
    );
    expect(planned.deadline).toBe('2026-12-07T16:00:00+07:00');
  });
});

describe(publishProblems.name, () => {
  it('should list every reason at once, in the API words', () => {
    const problems = publishProblems(
      [
        part({ label: '5', assignee: 'Trạm Y tế các xã', resolution: 'unmatched' }),
        part({
          label: '6',
          assignee: 'Đài',
          resolution: 'matched',
          unitIds: ['gone'],
          coordinators: [{ name: 'Hội X', resolution: 'unmatched', unitIds: [] }],
          deadline: '2026-12-10',
        }),
      ],
      null,
      new Set(['a']),
    );
    expect(problems.map((problem) => problem.kind)).toEqual([
      'unmatched',
      'no_deadline',
      'coordinator_unmatched',
      'inactive_units',
    ]);
    expect(describeProblem(problems[0])).toBe(
      'part 5 (Trạm Y tế các xã): no unit matches the assignee; choose units from the directory',
    );
    expect(describeProblem(problems[3])).toBe('part 6 (Đài): units no longer active: gone');
  });

  it('should find nothing to fix in a ready draft, and refuse one without parts', () => {
    expect(publishProblems([part({ unitIds: ['a'] })], { workingDays: 5 }, new Set(['a']))).toEqual(
      [],
    );
    expect(publishProblems([], null, new Set()).map(describeProblem)).toEqual([
      'the directive has no parts',
    ]);
  });
});
