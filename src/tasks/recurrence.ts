/**
 * A part's recurrence, sub-items and dated steps as the parser reads them from the letter and as tasks keep
 * them (jsonb columns of assignments and tasks). Declared here, below directives, which
 * re-exports them with the parser's output.
 */
/** How often a part recurs, most frequent first (the order forms list them in). */
export const FREQUENCIES = [
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'half-yearly',
  'yearly',
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Recurrence {
  frequency: Frequency;
  /** The day it falls on, as written: "thứ Sáu", "ngày 25". */
  detail: string | null;
  /** HH:MM when a time is given. */
  time: string | null;
  /** YYYY-MM-DD: the day it stops ("đến hết tháng 4/2026"), when written. */
  until?: string | null;
  /**
   * YYYY-MM-DD: the day it starts (bắt đầu), when the clerk sets one: periods start at the later
   * of publication and this day.
   */
  from?: string | null;
}

/** One dated step of a part: a work date, then a report date; the part's deadline is the last. */
export interface Milestone {
  text: string;
  /** "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:00+07:00" when a time is given. */
  deadline: string;
  /** "report" when the step is sending a report (báo cáo), else "work". */
  kind: 'work' | 'report';
}

export interface ParsedSubtask {
  label: string;
  text: string;
  deadline: string | null;
  recurrence: Recurrence | null;
}
