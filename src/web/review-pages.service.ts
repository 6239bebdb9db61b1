import { governs } from '../core/access/body-scope.js';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/access/access.decorators.js';
import { DirectivesService } from '../directives/directives.service.js';
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

/**
 * Duyệt báo cáo: reported tasks waiting for the reviewer, through TasksService (what the user may
 * see, and the report and evidence beside it), DirectivesService (the part and directive) and
 * TaskWorkflowService (the same moves, checks and history as the API).
 */
@Injectable()
export class ReviewPagesService {
  constructor(
    private readonly tasks: TasksService,
    private readonly directives: DirectivesService,
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
    const [summaries, parts] = await Promise.all([
      this.tasks.reviewSummaries(reported.map((task) => task.id)),
      this.directives.partsOf([...new Set(reported.map((task) => task.assignmentId))]),
    ]);
    const items = reported
      // Reports of the directives the user's body issued: a task the body received is not its to
      // review (`core/access/body-scope.ts`).
      .filter((task) => {
        const part = parts.get(task.assignmentId);
        return !!part && governs(user, part) && (user.role !== 'clerk' || part.clerkMayReview);
      })
      .map((task): ReviewRow => {
        const part = parts.get(task.assignmentId)!;
        const summary = summaries.get(task.id)!;
        return {
          ...task,
          directive: part.directive,
          label: part.label,
          text: part.text,
          ...summary,
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
    const names = await this.tasks.unitNames(results.map((result) => result.taskId));
    return results.map((result) => ({ ...result, unitName: names.get(result.taskId) ?? '' }));
  }
}
