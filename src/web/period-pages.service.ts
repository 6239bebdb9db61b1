// Loads @fastify/multipart's additions to FastifyRequest (isMultipart, parts).
import '@fastify/multipart';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../core/access/access.decorators.js';
import { isUnitRole } from '../core/access/role.js';
import { DomainError } from '../core/errors/domain-error.js';
import { createValidationPipe } from '../core/http/validation.js';
import { type DuePeriodDto, type PeriodDto, PeriodReportInput } from '../periods/period.dto.js';
import { periodFilesOf } from '../periods/period-files.js';
import { AWAITING_UNIT } from '../periods/period-status.js';
import { type PeriodPermissions, PeriodsService } from '../periods/periods.service.js';
import { EvidenceStorage } from '../tasks/evidence-storage.js';
import { readEvidenceUpload } from '../tasks/evidence-upload.js';
import type { Recurrence } from '../tasks/recurrence.js';
import type { Task } from '../tasks/task.entity.js';
import { FIGURE_ROWS, PeriodReportForm, type PeriodReviewForm } from './period-pages.form.js';
import { recurrenceOf, type TaskRecurrenceForm } from './recurrence-form.js';
import { formNumber } from './web-form.js';

// The API's rules, for the report form's fields once read.
const VALIDATION = createValidationPipe();
/** Periods listed in the inbox's week (a unit rarely owes more; the rest are on the tasks). */
const INBOX_PERIODS = 50;

/** The task page's "Báo cáo kỳ này" and its earlier and upcoming periods. */
export interface TaskPeriodsView {
  /** The earliest period awaiting the unit (open, missed, returned), if any. */
  current: PeriodDto | null;
  /** Periods before the current one, and any acted on after it; newest first. */
  earlier: PeriodDto[];
  /** Open periods after the current one, soonest first. */
  upcoming: PeriodDto[];
  may: PeriodPermissions;
  recurrence: Recurrence | null;
}

class ReportTextRequiredError extends DomainError {
  constructor() {
    super('invalid', 'text_required', 'the report needs its text');
  }
}

class FigureIncompleteError extends DomainError {
  constructor(row: number) {
    super('invalid', 'figure_incomplete', `figure ${row} needs an indicator and a value ≥ 0`);
  }
}

/**
 * What the pages show and do of reporting periods (kỳ báo cáo): every read and write through
 * `PeriodsService`, with its checks; this only shapes forms and views.
 */
@Injectable()
export class PeriodPagesService {
  constructor(
    private readonly periods: PeriodsService,
    private readonly storage: EvidenceStorage,
  ) {}

  /**
   * The periods section of a visible task's page, or null when there is nothing to show: no
   * periods, and the user may not give the task a recurrence.
   */
  async forTask(task: Task, user: AuthUser): Promise<TaskPeriodsView | null> {
    const may = this.periods.permissions(task, user);
    const periods = await this.periods.list(task.id, user);
    if (periods.length === 0 && !may.changeRecurrence) return null;
    const current = periods.find((period) => AWAITING_UNIT.includes(period.status)) ?? null;
    const earlier = periods
      .filter(
        (period) =>
          period !== current &&
          (!current || period.number < current.number || period.status !== 'open'),
      )
      .reverse();
    const upcoming = current
      ? periods.filter((period) => period.number > current.number && period.status === 'open')
      : [];
    return { current, earlier, upcoming, may, recurrence: task.recurrence };
  }

  /**
   * The unit's report on a period from the task page: multipart (text, figures, an optional
   * file through the evidence store's checks), or a plain form without a file. Everything
   * refusable is refused before the file is stored.
   */
  async report(
    taskId: string,
    periodId: string,
    request: FastifyRequest,
    user: AuthUser,
  ): Promise<PeriodDto> {
    await this.periods.checkMayReport(taskId, periodId, user);
    let fields: Record<string, unknown>;
    let files: ReturnType<typeof periodFilesOf> = [];
    if (request.isMultipart()) {
      const upload = await readEvidenceUpload(request, this.storage, {
        beforeFile: (sent) => void reportOf(withoutToken(sent)),
      });
      fields = upload.fields;
      files = periodFilesOf(upload.file);
    } else {
      fields = typeof request.body === 'object' && request.body !== null ? { ...request.body } : {};
    }
    const form = (await VALIDATION.transform(withoutToken(fields), {
      type: 'body',
      metatype: PeriodReportForm,
    })) as PeriodReportForm;
    const input = (await VALIDATION.transform(reportOf({ ...form }), {
      type: 'body',
      metatype: PeriodReportInput,
    })) as PeriodReportInput;
    return this.periods.report(taskId, periodId, input, user, files);
  }

  review(taskId: string, periodId: string, form: PeriodReviewForm, user: AuthUser) {
    return this.periods.review(
      taskId,
      periodId,
      { decision: form.decision, reason: form.reason },
      user,
    );
  }

  async changeRecurrence(taskId: string, form: TaskRecurrenceForm, user: AuthUser) {
    return this.periods.changeRecurrence(taskId, await recurrenceOf(form), form.version, user);
  }

  /** A unit's periods of this week (and those overdue or returned); null for other roles. */
  async dueThisWeek(user: AuthUser): Promise<DuePeriodDto[] | null> {
    if (!isUnitRole(user.role)) return null;
    const page = await this.periods.dueForUnit(
      { due: 'week', limit: INBOX_PERIODS, offset: 0 },
      user,
    );
    return page.items;
  }
}

/** The anti-forgery field has done its work (the guard checked it): not part of the report. */
function withoutToken(fields: Record<string, unknown>): Record<string, unknown> {
  const { _csrf: _token, ...rest } = fields;
  return rest;
}

/**
 * The report the form's fields make: its text and the figure rows filled in (a row half filled,
 * or with a value that is no number ≥ 0, is refused in Vietnamese rather than dropped).
 */
function reportOf(fields: Record<string, unknown>): { text: string; metrics: object[] } {
  const text = typeof fields.text === 'string' ? fields.text.trim() : '';
  if (!text) throw new ReportTextRequiredError();
  const metrics: object[] = [];
  for (let row = 1; row <= FIGURE_ROWS; row++) {
    const indicator = fields[`indicator${row}`];
    const written = fields[`value${row}`];
    const name = typeof indicator === 'string' ? indicator.trim() : '';
    const raw = typeof written === 'string' ? written.trim() : '';
    if (!name && !raw) continue;
    const value = formNumber({ value: raw });
    if (!name || typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new FigureIncompleteError(row);
    }
    metrics.push({ indicator: name, value });
  }
  return { text, metrics };
}
