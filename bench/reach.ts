import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { AdjustmentKind } from '../src/calendar/adjustment-kind.js';
import { WorkingCalendar } from '../src/calendar/working-calendar.js';
import {
  DEFAULT_ESCALATION_POLICY,
  type EscalationPolicy,
} from '../src/escalation/escalation-policy.js';
import {
  plannedSteps,
  policyWith,
  stepJobId,
  sweepReach,
} from '../src/escalation/escalation-steps.js';
import type { TaskRole, TaskStatus } from '../src/tasks/task-status.js';

/** The default sweep period (`ESCALATION_RECONCILE_MS`) the benches' workers run with. */
export const SWEEP_MS = 60_000;

export interface ReachCheck {
  /** Steps of the publication's tasks in the schedule (the database), each task's whole ladder. */
  steps: number;
  /** Of them, due within the sweep's reach when the publication was sent: each must have its job. */
  withinReach: number;
  /** Steps within reach that have their job in Redis. */
  held: number;
  /** Steps beyond the reach once its outbox event was processed that have a job anyway (none). */
  beyond: number;
}

/**
 * The publication's contract, checked against Redis: every step of its tasks due within the
 * sweep's reach from when the publication was sent has its job, and no step due beyond the reach
 * from when its outbox event was processed has one. The ladders are recomputed from the
 * database with the planner's own pure functions.
 */
export async function checkReach(
  db: pg.Client,
  queue: Queue,
  directiveId: string,
  sentAt: Date,
  drainedAt: Date,
): Promise<ReachCheck> {
  const tasks = (
    await db.query<{
      id: string;
      role: TaskRole;
      status: TaskStatus;
      due_at: Date | null;
      deadline_version: number;
      last_unit_activity_at: Date;
      published_at: Date;
      escalation_policy: Partial<EscalationPolicy> | null;
    }>(
      `SELECT t.id, t.role, t.status, t.due_at, t.deadline_version, t.last_unit_activity_at,
              d.published_at, d.escalation_policy
         FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.directive_id = $1`,
      [directiveId],
    )
  ).rows;
  const adjustments = (
    await db.query<{ date: string; kind: AdjustmentKind; note: string }>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, note FROM calendar_adjustments`,
    )
  ).rows;
  const calendar = new WorkingCalendar(adjustments);
  const reachAtSend = sweepReach(sentAt, SWEEP_MS);
  const reachAtDrain = sweepReach(drainedAt, SWEEP_MS);
  const ladder = tasks.flatMap((task) =>
    plannedSteps(
      {
        role: task.role,
        status: task.status,
        dueAt: task.due_at,
        publishedAt: task.published_at,
        lastUnitActivityAt: task.last_unit_activity_at,
      },
      policyWith(DEFAULT_ESCALATION_POLICY, task.escalation_policy),
      calendar,
    ).map((step) => ({
      jobId: stepJobId(task.id, step.step, task.deadline_version),
      within: step.dueAt <= reachAtSend,
      beyond: step.dueAt > reachAtDrain,
    })),
  );
  let held = 0;
  let beyond = 0;
  for (let i = 0; i < ladder.length; i += 1000) {
    const batch = ladder.slice(i, i + 1000);
    const jobs = await Promise.all(batch.map((step) => queue.getJob(step.jobId)));
    batch.forEach((step, k) => {
      if (!jobs[k]) return;
      if (step.within) held++;
      if (step.beyond) beyond++;
    });
  }
  const withinReach = ladder.filter((step) => step.within).length;
  return { steps: ladder.length, withinReach, held, beyond };
}
