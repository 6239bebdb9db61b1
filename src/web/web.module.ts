import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TargetsModule } from '../targets/targets.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PageRenderer } from './page-renderer.service.js';
import { TaskPagesController } from './task-pages.controller.js';
import { TaskPagesService } from './task-pages.service.js';
import { WebAuthController } from './web-auth.controller.js';
import { WebErrorFilter } from './web-error.filter.js';

/**
 * The web pages (Vietnamese, server-rendered): the same services, guard, roles and
 * object-level checks as the API, reached with a session cookie instead of a bearer token.
 */
@Module({
  imports: [AuthModule, NotificationsModule, TasksModule, TargetsModule],
  controllers: [WebAuthController, TaskPagesController],
  providers: [PageRenderer, WebErrorFilter, TaskPagesService],
})
export class WebModule {}
