/**
 * The figures of compliance (pure): the four categories of government reporting and the rates
 * computed from them. The SQL in `compliance-sql.ts` produces the counts; this file turns them
 * into rates, classifies units and orders rows worst first.
 */

/** Counts of one row (cancelled tasks are never counted). */
export interface ComplianceCounts {
  /** Every task counted: the four categories add up to it. */
  total: number;
  completedOnTime: number; // hoàn thành đúng hạn
  completedLate: number; // hoàn thành quá hạn
  inProgressOnTime: number; // đang thực hiện trong hạn (paused and deadline-less tasks included)
  overdue: number; // quá hạn chưa hoàn thành
  /** Chưa tiếp nhận: still `assigned`, a subset of the open categories shown apart. */
  notReceived: number;
  /** Calendar days (Asia/Ho_Chi_Minh) past the deadline of overdue tasks: the worst and the sum. */
  daysOverdueMax: number;
  daysOverdueSum: number;
}

export interface ComplianceFigures extends ComplianceCounts {
  completed: number;
  /** completed ÷ (completed + overdue); tasks still within their deadline are left out. */
  completionRate: number | null;
  /** completedOnTime ÷ completed. */
  onTimeRate: number | null;
  /** (completedLate + overdue) ÷ (completed + overdue): the late share used for praise. */
  lateRate: number | null;
}

export type Classification = 'praise' | 'criticism';

export interface ClassificationRules {
  /** Praise (khen): completion rate at least this… */
  praiseMinCompletion: number;
  /** …and a late share below this. */
  praiseMaxLate: number;
  /** Criticism (phê bình): completion rate below this. */
  criticismBelow: number;
}

export const DEFAULT_CLASSIFICATION_RULES: ClassificationRules = {
  praiseMinCompletion: 0.9,
  praiseMaxLate: 0.1,
  criticismBelow: 0.5,
};

/** A ratio rounded to 4 decimals, or null when nothing is there to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export function figures(counts: ComplianceCounts): ComplianceFigures {
  const completed = counts.completedOnTime + counts.completedLate;
  const judged = completed + counts.overdue;
  return {
    ...counts,
    completed,
    completionRate: ratio(completed, judged),
    onTimeRate: ratio(counts.completedOnTime, completed),
    lateRate: ratio(counts.completedLate + counts.overdue, judged),
  };
}

/** Praise, criticism or neither; nothing judged yet (no rate) is neither. */
export function classify(
  row: Pick<ComplianceFigures, 'completionRate' | 'lateRate'>,
  rules: ClassificationRules,
): Classification | null {
  if (row.completionRate === null) return null;
  if (row.completionRate < rules.criticismBelow) return 'criticism';
  if (row.completionRate >= rules.praiseMinCompletion && (row.lateRate ?? 0) < rules.praiseMaxLate)
    return 'praise';
  return null;
}

/**
 * Worst first: the lowest completion rate (rows without one last), then the most overdue
 * tasks, then the most days overdue.
 */
export function worstFirst(
  a: Pick<ComplianceFigures, 'completionRate' | 'overdue' | 'daysOverdueSum'>,
  b: Pick<ComplianceFigures, 'completionRate' | 'overdue' | 'daysOverdueSum'>,
): number {
  if (a.completionRate !== b.completionRate) {
    if (a.completionRate === null) return 1;
    if (b.completionRate === null) return -1;
    return a.completionRate - b.completionRate;
  }
  return b.overdue - a.overdue || b.daysOverdueSum - a.daysOverdueSum;
}
