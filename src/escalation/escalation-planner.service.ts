import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { AppConfig } from '../core/config/app-config.js';
import { Clock } from '../core/clock.js';
import { deadlineRunsSql } from '../tasks/task-flags.sql.js';
import type { TaskRole, TaskStatus } from '../tasks/task-status.js';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from './escalation-policy.js';
import {
  cameNear,
  type PlannedStep,
  plannedSteps,
  policyWith,
  stepJobId,
  sweepReach,
} from './escalation-steps.js';
import { preparedQuery } from '../core/database/prepared-query.js';
import {
  ESCALATION_JOBS,
  ESCALATION_QUEUE,
  STEP_JOB_OPTIONS,
  type StepJob,
} from './escalation.constants.js';

/** A task as the planner reads it: its state, its directive's policy and publication. */
export interface PlanningRow {
  id: string;
  role: TaskRole;
  status: TaskStatus;
  due_at: Date | null;
  deadline_version: number;
  last_unit_activity_at: Date;
  published_at: Date;
  escalation_policy: Partial<EscalationPolicy> | null;
  /** Steps already fired at the current deadline version. */
  fired: string[] | null;
}

const PLANNING_SELECT = `
  SELECT t.id, t.role, t.status, t.due_at, t.deadline_version, t.last_unit_activity_at,
         d.published_at, d.escalation_policy,
         (SELECT array_agg(e.step) FROM escalations e
           WHERE e.task_id = t.id AND e.deadline_version = t.deadline_version) AS fired
    FROM tasks t JOIN directives d ON d.id = t.directive_id`;

/** Tasks by id, and all the tasks of some directives. */
export interface TaskSelection {
  taskIds: string[];
  directiveIds?: string[];
}

/** A planning row with what an escalation's message needs. */
export interface FiringRow extends PlanningRow {
  unit_id: string;
  unit_name: string;
  number: string | null;
  subject: string | null;
  deadline: string | null;
  instruction: string;
  /** The task row's `xmin`: it changes with every update of the row. */
  row_version: string;
}

// Jobs per Redis round trip when adding or checking jobs.
const BATCH = 1000;
const BATCHES_IN_FLIGHT = 4;

/**
 * Turns tasks into BullMQ delayed jobs, one per planned step not yet fired and due within the
 * sweep's reach, with deterministic ids (task, step, deadline version): adding the same step
 * twice is harmless, and a step of an old deadline version is simply skipped by the processor.
 * The steps due later have no job until the sweep finds them near.
 */
@Injectable()
export class EscalationPlanner {
  constructor(
    @InjectQueue(ESCALATION_QUEUE) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The sweep's reach from `now` (`sweepReach`, with `ESCALATION_RECONCILE_MS`). */
  sweepHorizon(now: Date): Date {
    return sweepReach(now, this.config.get('ESCALATION_RECONCILE_MS'));
  }

  /**
   * Of the jobs a sweep at `now` added, how many are steps only now coming within its reach
   * (`cameNear`) and how many Redis should have held (lost, or failed out and retried).
   */
  sweepTally(added: StepJobSpec[], now: Date): { near: number; lost: number } {
    const every = this.config.get('ESCALATION_RECONCILE_MS');
    const near = added.filter((job) =>
      cameNear(new Date(job.opts.timestamp! + job.opts.delay!), now, every),
    ).length;
    return { near, lost: added.length - near };
  }

  /** The steps of each task still to fire, against one calendar. */
  async pending(rows: PlanningRow[]): Promise<Array<{ row: PlanningRow; steps: PlannedStep[] }>> {
    const calendar = await this.calendar.calendar();
    return rows.map((row) => ({ row, steps: this.unfired(row, calendar) }));
  }

  unfired(row: PlanningRow, calendar: WorkingCalendar): PlannedStep[] {
    const fired = new Set(row.fired ?? []);
    return plannedSteps(
      {
        role: row.role,
        status: row.status,
        dueAt: row.due_at,
        publishedAt: row.published_at,
        lastUnitActivityAt: row.last_unit_activity_at,
      },
      policyWith(DEFAULT_ESCALATION_POLICY, row.escalation_policy),
      calendar,
    ).filter((step) => !fired.has(step.step));
  }

  /**
   * One task for firing: its planning fields, what the messages need, and the row's version
   * (`xmin`, which any update of the row changes) — one round trip, no lock, a prepared
   * statement. The firer's write goes ahead only if the row is still at that version, under its
   * lock.
   */
  async rowForFiring(taskId: string): Promise<FiringRow | undefined> {
    const [row] = await preparedQuery<FiringRow>(
      this.dataSource,
      'escalation-firing-row',
      `SELECT t.id, t.role, t.status, t.due_at, t.deadline_version, t.last_unit_activity_at,
              d.published_at, d.escalation_policy,
              (SELECT array_agg(e.step) FROM escalations e
                WHERE e.task_id = t.id AND e.deadline_version = t.deadline_version) AS fired,
              t.unit_id, u.name AS unit_name, d.number, d.subject, t.deadline, a.text AS instruction,
              t.xmin::text AS row_version
         FROM tasks t
         JOIN directives d ON d.id = t.directive_id
         JOIN units u ON u.id = t.unit_id
         JOIN assignments a ON a.id = t.assignment_id
        WHERE t.id = $1`,
      [taskId],
    );
    return row;
  }

  /** These tasks and every task of these directives, in one round trip. */
  async rowsFor(manager: EntityManager | DataSource, which: TaskSelection): Promise<PlanningRow[]> {
    const directiveIds = which.directiveIds ?? [];
    if (which.taskIds.length === 0 && directiveIds.length === 0) return [];
    return manager.query<PlanningRow[]>(
      `${PLANNING_SELECT} WHERE t.id = ANY($1::uuid[]) OR t.directive_id = ANY($2::uuid[])`,
      [which.taskIds, directiveIds],
    );
  }

  /**
   * Tasks whose deadline clock runs (the only ones with steps to plan) after `afterId`, in id
   * order: the reconciler walks all of them in batches.
   */
  async openRows(afterId: string | null, limit: number): Promise<PlanningRow[]> {
    return this.dataSource.query<PlanningRow[]>(
      `${PLANNING_SELECT}
        WHERE ${deadlineRunsSql('t')} AND ($1::uuid IS NULL OR t.id > $1)
        ORDER BY t.id LIMIT $2`,
      [afterId, limit],
    );
  }

  /**
   * Enqueues the unfired steps of these tasks due within the sweep's reach (addBulk, in batches):
   * at publication, a deadline change or a closed task. The later steps get their job from the
   * sweep as they come near: a publication to 1,000 units would otherwise put some 15,000 jobs in
   * Redis days or weeks ahead, most made moot by a report, an extension or a closed task, and a
   * million open tasks would keep their whole ladders in Redis's memory. Returns how many tasks
   * were planned and how many jobs added.
   */
  async schedule(
    manager: EntityManager | DataSource,
    which: TaskSelection,
  ): Promise<{ tasks: number; jobs: number }> {
    const rows = await this.rowsFor(manager, which);
    const jobs = await this.jobsWithin(rows, this.sweepHorizon(this.clock.now()));
    await this.addJobs(jobs);
    return { tasks: rows.length, jobs: jobs.length };
  }

  /** The jobs of these tasks' unfired steps due before `horizon`. */
  private async jobsWithin(rows: PlanningRow[], horizon: Date): Promise<StepJobSpec[]> {
    const now = this.clock.now().getTime();
    return (await this.pending(rows)).flatMap(({ row, steps }) =>
      steps.filter((step) => step.dueAt <= horizon).map((step) => this.job(row, step, now)),
    );
  }

  /** Adds step jobs (addBulk, in batches, a few in flight). */
  async addJobs(jobs: StepJobSpec[]): Promise<void> {
    // A few batches in flight at once: Redis runs one while the next is being encoded.
    const inFlight: Array<Promise<unknown>> = [];
    try {
      for (let i = 0; i < jobs.length; i += BATCH) {
        if (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
        inFlight.push(this.queue.addBulk(jobs.slice(i, i + BATCH)));
      }
    } finally {
      // Every batch settles before this returns (or throws): none is left running unobserved.
      await Promise.allSettled(inFlight);
    }
    await Promise.all(inFlight);
  }

  /**
   * The sweep's part for tasks: enqueues the steps due before `horizon` that Redis does not hold
   * — steps coming within reach for the first time, and jobs Redis lost (flushed, failed out):
   * the database says what should exist, Redis is only the timer. Returns the jobs added.
   */
  async restore(rows: PlanningRow[], horizon: Date): Promise<StepJobSpec[]> {
    return this.addMissingJobs(await this.jobsWithin(rows, horizon));
  }

  /**
   * Of these jobs, adds the ones Redis does not hold (and retries failed ones): jobs planned only
   * now that they come near, or jobs it lost. Returns those added or retried.
   */
  async addMissingJobs(candidates: StepJobSpec[]): Promise<StepJobSpec[]> {
    const restored: StepJobSpec[] = [];
    for (let i = 0; i < candidates.length; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH);
      const existing = await Promise.all(batch.map((job) => this.queue.getJob(job.opts.jobId)));
      const states = await Promise.all(
        existing.map((job) => (job ? job.getState() : Promise.resolve(undefined))),
      );
      const missing: typeof batch = [];
      for (let k = 0; k < batch.length; k++) {
        const job = existing[k];
        if (!job) {
          missing.push(batch[k]);
          continue;
        }
        const state = states[k];
        if (state === 'failed') {
          await job.retry();
          restored.push(batch[k]);
        } else if (state === 'unknown') {
          // A job hash in no list (its lists were deleted around it, key by key) would never
          // run, yet it blocks adding the job again under its id: replace it.
          await job.remove().catch(() => undefined);
          missing.push(batch[k]);
        }
      }
      if (missing.length > 0) await this.queue.addBulk(missing);
      restored.push(...missing);
    }
    return restored;
  }

  private job(row: PlanningRow, step: PlannedStep, now: number): StepJobSpec {
    return stepJob(
      { taskId: row.id, step: step.step, deadlineVersion: row.deadline_version },
      step,
      now,
    );
  }
}

/** A step job as BullMQ's addBulk takes it. */
export interface StepJobSpec {
  name: string;
  data: StepJob;
  opts: Job['opts'] & { jobId: string };
}

/** The job of a planned step: deterministic id, delayed to its due instant from `now`. */
export function stepJob(data: StepJob, step: PlannedStep, now: number): StepJobSpec {
  return {
    name: ESCALATION_JOBS.step,
    data,
    opts: {
      ...STEP_JOB_OPTIONS,
      jobId: stepJobId(data.taskId, data.step, data.deadlineVersion),
      // BullMQ runs a delayed job at timestamp + delay; its timestamp defaults to when the Job
      // object is made, which for the last of thousands of jobs is seconds after `now`: every
      // step would run that much late. Pinned to `now`, each runs at its due time.
      timestamp: now,
      delay: Math.max(0, step.dueAt.getTime() - now),
    },
  };
}
