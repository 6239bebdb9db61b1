import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { REVIEW_PAGE_SIZE, ReviewPagesService } from './review-pages.service.js';
import { messageOf } from './web-error.filter.js';
import { blankToUndefined, formNumber, WebForm } from './web-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { setFlash } from './web-session.js';

const REVIEW_MOVES = ['completed', 'returned'] as const;
type ReviewMove = (typeof REVIEW_MOVES)[number];

export class ReviewForm extends WebForm {
  @IsIn(REVIEW_MOVES) status: ReviewMove;
  @Transform(formNumber) @IsInt() @Min(1) version: number;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
}

/** A checked box is `<taskId>:<version>` (the version the reviewer saw); one box is a string. */
export class BulkReviewForm extends WebForm {
  @IsIn(REVIEW_MOVES) status: ReviewMove;
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
  @Transform(({ value }: { value: unknown }): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
  )
  @IsArray()
  @ArrayMaxSize(REVIEW_PAGE_SIZE)
  @Matches(/^[0-9a-f-]{36}:\d{1,9}$/i, { each: true })
  task: string[] = [];
}

/**
 * Duyệt báo cáo: the reviewer's queue, one by one or in bulk — the same moves as
 * `POST /api/tasks/:id/status` and `POST /api/tasks/bulk-review`, for the same roles.
 */
@WebPages()
@Controller('duyet')
export class ReviewPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly review: ReviewPagesService,
  ) {}

  @Roles('chair', 'clerk')
  @Get()
  async queue(
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const queue = await this.review.queue(user);
    return this.pages.page(request, reply, 'review/queue', vi.reviewPage.title, { queue });
  }

  @Roles('chair', 'clerk')
  @Post('hang-loat')
  async bulk(
    @Body() form: BulkReviewForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (form.task.length === 0) {
      setFlash(reply, { kind: 'error', text: vi.reviewPage.noneSelected });
      void reply.redirect(PAGES.review, 303);
      return;
    }
    const results = await this.review.bulk(
      {
        status: form.status,
        reason: form.reason,
        tasks: form.task.map((value) => {
          const [taskId, version] = value.split(':');
          return { taskId, version: Number(version) };
        }),
      },
      user,
    );
    const done = results.filter((result) => result.ok).length;
    const failed = results.filter((result) => !result.ok);
    const texts = [
      form.status === 'completed' ? vi.reviewPage.accepted(done) : vi.reviewPage.returned(done),
    ];
    if (failed.length > 0) {
      texts.push(
        vi.reviewPage.failed(failed.length),
        failed
          .map(
            (result) =>
              `${result.unitName || result.taskId} (${messageOf(result.error?.code, result.error?.message ?? '')})`,
          )
          .join('; '),
      );
    }
    setFlash(reply, {
      kind: failed.length > 0 ? 'error' : 'ok',
      text: texts.join(' '),
      form: failed.length > 0 ? undefined : 'bulk-review',
    });
    void reply.redirect(PAGES.review, 303);
  }

  @Roles('chair', 'clerk')
  @Post(':id')
  async one(
    @UuidParam() id: string,
    @Body() form: ReviewForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const unit = await this.review.review(
      id,
      { status: form.status, version: form.version, reason: form.reason },
      user,
    );
    setFlash(reply, {
      kind: 'ok',
      text:
        form.status === 'completed'
          ? vi.reviewPage.acceptedOne(unit)
          : vi.reviewPage.returnedOne(unit),
      form: `review-${id}`,
    });
    void reply.redirect(PAGES.review, 303);
  }
}
