import { type DynamicModule, Module } from '@nestjs/common';
import { dataSourceOptions } from './app/data-source.js';
import type { Environment } from './core/config/environment.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ChainModule } from './chain/chain.module.js';
import { ComplianceModule } from './compliance/compliance.module.js';
import { CoreModule } from './core/core.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DirectivesModule } from './directives/directives.module.js';
import { CarryingDownPortsModule } from './documents/carrying-down-ports.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { EscalationModule } from './escalation/escalation.module.js';
import { EscalationWorkerModule } from './escalation/escalation-worker.module.js';
import { HealthModule } from './health/health.module.js';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { TargetsModule } from './targets/targets.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { PeriodsModule } from './periods/periods.module.js';
import { UnitsModule } from './units/units.module.js';
import { UsersModule } from './users/users.module.js';
import { WebModule } from './web/web.module.js';

/** The API: every feature module behind HTTP. */
@Module({})
export class AppModule {
  static register(env: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(env, dataSourceOptions),
        AuthModule,
        AuditModule,
        UsersModule,
        UnitsModule,
        CalendarModule,
        DirectivesModule,
        TasksModule,
        PeriodsModule,
        TargetsModule,
        DocumentsModule,
        CarryingDownPortsModule,
        EscalationModule,
        ComplianceModule,
        ChainModule,
        NotificationsModule,
        HealthModule,
        DemoModule,
        WebModule,
        // Small setups run the workers in the API process (RUN_WORKER=true, as `npm start` does).
        ...(env.RUN_WORKER === 'true' ? [EscalationWorkerModule, NotificationsWorkerModule] : []),
      ],
    };
  }
}
