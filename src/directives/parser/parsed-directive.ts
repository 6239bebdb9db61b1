import type { Milestone, ParsedSubtask, Recurrence } from '../../tasks/recurrence.js';

// A part's recurrence, sub-items and milestones are what its tasks show (jsonb): tasks declares
// their shape.
export type { Frequency, Milestone, ParsedSubtask, Recurrence } from '../../tasks/recurrence.js';

/** The structured draft the parser proposes for a directive. Field names are an interface. */
export interface ParsedDirective {
  documentType: string | null;
  number: string | null;
  issuer: string | null;
  place: string | null;
  /** YYYY-MM-DD */
  issuedOn: string | null;
  subject: string | null;
  recipients: string[];
  references: DirectiveReference[];
  targets: DirectiveTarget[];
  assignments: ParsedAssignment[];
  signer: Signer | null;
  distribution: string[];
  /** What the parser could not read or chose to skip, each with its line number. */
  warnings: string[];
}

export interface DirectiveReference {
  documentType: string;
  /** Null for a law cited by its name and date or year ("Luật Đất đai năm 2024"). */
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  subject: string | null;
}

export interface DirectiveTarget {
  indicator: string;
  baseline: {
    value: number | null;
    of: number | null;
    percent: number | null;
    asOf: string | null;
  } | null;
  /** Null when the letter gives only the current figure ("hiện có 9/16 xã đạt chuẩn"). */
  target: TargetGoal | null;
}

export interface TargetGoal {
  percent: number;
  comparator: 'min' | 'max';
}

export interface ParsedAssignment {
  ordinal: number;
  label: string;
  /** The body as written, without the introducing verb and trailing colon. */
  assignee: string;
  /** The head's title when the part names a person ("Giám đốc Sở Y tế" → "Giám đốc"). */
  assigneeTitle?: string;
  role: 'lead';
  /** Asked ("Đề nghị …") rather than ordered. */
  requested: boolean;
  coordinators: string[];
  text: string;
  /** "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:00+07:00" when a time is given. */
  deadline: string | null;
  recurrence: Recurrence | null;
  subtasks?: ParsedSubtask[];
  /** Each dated step of the part, in order; `deadline` is the last one's. */
  milestones?: Milestone[];
}

export interface Signer {
  name: string | null;
  position: string | null;
  capacity: string | null;
}
