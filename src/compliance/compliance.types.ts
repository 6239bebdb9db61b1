import type { PeriodCell, PeriodFigures } from '../periods/period-cell.js';
import type {
  Classification,
  ClassificationRules,
  ComplianceFigures,
} from './compliance-figures.js';

/**
 * Response shapes of the compliance endpoints. Requests (đề nghị: bodies outside the issuer's
 * authority, `tasks.requested`) are scored apart through a `requested` dimension: every row is
 * either orders (`requested: false`) or requests (`requested: true`), never both, and totals
 * come as `orders` and `requests`.
 */
export interface ComplianceRow extends ComplianceFigures {
  requested: boolean;
  /** The highest escalation level any of the row's tasks reached (0: reminders only). */
  escalationLevel: number | null;
  /** The latest word from the row's units. */
  lastActivityAt: string | null;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface AssignmentComplianceRow extends ComplianceRow {
  assignment: { id: string; ordinal: number; label: string; text: string };
}

export interface UnitComplianceRow extends ComplianceRow {
  unit: UnitRef;
}

export interface ComplianceTotals {
  orders: ComplianceFigures;
  requests: ComplianceFigures;
}

export interface DirectiveRef {
  id: string;
  number: string | null;
  issuer: string | null;
  subject: string | null;
  issuedOn: string | null;
}

export interface DirectiveCompliance {
  /** The instant the figures hold at (the Clock's). */
  asOf: string;
  directive: DirectiveRef;
  totals: ComplianceTotals;
  /** Worst first (orders rows, then requests rows). */
  assignments: AssignmentComplianceRow[];
  units: UnitComplianceRow[];
  /**
   * With `?depth=all` only: for each of the directive's tasks a body carried down (triển khai),
   * the directive that carried it down with its own figures, and so on to any depth.
   */
  carriedDown?: CarriedDownCompliance[];
}

/** A carried-down directive's figures (as a directive's), under the task it carries down. */
export interface CarriedDownCompliance {
  /** The task carried down, and the unit (the body) that received it. */
  task: { id: string; unit: UnitRef };
  directive: DirectiveRef;
  /** Levels below the directive asked for (1: carries one of its tasks down). */
  depth: number;
  totals: ComplianceTotals;
  /** Worst first (orders rows, then requests rows). */
  units: UnitComplianceRow[];
  carriedDown: CarriedDownCompliance[];
}

export interface RankedUnitRow extends UnitComplianceRow {
  /** 1 = worst, within its `requested` dimension. */
  rank: number;
  /** Directives of the period that gave the unit a task. */
  directives: number;
  /** Khen / phê bình by the configured rules; requests are never classified. */
  classification: Classification | null;
}

export interface UnitsCompliance {
  asOf: string;
  from: string;
  to: string;
  rules: ClassificationRules;
  totals: ComplianceTotals;
  /** Orders rows ranked worst first, then requests rows ranked apart. */
  items: RankedUnitRow[];
}

export interface OpenDirectiveRow extends ComplianceFigures {
  directive: DirectiveRef;
  /** `overdue` while any task is overdue, else `on_track`. Orders and requests together. */
  state: 'overdue' | 'on_track';
}

export interface OverdueTaskRow {
  taskId: string;
  status: string;
  requested: boolean;
  deadline: string | null;
  dueAt: string;
  daysOverdue: number;
  escalationLevel: number | null;
  unit: UnitRef;
  directive: { id: string; number: string | null; subject: string | null };
  assignment: { label: string; text: string };
}

export interface RecentEscalationRow {
  escalationId: string;
  step: string;
  level: number;
  firedAt: string;
  taskId: string;
  unit: UnitRef;
  directive: { id: string; number: string | null; subject: string | null };
}

export interface ComplianceOverview {
  asOf: string;
  /** Published directives with an open task, worst first (at most 100). */
  openDirectives: OpenDirectiveRow[];
  /** Overdue tasks, longest overdue first (at most 50). */
  overdueTasks: OverdueTaskRow[];
  /** The latest escalations (level ≥ 1, at most 20). */
  recentEscalations: RecentEscalationRow[];
}

/** A column of the period grid: one span and due instant (units of one part share them). */
export interface PeriodGridColumn {
  /** The span, both days included (YYYY-MM-DD, Vietnam). */
  from: string;
  to: string;
  /** The due instant (ISO 8601). */
  dueAt: string;
}

/** A unit's row of the period grid: its figures over the range, and a cell per column. */
export interface PeriodGridRow extends PeriodFigures {
  unit: { id: string; code: string; name: string };
  /** One per column, in column order; null where the unit has no period in that column. */
  cells: Array<PeriodCell | null>;
}

/**
 * `GET /api/compliance/directives/:id/periods`: reporting on periods due in [from, to], units ×
 * periods, worst units first (period-cell.ts: the cell rule, the figures, the order).
 */
export interface PeriodGrid {
  asOf: string;
  directive: DirectiveRef;
  from: string;
  to: string;
  columns: PeriodGridColumn[];
  totals: PeriodFigures;
  units: PeriodGridRow[];
}
