import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { EvidenceStorage } from '../tasks/evidence-storage.js';
import { ExtensionForm, InboxFilter, MetricForm, NoteForm, StatusForm } from './task-pages.form.js';
import { TaskPagesService } from './task-pages.service.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { setFlash } from './web-session.js';

/**
 * Việc của đơn vị tôi and the task page: what the unit must do, its history and evidence, and
 * the moves the current status allows. Files go to the API's evidence route (with a progress
 * bar); everything else posts here.
 */
@WebPages()
@Controller('viec')
export class TaskPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly tasks: TaskPagesService,
    private readonly storage: EvidenceStorage,
  ) {}

  @AnyRole()
  @Get()
  async inbox(
    @Query() filter: InboxFilter,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const tasks = await this.tasks.inbox(filter, user);
    return this.pages.page(request, reply, 'tasks/inbox', vi.tasks.inboxTitle, { tasks, filter });
  }

  @AnyRole()
  @Get(':id')
  async task(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.tasks.task(id, user);
    return this.pages.page(
      request,
      reply,
      'tasks/task',
      view.task.assignment.label || vi.tasks.instruction,
      {
        ...view,
        maxUploadBytes: this.storage.maxBytes,
      },
    );
  }

  @AnyRole()
  @Post(':id/trang-thai')
  async changeStatus(
    @UuidParam() id: string,
    @Body() form: StatusForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.tasks.changeStatus(id, form, user);
    this.done(reply, id, `status-${form.status}`, `${vi.common.done} ${vi.status[form.status]}.`);
  }

  @Roles('unit_officer', 'unit_head')
  @Post(':id/so-lieu')
  async addMetric(
    @UuidParam() id: string,
    @Body() form: MetricForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.tasks.addMetric(id, form, user);
    this.done(reply, id, 'metric', vi.common.saved);
  }

  @Roles('unit_officer', 'unit_head')
  @Post(':id/ghi-chu')
  async addNote(
    @UuidParam() id: string,
    @Body() form: NoteForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.tasks.addNote(id, form.text, user);
    this.done(reply, id, 'note', vi.common.saved);
  }

  @Roles('unit_officer', 'unit_head')
  @Post(':id/gia-han')
  async requestExtension(
    @UuidParam() id: string,
    @Body() form: ExtensionForm,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.tasks.requestExtension(id, form, user);
    this.done(reply, id, 'extension', vi.common.saved);
  }

  private done(reply: FastifyReply, taskId: string, form: string, text: string): void {
    setFlash(reply, { kind: 'ok', text, form });
    void reply.redirect(`${PAGES.tasks}/${taskId}`, 303);
  }
}
