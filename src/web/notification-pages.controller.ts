import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { blankToUndefined, formNumber } from './web-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { setFlash } from './web-session.js';

const PAGE_SIZE = 50;

class NotificationsFilter {
  @Transform(blankToUndefined) @IsOptional() @IsIn(['true']) unread?: 'true';
  @Transform(formNumber) @IsOptional() @IsInt() @Min(1) page?: number;
}

/** Thông báo: the signed-in user's own inbox (NotificationsService, as `/api/me/notifications`). */
@WebPages()
@Controller('thong-bao')
export class NotificationPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly notifications: NotificationsService,
  ) {}

  @AnyRole()
  @Get()
  async inbox(
    @Query() filter: NotificationsFilter,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const page = filter.page ?? 1;
    const [list, unread] = await Promise.all([
      this.notifications.list(user.id, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        unreadOnly: filter.unread === 'true' ? 'true' : 'false',
      }),
      this.notifications.unreadCount(user.id),
    ]);
    return this.pages.page(request, reply, 'notifications/inbox', vi.notificationsPage.title, {
      list,
      unread,
      filter,
      pageNumber: page,
      pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    });
  }

  @AnyRole()
  @Post('da-doc-tat-ca')
  async readAll(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): Promise<void> {
    const updated = await this.notifications.markAllRead(user.id);
    setFlash(reply, { kind: 'ok', text: vi.notificationsPage.markedAllRead(updated) });
    void reply.redirect(PAGES.notifications, 303);
  }

  /** Someone else's notification is a 404, like a missing one (the service checks). */
  @AnyRole()
  @Post(':id/da-doc')
  async read(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.notifications.markRead(user.id, id);
    setFlash(reply, { kind: 'ok', text: vi.notificationsPage.markedRead });
    void reply.redirect(PAGES.notifications, 303);
  }
}
