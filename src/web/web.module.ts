import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PeriodsModule } from '../periods/periods.module.js';
import { TargetsModule } from '../targets/targets.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { CompliancePagesController } from './compliance-pages.controller.js';
import { CompliancePagesService } from './compliance-pages.service.js';
import { NotificationPagesController } from './notification-pages.controller.js';
import { DirectivesModule } from '../directives/directives.module.js';
import { UnitsModule } from '../units/units.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminPagesController } from './admin-pages.controller.js';
import { AdminPagesService } from './admin-pages.service.js';
import { DirectivePagesController } from './directive-pages.controller.js';
import { DirectivePagesService } from './directive-pages.service.js';
import { HeldUploads } from './held-uploads.service.js';
import { ImportPagesController } from './import-pages.controller.js';
import { PageRenderer } from './page-renderer.service.js';
import { ReviewPagesController } from './review-pages.controller.js';
import { ReviewPagesService } from './review-pages.service.js';
import { PeriodPagesController } from './period-pages.controller.js';
import { PeriodPagesService } from './period-pages.service.js';
import { TaskPagesController } from './task-pages.controller.js';
import { TaskPagesService } from './task-pages.service.js';
import { WebAuthController } from './web-auth.controller.js';
import { WebErrorFilter } from './web-error.filter.js';
import { PAGE_ERRORS } from '../core/http/page-errors.js';
import { WebSessionRefresher } from './web-session-refresher.js';

/**
 * The web pages (Vietnamese, server-rendered): the same services, guard, roles and
 * object-level checks as the API, reached with a session cookie instead of a bearer token.
 */
@Module({
  imports: [
    AuthModule,
    NotificationsModule,
    TasksModule,
    PeriodsModule,
    TargetsModule,
    ComplianceModule,
    DocumentsModule,
    EscalationModule,
    // Văn bản and Quản trị pages
    DirectivesModule,
    UnitsModule,
    UsersModule,
  ],
  controllers: [
    WebAuthController,
    TaskPagesController,
    PeriodPagesController,
    CompliancePagesController,
    ReviewPagesController,
    NotificationPagesController,
    ImportPagesController,
    DirectivePagesController,
    AdminPagesController,
  ],
  providers: [
    PageRenderer,
    WebErrorFilter,
    { provide: PAGE_ERRORS, useExisting: WebErrorFilter },
    WebSessionRefresher,
    TaskPagesService,
    PeriodPagesService,
    CompliancePagesService,
    ReviewPagesService,
    DirectivePagesService,
    HeldUploads,
    AdminPagesService,
  ],
})
export class WebModule {}
