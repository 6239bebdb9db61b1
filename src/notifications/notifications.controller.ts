import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, type AuthUser, CurrentUser } from '../core/access/access.decorators.js';
import type { Page } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import {
  NotificationDto,
  NotificationListQuery,
  ReadAllDto,
  UnreadCountDto,
} from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

/** Hộp thư thông báo: the signed-in user's own notifications, and nobody else's. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @AnyRole()
  @Get()
  list(
    @Query() query: NotificationListQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<NotificationDto>> {
    return this.notifications.list(user.id, query);
  }

  @AnyRole()
  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return { count: await this.notifications.unreadCount(user.id) };
  }

  @AnyRole()
  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadAllDto })
  async readAll(@CurrentUser() user: AuthUser): Promise<ReadAllDto> {
    return { updated: await this.notifications.markAllRead(user.id) };
  }

  /** Marks one read; someone else's notification answers 404, like a missing one. */
  @AnyRole()
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  read(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
