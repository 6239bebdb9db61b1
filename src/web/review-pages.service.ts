import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import type { BulkReviewResultDto, TaskDto } from '../tasks/task.dto.js';
import { TaskWorkflowService } from '../tasks/task-workflow.service.js';
import { TasksService } from '../tasks/tasks.service.js';

/** The most reports the page lists at once (the bulk review's own limit). */
export const REVIEW_PAGE_SIZE = 200;
// How many reported tasks are gathered before sorting oldest report first.
const GATHER_MAX = 2000;

export interface ReviewRow extends TaskDto {
  directive: { id: string; number: string | null; subject: string | null };
  label: string;
  text: string;
  report: string | null;
  evidenceCount: number;
  latestMetric: { indicator: string | null; value: number; asOf: string | null } | null;
}

interface DetailRow {
  id: string;
  report: string | null;
  label: string;
  text: string;
  directive_id: string;
  number: string | null;
  subject: string | null;
  clerk_may_review: boolean;
  evidence: number;
  indicator: string | null;
  value: number | null;
  as_of: string | null;
}

/**
 * Duyệt báo cáo: reported tasks waiting for the reviewer, through TasksService (what the user may
 * see) and TaskWorkflowService (the same moves, checks and history as the API).
 */
@Injectable()
export class ReviewPagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly workflow: TaskWorkflowService,
  ) {}

  /**
   * Reports waiting for this user's review, oldest report first: every reported task for the
   * chair; for a clerk, those of directives that let the clerk review.
   */
  async queue(user: AuthUser): Promise<{ items: ReviewRow[]; total: number }> {
    const reported: TaskDto[] = [];
    for (let offset = 0; offset < GATHER_MAX; offset += 200) {
      const page = await this.tasks.list(
        { status: ['reported'], sort: 'deadline', limit: 200, offset },
        user,
      );
      reported.push(...page.items);
      if (reported.length >= page.total || page.items.length === 0) break;
    }
    const details = await this.details(reported.map((task) => task.id));
    const items = reported
      .filter((task) => user.role !== 'clerk' || details.get(task.id)?.clerk_may_review)
      .map((task): ReviewRow => {
        const row = details.get(task.id)!;
        return {
          ...task,
          directive: { id: row.directive_id, number: row.number, subject: row.subject },
          label: row.label,
          text: row.text,
          report: row.report,
          evidenceCount: row.evidence,
          latestMetric:
            row.value === null
              ? null
              : { indicator: row.indicator, value: row.value, asOf: row.as_of },
        };
      })
      .sort(
        (a, b) =>
          (a.reportedAt ?? '').localeCompare(b.reportedAt ?? '') || a.id.localeCompare(b.id),
      );
    return { items: items.slice(0, REVIEW_PAGE_SIZE), total: items.length };
  }

  /** Accepts or returns one report. */
  async review(
    id: string,
    change: { status: 'completed' | 'returned'; version: number; reason?: string },
    user: AuthUser,
  ): Promise<string> {
    const task = await this.workflow.changeStatus(id, change, user);
    return task.unit?.name ?? '';
  }

  /** Accepts or returns several; each outcome apart, with the unit's name for the message. */
  async bulk(
    input: {
      status: 'completed' | 'returned';
      reason?: string;
      tasks: Array<{ taskId: string; version: number }>;
    },
    user: AuthUser,
  ): Promise<Array<BulkReviewResultDto & { unitName: string }>> {
    const results = await this.workflow.bulkReview(input, user);
    const names = await this.unitNames(results.map((result) => result.taskId));
    return results.map((result) => ({ ...result, unitName: names.get(result.taskId) ?? '' }));
  }

  // The part, report, directive and evidence summary of tasks the user was already shown.
  private async details(ids: string[]): Promise<Map<string, DetailRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<DetailRow[]>(
      `SELECT t.id, t.report, a.label, a.text, d.id AS directive_id, d.number, d.subject,
              d.clerk_may_review,
              (SELECT count(*)::int FROM evidence e
                WHERE e.task_id = t.id AND e.withdrawn_at IS NULL) AS evidence,
              m.indicator, m.value::float8 AS value, m.as_of::text AS as_of
         FROM tasks t
         JOIN assignments a ON a.id = t.assignment_id
         JOIN directives d ON d.id = t.directive_id
         LEFT JOIN LATERAL (
           SELECT e.indicator, e.value, e.as_of FROM evidence e
            WHERE e.task_id = t.id AND e.kind = 'metric' AND e.withdrawn_at IS NULL
              AND e.value IS NOT NULL
            ORDER BY e.as_of DESC NULLS LAST, e.created_at DESC LIMIT 1
         ) m ON true
        WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async unitNames(taskIds: string[]): Promise<Map<string, string>> {
    if (taskIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; name: string }>>(
      `SELECT t.id, u.name FROM tasks t JOIN units u ON u.id = t.unit_id WHERE t.id = ANY($1::uuid[])`,
      [taskIds],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
