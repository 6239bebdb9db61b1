import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RateLimit } from '../auth/rate-limit.guard.js';
import { type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { RECURRENCE_EDITORS } from '../periods/periods.service.js';
import { vi } from './i18n/vi.js';
import type { WebRequest } from './page-renderer.service.js';
import { PeriodReviewForm } from './period-pages.form.js';
import { PeriodPagesService } from './period-pages.service.js';
import { TaskRecurrenceForm } from './recurrence-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { explainRefusals, setFlash } from './web-session.js';

const texts = vi.periods;

/**
 * Kỳ báo cáo on the task page: the unit's report on a period (with figures and a file), the
 * reviewer's accept or return, and the issuing side's change of the recurrence. Each answers
 * with the task page again: the result on top, or the refusal in Vietnamese.
 */
@WebPages()
@Controller('viec')
export class PeriodPagesController {
  constructor(private readonly periods: PeriodPagesService) {}

  /**
   * A multipart form (the file optional), posted without script: the guard runs before the body
   * is read, so it checks by Sec-Fetch-Site or Origin that this site's page sent it (CsrfGuard).
   */
  @Roles('unit_officer', 'unit_head')
  @RateLimit('upload', { multipartOnly: true })
  @Post(':id/ky/:periodId/bao-cao')
  async report(
    @UuidParam() id: string,
    @UuidParam('periodId') periodId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const period = await explainRefusals(request, reply, texts.errors, taskPage(id), () =>
      this.periods.report(id, periodId, request, user),
    );
    if (!period) return;
    const text = period.late ? texts.submittedLate(period.number) : texts.submitted(period.number);
    done(reply, id, `period-${periodId}`, text);
  }

  @Roles('chair', 'clerk')
  @Post(':id/ky/:periodId/duyet')
  async review(
    @UuidParam() id: string,
    @UuidParam('periodId') periodId: string,
    @Body() form: PeriodReviewForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const period = await explainRefusals(request, reply, texts.errors, taskPage(id), () =>
      this.periods.review(id, periodId, form, user),
    );
    if (!period) return;
    const text =
      form.decision === 'accept' ? texts.accepted(period.number) : texts.returned(period.number);
    done(reply, id, `review-${periodId}`, text);
  }

  @Roles(...RECURRENCE_EDITORS)
  @Post(':id/dinh-ky')
  async changeRecurrence(
    @UuidParam() id: string,
    @Body() form: TaskRecurrenceForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await explainRefusals(request, reply, texts.errors, taskPage(id), () =>
      this.periods.changeRecurrence(id, form, user),
    );
    if (!saved) return;
    done(reply, id, 'recurrence', texts.recurrenceSaved);
  }
}

const taskPage = (taskId: string) => `${PAGES.tasks}/${taskId}`;

function done(reply: FastifyReply, taskId: string, form: string, text: string): void {
  setFlash(reply, { kind: 'ok', text, form });
  void reply.redirect(`${taskPage(taskId)}#ky-bao-cao`, 303);
}
