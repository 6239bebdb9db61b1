import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { Clock } from '../core/clock.js';
import { preparedQuery } from '../core/database/prepared-query.js';
import { missedAtDueSql } from '../periods/period.sql.js';
import type { EscalationPolicy } from './escalation-policy.js';
import {
  EscalationPlanner,
  stepJob,
  type StepJobSpec,
  type TaskSelection,
} from './escalation-planner.service.js';
import { type PlannedStep, plannedPeriodSteps, periodPolicyWith } from './escalation-steps.js';

/** A reporting period as the planner reads it; `$1` of every query is now. */
export interface PeriodPlanningRow {
  id: string;
  task_id: string;
  number: number;
  due_at: Date;
  status: string;
  created_at: Date;
  task_open: boolean;
  escalation_policy: Partial<EscalationPolicy> | null;
  fired: string[] | null;
  /** The earlier periods already due, newest first: missed at their due instant? */
  earlier_missed: boolean[];
}

/** A period's planning row with what its messages need. */
export interface PeriodFiringRow extends PeriodPlanningRow {
  unit_id: string;
  unit_name: string;
  directive_number: string | null;
  subject: string | null;
  instruction: string;
  starts_on: string;
  ends_on: string;
  /** The period row's `xmin`: a report changes it. */
  row_version: string;
}

// Chair steps look back this many periods at most (policy.chairAfterMisses is capped below it).
const STREAK_WINDOW = 20;
// The sweep looks at periods due within this many days back: older ladders have run out.
const SWEEP_LOOKBACK_DAYS = 14;

const PERIOD_PLANNING_COLUMNS = `
  p.id, p.task_id, p.number, p.due_at, p.status, p.created_at,
  t.status NOT IN ('completed', 'cancelled') AS task_open, d.escalation_policy,
  (SELECT array_agg(e.step) FROM escalations e
    WHERE e.task_id = p.task_id AND e.period_id = p.id AND e.deadline_version = 0) AS fired,
  ARRAY(SELECT ${missedAtDueSql('q')} FROM task_periods q
         WHERE q.task_id = p.task_id AND q.number < p.number AND q.status <> 'cancelled'
           AND q.due_at <= $1
         ORDER BY q.number DESC LIMIT ${STREAK_WINDOW}) AS earlier_missed`;

const PRESSED = `p.status IN ('open', 'missed')`;

/**
 * Plans the ladder of reporting periods (each pressed like a small task): the same queue, job
 * name, deterministic job ids (`esc-<task>-p<n>-<rung>-v0`) and reconciliation as task steps;
 * the escalations table's unique key (task, step, version 0) keeps each rung single.
 */
@Injectable()
export class PeriodEscalationPlanner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly planner: EscalationPlanner,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  unfired(row: PeriodPlanningRow, calendar: WorkingCalendar): PlannedStep[] {
    const fired = new Set(row.fired ?? []);
    return plannedPeriodSteps(
      {
        number: row.number,
        dueAt: row.due_at,
        status: row.status,
        createdAt: row.created_at,
        taskOpen: row.task_open,
        earlierMissed: row.earlier_missed,
      },
      periodPolicyWith(row.escalation_policy),
      calendar,
    ).filter((step) => !fired.has(step.step));
  }

  /** The pressed periods of these tasks and of every task of these directives. */
  async rowsFor(
    manager: EntityManager | DataSource,
    which: TaskSelection,
  ): Promise<PeriodPlanningRow[]> {
    const directiveIds = which.directiveIds ?? [];
    if (which.taskIds.length === 0 && directiveIds.length === 0) return [];
    return manager.query<PeriodPlanningRow[]>(
      `SELECT ${PERIOD_PLANNING_COLUMNS}
         FROM task_periods p JOIN tasks t ON t.id = p.task_id JOIN directives d ON d.id = t.directive_id
        WHERE ${PRESSED}
          -- The tasks first (a BitmapOr of their two indexes), then their periods by task: an OR
          -- across the two tables would scan both whole, whatever the selection's size.
          AND p.task_id IN (SELECT s.id FROM tasks s
                             WHERE s.id = ANY($2::uuid[]) OR s.directive_id = ANY($3::uuid[]))`,
      [this.clock.now(), which.taskIds, directiveIds],
    );
  }

  /**
   * Enqueues the unfired rungs of these tasks' pressed periods that are due within the sweep's
   * reach (`EscalationPlanner.sweepHorizon`); the sweep plans the later ones as they come near.
   * A publication materialises five weeks of periods for every unit: planning all their rungs
   * at once would put thousands of jobs in Redis weeks ahead, for periods that may well be
   * reported, changed or cancelled first. Returns the jobs added.
   */
  async schedule(manager: EntityManager | DataSource, which: TaskSelection): Promise<number> {
    const horizon = this.planner.sweepHorizon(this.clock.now());
    const jobs = await this.jobsOf(await this.rowsFor(manager, which), horizon);
    await this.planner.addJobs(jobs);
    return jobs.length;
  }

  /**
   * The sweep: every pressed period of an open task, due from two weeks back on, gets the jobs
   * of its rungs due before `horizon` that Redis does not hold — rungs coming within reach for
   * the first time, and jobs Redis lost (a chair rung too, once the earlier misses make it due).
   */
  async restore(horizon: Date): Promise<StepJobSpec[]> {
    const restored: StepJobSpec[] = [];
    let after: string | null = null;
    for (;;) {
      const rows: PeriodPlanningRow[] = await this.dataSource.query<PeriodPlanningRow[]>(
        `SELECT ${PERIOD_PLANNING_COLUMNS}
           FROM task_periods p JOIN tasks t ON t.id = p.task_id JOIN directives d ON d.id = t.directive_id
          WHERE ${PRESSED} AND t.status NOT IN ('completed', 'cancelled')
            AND p.due_at > $1::timestamptz - make_interval(days => $2)
            AND ($3::uuid IS NULL OR p.id > $3)
          ORDER BY p.id LIMIT 2000`,
        [this.clock.now(), SWEEP_LOOKBACK_DAYS, after],
      );
      if (rows.length === 0) return restored;
      restored.push(...(await this.planner.addMissingJobs(await this.jobsOf(rows, horizon))));
      after = rows[rows.length - 1].id;
    }
  }

  /** One period for firing, with the row's version; one prepared statement. */
  async rowForFiring(periodId: string): Promise<PeriodFiringRow | undefined> {
    const [row] = await preparedQuery<PeriodFiringRow>(
      this.dataSource,
      'period-escalation-firing-row',
      `SELECT ${PERIOD_PLANNING_COLUMNS},
              t.unit_id, u.name AS unit_name, d.number AS directive_number, d.subject,
              a.text AS instruction, to_char(p.starts_on, 'YYYY-MM-DD') AS starts_on,
              to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on, p.xmin::text AS row_version
         FROM task_periods p
         JOIN tasks t ON t.id = p.task_id
         JOIN directives d ON d.id = t.directive_id
         JOIN units u ON u.id = t.unit_id
         JOIN assignments a ON a.id = t.assignment_id
        WHERE p.id = $2`,
      [this.clock.now(), periodId],
    );
    return row;
  }

  private async jobsOf(rows: PeriodPlanningRow[], horizon: Date): Promise<StepJobSpec[]> {
    if (rows.length === 0) return [];
    const calendar = await this.calendar.calendar();
    const now = this.clock.now().getTime();
    return rows.flatMap((row) =>
      this.unfired(row, calendar)
        .filter((step) => step.dueAt <= horizon)
        .map((step) =>
          stepJob(
            { taskId: row.task_id, step: step.step, deadlineVersion: 0, periodId: row.id },
            step,
            now,
          ),
        ),
    );
  }
}
