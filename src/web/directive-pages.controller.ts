import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { DomainError } from '../core/errors/domain-error.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { sourceDownload } from '../directives/directive-source.js';
import { sendAsAttachment } from '../core/http/file-download.js';
import { DIRECTIVE_STATUSES, type DirectiveStatus } from '../directives/directive-status.js';
import { DirectivePagesService } from './directive-pages.service.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { RecurrenceForm } from './recurrence-form.js';
import { blankToUndefined, formNumber, WebForm } from './web-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { explainRefusals, setFlash } from './web-session.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const texts = vi.directivesPages;

/** A repeated form field arrives as an array, a single one as a string: always an array. */
const toArray = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value];

class DirectiveListFilter {
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(200) q?: string;
  @Transform(blankToUndefined) @IsOptional() @IsIn(DIRECTIVE_STATUSES) status?: DirectiveStatus;
  @Transform(formNumber) @IsOptional() @IsInt() @Min(1) page?: number;
}

export class ChooseUnitsForm extends WebForm {
  @Transform(toArray)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @Transform(toArray)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

export class PartnerForm extends ChooseUnitsForm {
  @Transform(formNumber) @IsInt() @Min(0) @Max(49) index: number;
  @Transform(blankToUndefined) @IsOptional() @IsIn(['true']) remove?: 'true';
}

export class DeadlineForm extends WebForm {
  @Transform(blankToUndefined) @IsOptional() @Matches(DATE) deadline?: string;
  @Transform(blankToUndefined) @IsOptional() @Matches(TIME) time?: string;
}

export class DefaultDeadlineForm extends WebForm {
  @IsIn(['date', 'workingDays', 'none']) mode: 'date' | 'workingDays' | 'none';
  @Transform(blankToUndefined) @IsOptional() @Matches(DATE) date?: string;
  @Transform(formNumber) @IsOptional() @IsInt() @Min(0) @Max(366) workingDays?: number;
}

/**
 * Văn bản: the list, the draft beside its letter with the clerk's fixes, the publication preview
 * and publication itself. Nhập văn bản is ImportPagesController's.
 */
@WebPages()
@Controller('van-ban')
export class DirectivePagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly directives: DirectivePagesService,
  ) {}

  @AnyRole()
  @Get()
  async list(
    @Query() filter: DirectiveListFilter,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const directives = await this.directives.list(filter, user);
    return this.pages.page(request, reply, 'directives/list', texts.listTitle, {
      directives,
      filter,
    });
  }

  @AnyRole()
  @Get(':id')
  async directive(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.directives.directive(id, user);
    return this.pages.page(
      request,
      reply,
      'directives/directive',
      view.directive.number ?? texts.untitled,
      { ...view, mayEdit: view.governed && (user.role === 'admin' || user.role === 'clerk') },
    );
  }

  @Roles('admin', 'clerk')
  @Post(':id/phan-cong/:assignmentId/don-vi')
  async chooseUnits(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() form: ChooseUnitsForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await explainRefusals(request, reply, texts.errors, PAGES.directives, () =>
      this.directives.chooseUnits(id, assignmentId, form, user),
    );
    if (!saved) return;
    this.done(reply, id, `units-${assignmentId}`, texts.unitsSaved, `part-${assignmentId}`);
  }

  @Roles('admin', 'clerk')
  @Post(':id/phan-cong/:assignmentId/phoi-hop')
  async fixPartner(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() form: PartnerForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await explainRefusals(request, reply, texts.errors, PAGES.directives, () =>
      this.directives.fixPartner(
        id,
        assignmentId,
        form.index,
        { unitIds: form.unitIds, groupIds: form.groupIds, remove: form.remove === 'true' },
        user,
      ),
    );
    if (!saved) return;
    this.done(
      reply,
      id,
      `partner-${assignmentId}-${form.index}`,
      form.remove ? texts.partnerRemoved : texts.unitsSaved,
      `part-${assignmentId}`,
    );
  }

  @Roles('admin', 'clerk')
  @Post(':id/phan-cong/:assignmentId/han')
  async setDeadline(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() form: DeadlineForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.directives.setDeadline(id, assignmentId, user, form.deadline, form.time);
    this.done(reply, id, `deadline-${assignmentId}`, texts.deadlineSaved, `part-${assignmentId}`);
  }

  /** A part's recurrence (kỳ báo cáo): frequency, day, time, start and end; or none. */
  @Roles('admin', 'clerk')
  @Post(':id/phan-cong/:assignmentId/dinh-ky')
  async setRecurrence(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() form: RecurrenceForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await explainRefusals(request, reply, vi.periods.errors, PAGES.directives, () =>
      this.directives.setRecurrence(id, assignmentId, form, user),
    );
    if (!saved) return;
    this.done(
      reply,
      id,
      `recurrence-${assignmentId}`,
      vi.periods.recurrenceSaved,
      `part-${assignmentId}`,
    );
  }

  @Roles('admin', 'clerk')
  @Post(':id/phan-cong/:assignmentId/xoa')
  async removePart(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() _form: WebForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.directives.removePart(id, assignmentId, user);
    this.done(reply, id, `remove-${assignmentId}`, texts.partRemoved, 'parts');
  }

  @Roles('admin', 'clerk')
  @Post(':id/han-mac-dinh')
  async setDefaultDeadline(
    @UuidParam() id: string,
    @Body() form: DefaultDeadlineForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.directives.setDefaultDeadline(id, form, user);
    this.done(reply, id, 'default-deadline', texts.defaultDeadlineSaved, 'default-deadline');
  }

  @Roles('admin', 'clerk')
  @Get(':id/ban-hanh')
  async publishPage(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    let preview;
    try {
      preview = await this.directives.preview(id, user);
    } catch (error) {
      // Published already: its page says so and lists its tasks.
      if (!(error instanceof DomainError) || error.code !== 'directive_not_draft') throw error;
      void reply.redirect(`${PAGES.directives}/${id}`, 303);
      return undefined;
    }
    return this.pages.page(request, reply, 'directives/publish', texts.publishTitle, preview);
  }

  @Roles('admin', 'clerk')
  @Post(':id/ban-hanh')
  async publish(
    @UuidParam() id: string,
    @Body() _form: WebForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await explainRefusals(request, reply, texts.errors, PAGES.directives, () =>
      this.directives.publish(id, user),
    );
    if (!result) return;
    setFlash(reply, { kind: 'ok', text: texts.published(result.tasks) });
    void reply.redirect(`${PAGES.directives}/${id}`, 303);
  }

  /** The letter exactly as it arrived (the uploaded file, or the pasted text). */
  @AnyRole()
  @Get(':id/ban-goc')
  async source(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const download = await sourceDownload(
      await this.directives.source(id, user),
      `${texts.sourceFile}.txt`,
    );
    sendAsAttachment(reply, download);
    return download.body;
  }

  private done(reply: FastifyReply, id: string, form: string, text: string, anchor: string): void {
    setFlash(reply, { kind: 'ok', text, form });
    void reply.redirect(`${PAGES.directives}/${id}#${anchor}`, 303);
  }
}
