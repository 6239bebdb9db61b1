/**
 * A reporting period's state (pure): `open` → `submitted` → `accepted` | `returned` → `submitted`
 * …; `missed` when its due instant passed without a submission (a late submission still moves it
 * to `submitted`, marked late); `cancelled` when its task ended or its recurrence changed before
 * it was due.
 */
export const PERIOD_STATUSES = [
  'open',
  'submitted',
  'accepted',
  'returned',
  'missed',
  'cancelled',
] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/** Statuses a unit may submit a report from (`missed`: late, kept and marked late). */
export const SUBMITTABLE: readonly PeriodStatus[] = ['open', 'missed', 'returned'];

/** Statuses waiting on the unit, for the unit's due list. */
export const AWAITING_UNIT: readonly PeriodStatus[] = ['open', 'missed', 'returned'];

/**
 * The status as of `now`: an `open` period past its due instant is `missed` even before the
 * worker's tick stores it, so answers are exact at any instant. Written once more in SQL
 * (`periodStatusSql` in period.sql.ts).
 */
export function periodStatusAt(
  period: { status: PeriodStatus; dueAt: Date },
  now: Date,
): PeriodStatus {
  return period.status === 'open' && period.dueAt.getTime() <= now.getTime()
    ? 'missed'
    : period.status;
}

/** Whether a report submitted at `submittedAt` is late for a period due at `dueAt`. */
export function isLate(dueAt: Date, submittedAt: Date): boolean {
  return submittedAt.getTime() > dueAt.getTime();
}
