import { WorkingCalendar } from '../calendar/working-calendar.js';
import { type FlagInput, taskFlags } from './task-flags.js';

const calendar = new WorkingCalendar();
// Deadline: end of Friday 4 December 2026 in Vietnam.
const due = new Date('2026-12-04T23:59:59.999+07:00');
const at = (iso: string) => new Date(iso);
const base: FlagInput = {
  status: 'in_progress',
  dueAt: due,
  reportedAt: null,
  lastUnitActivityAt: at('2026-12-01T09:00:00+07:00'),
};

describe(taskFlags.name, () => {
  it('should call an open task before its deadline in progress on time, and due soon within 3 working days', () => {
    const far = taskFlags(base, at('2026-11-27T10:00:00+07:00'), calendar);
    expect(far).toMatchObject({
      category: 'in_progress_on_time',
      overdue: false,
      dueSoon: false,
      noDeadline: false,
    });
    const near = taskFlags(base, at('2026-12-01T10:00:00+07:00'), calendar);
    expect(near).toMatchObject({ category: 'in_progress_on_time', dueSoon: true });
  });

  it('should call it overdue the moment the deadline passes, counting days late', () => {
    expect(taskFlags(base, at('2026-12-04T23:00:00+07:00'), calendar).overdue).toBe(false);
    const late = taskFlags(base, at('2026-12-07T08:00:00+07:00'), calendar);
    expect(late).toMatchObject({
      category: 'overdue',
      overdue: true,
      daysOverdue: 3,
      dueSoon: false,
    });
  });

  it('should judge a completed task by when the accepted report was submitted', () => {
    const onTime = taskFlags(
      { ...base, status: 'completed', reportedAt: at('2026-12-04T16:00:00+07:00') },
      at('2026-12-20T10:00:00+07:00'),
      calendar,
    );
    expect(onTime).toMatchObject({ category: 'completed_on_time', overdue: false, daysOverdue: 0 });
    const late = taskFlags(
      { ...base, status: 'completed', reportedAt: at('2026-12-08T09:00:00+07:00') },
      at('2026-12-20T10:00:00+07:00'),
      calendar,
    );
    expect(late).toMatchObject({ category: 'completed_late', daysOverdue: 4 });
  });

  it('should not count a paused or cancelled task as overdue', () => {
    const now = at('2026-12-10T10:00:00+07:00');
    expect(taskFlags({ ...base, status: 'paused' }, now, calendar)).toMatchObject({
      overdue: false,
      category: 'in_progress_on_time',
    });
    expect(taskFlags({ ...base, status: 'cancelled' }, now, calendar)).toMatchObject({
      overdue: false,
      category: null,
    });
  });

  it('should flag a task with no deadline', () => {
    const flags = taskFlags({ ...base, dueAt: null }, at('2030-01-01T00:00:00Z'), calendar);
    expect(flags).toMatchObject({
      noDeadline: true,
      overdue: false,
      dueSoon: false,
      category: 'in_progress_on_time',
    });
  });

  it('should call a task stale after 5 working days without word from the unit, not while awaiting review', () => {
    const quiet = { ...base, lastUnitActivityAt: at('2026-11-27T09:00:00+07:00') };
    // Friday 27/11 → Thursday 3/12 is 4 working days; Friday 4/12 is the 5th.
    expect(taskFlags(quiet, at('2026-12-03T10:00:00+07:00'), calendar).stale).toBe(false);
    expect(taskFlags(quiet, at('2026-12-04T10:00:00+07:00'), calendar).stale).toBe(true);
    expect(
      taskFlags({ ...quiet, status: 'reported' }, at('2026-12-04T10:00:00+07:00'), calendar).stale,
    ).toBe(false);
  });
});
