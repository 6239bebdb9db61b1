import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TargetsModule } from '../targets/targets.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { CompliancePagesController } from './compliance-pages.controller.js';
import { CompliancePagesService } from './compliance-pages.service.js';
import { NotificationPagesController } from './notification-pages.controller.js';
import { PageRenderer } from './page-renderer.service.js';
import { ReviewPagesController } from './review-pages.controller.js';
import { ReviewPagesService } from './review-pages.service.js';
import { TaskPagesController } from './task-pages.controller.js';
import { TaskPagesService } from './task-pages.service.js';
import { WebAuthController } from './web-auth.controller.js';
import { WebErrorFilter } from './web-error.filter.js';

/**
 * The web pages (Vietnamese, server-rendered): the same services, guard, roles and
 * object-level checks as the API, reached with a session cookie instead of a bearer token.
 */
@Module({
  imports: [
    AuthModule,
    NotificationsModule,
    TasksModule,
    TargetsModule,
    ComplianceModule,
    DocumentsModule,
    EscalationModule,
  ],
  controllers: [
    WebAuthController,
    TaskPagesController,
    CompliancePagesController,
    ReviewPagesController,
    NotificationPagesController,
  ],
  providers: [
    PageRenderer,
    WebErrorFilter,
    TaskPagesService,
    CompliancePagesService,
    ReviewPagesService,
  ],
})
export class WebModule {}
