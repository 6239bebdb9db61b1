import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { ComplianceFigures } from './compliance-figures.js';
import { daysPastDueSql, overdueSql } from '../tasks/task-flags.sql.js';
import { ComplianceService } from './compliance.service.js';
import type { ComplianceTotals, UnitComplianceRow } from './compliance.types.js';

/** One overdue task of a late unit, as a report or urging letter (công văn đôn đốc) lists it. */
export interface LateTaskData {
  taskId: string;
  /** The part's label as written in the letter: "1", "II". */
  partLabel: string;
  /** What the part asks. */
  assignmentText: string;
  /** The deadline in force as written ("2026-12-04" or with a time). */
  deadline: string | null;
  /** Whole calendar days late, in Asia/Ho_Chi_Minh. */
  daysLate: number;
  requested: boolean;
}

/** A unit with overdue tasks, and what it said about them. */
export interface LateUnitData {
  unit: { id: string; code: string; name: string };
  tasks: LateTaskData[];
  /**
   * The unit's stated reason, if any: the latest pending or rejected extension request's reason,
   * else the latest note the unit's people wrote on one of these tasks. Null when silent.
   */
  reason: string | null;
}

/**
 * Plain data for the documents rendered from a directive's compliance (the report, báo cáo, and
 * the urging letter, công văn đôn đốc): no HTTP, no entities, JSON-safe, dates as strings.
 */
export interface DirectiveReportData {
  /** The instant the figures hold at (ISO). */
  asOf: string;
  directive: {
    id: string;
    /** "451/UBND-VHTT" */
    number: string | null;
    issuer: string | null;
    subject: string | null;
    /** YYYY-MM-DD */
    issuedOn: string | null;
    /** Who signed the letter, e.g. "Nguyễn Văn A", "Chủ tịch" (null when not read). */
    signer: { name: string | null; position: string | null; capacity: string | null } | null;
  };
  /** The four categories, rates and days overdue, for orders and requests apart. */
  totals: ComplianceTotals;
  /** Every unit, orders rows then requests rows, worst first. */
  units: UnitComplianceRow[];
  /** Units with overdue tasks, worst first, their tasks longest overdue first. */
  lateUnits: LateUnitData[];
}

/**
 * A directive's overdue tasks with what their unit last said (the latest pending or rejected
 * extension request, the latest note of one of its people), by deadline. Parameters:
 * directive id, now.
 */
const LATE_TASKS_SQL = `
  SELECT t.id, t.unit_id, u.code, u.name, a.label, a.text, t.deadline, t.requested,
         ${daysPastDueSql('t', '$2::timestamptz')} AS days,
         (SELECT r.reason FROM task_requests r
           WHERE r.task_id = t.id AND r.status IN ('pending', 'rejected')
           ORDER BY r.requested_at DESC LIMIT 1) AS request_reason,
         (SELECT r.requested_at FROM task_requests r
           WHERE r.task_id = t.id AND r.status IN ('pending', 'rejected')
           ORDER BY r.requested_at DESC LIMIT 1) AS request_at,
         (SELECT ev.note FROM task_events ev JOIN users us ON us.id = ev.actor_id
           WHERE ev.task_id = t.id AND us.unit_id = t.unit_id AND ev.note IS NOT NULL AND ev.note <> ''
           ORDER BY ev.id DESC LIMIT 1) AS note,
         (SELECT ev.created_at FROM task_events ev JOIN users us ON us.id = ev.actor_id
           WHERE ev.task_id = t.id AND us.unit_id = t.unit_id AND ev.note IS NOT NULL AND ev.note <> ''
           ORDER BY ev.id DESC LIMIT 1) AS note_at
    FROM tasks t
    JOIN units u ON u.id = t.unit_id
    JOIN assignments a ON a.id = t.assignment_id
   WHERE t.directive_id = $1 AND ${overdueSql('t', '$2::timestamptz')}
   ORDER BY t.due_at, a.ordinal`;

/** A row of `LATE_TASKS_SQL`, as pg returns it. */
interface LateTaskSqlRow {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  label: string;
  text: string;
  deadline: string | null;
  requested: boolean;
  days: number;
  request_reason: string | null;
  request_at: Date | null;
  note: string | null;
  note_at: Date | null;
}

function lateTaskOf(row: LateTaskSqlRow): LateTaskData {
  return {
    taskId: row.id,
    partLabel: row.label,
    assignmentText: row.text,
    deadline: row.deadline,
    daysLate: row.days,
    requested: row.requested,
  };
}

/**
 * What the unit said about a late task and when: an extension request's reason speaks for the
 * delay more directly than a note, so it outranks any note.
 */
function statedReasonOf(row: LateTaskSqlRow): { reason: string | null; at: number } {
  if (row.request_reason !== null && row.request_at !== null)
    return { reason: row.request_reason, at: row.request_at.getTime() + 1e15 };
  if (row.note !== null && row.note_at !== null)
    return { reason: row.note, at: row.note_at.getTime() };
  return { reason: null, at: -1 };
}

const SYSTEM: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'report',
  fullName: 'report',
  role: 'admin',
  unitId: '00000000-0000-0000-0000-000000000000',
  bodyId: '00000000-0000-0000-0000-000000000000',
};

/** Builds {@link DirectiveReportData} for document rendering (the whole directive, every unit). */
@Injectable()
export class ComplianceReportData {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
  ) {}

  /**
   * The report data of a published directive at the Clock's instant; throws a 404-kind
   * `NotFoundError` for an unknown or unpublished one. Access checks are the caller's.
   */
  async directiveReportData(directiveId: string): Promise<DirectiveReportData> {
    const summary = await this.compliance.directive(directiveId, SYSTEM);
    const [meta] = await this.dataSource.query<
      Array<{ signer: DirectiveReportData['directive']['signer'] }>
    >(`SELECT signer FROM directives WHERE id = $1`, [directiveId]);
    if (!meta) throw new NotFoundError('directive', directiveId);
    const now = this.clock.now();
    const late = await this.dataSource.query<LateTaskSqlRow[]>(LATE_TASKS_SQL, [directiveId, now]);
    const byUnit = new Map<string, LateUnitData & { reasonAt: number }>();
    for (const row of late) {
      let unit = byUnit.get(row.unit_id);
      if (!unit) {
        unit = {
          unit: { id: row.unit_id, code: row.code, name: row.name },
          tasks: [],
          reason: null,
          reasonAt: -1,
        };
        byUnit.set(row.unit_id, unit);
      }
      unit.tasks.push(lateTaskOf(row));
      const { reason, at } = statedReasonOf(row);
      if (reason !== null && at > unit.reasonAt) {
        unit.reason = reason;
        unit.reasonAt = at;
      }
    }
    const order = new Map(summary.units.map((row, index) => [row.unit.id, index]));
    const lateUnits = [...byUnit.values()]
      .sort((a, b) => (order.get(a.unit.id) ?? 0) - (order.get(b.unit.id) ?? 0))
      .map(({ unit, tasks, reason }) => ({ unit, tasks, reason }));
    return {
      asOf: summary.asOf,
      directive: {
        ...summary.directive,
        signer: meta.signer ?? null,
      },
      totals: summary.totals,
      units: summary.units,
      lateUnits,
    };
  }
}

export type { ComplianceFigures };
