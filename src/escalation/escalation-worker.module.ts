import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { EscalationFirer } from './escalation-firer.service.js';
import { EscalationPlanner } from './escalation-planner.service.js';
import { EscalationProcessor } from './escalation.processor.js';
import { EscalationReconciler } from './escalation-reconciler.service.js';
import { ESCALATION_QUEUE } from './escalation.constants.js';
import { OutboxDrainer } from './outbox-drainer.service.js';
import { PeriodEscalationFirer } from './period-escalation-firer.service.js';
import { PeriodEscalationPlanner } from './period-escalation-planner.service.js';
import { PeriodSchedulingModule } from '../periods/period-scheduling.module.js';

/** The worker side: drain the outbox into jobs, fire steps, sweep for missing jobs. */
@Module({
  imports: [
    BullModule.registerQueue({ name: ESCALATION_QUEUE }),
    CalendarModule,
    UsersModule,
    NotificationsModule,
    PeriodSchedulingModule,
  ],
  providers: [
    EscalationPlanner,
    EscalationFirer,
    PeriodEscalationPlanner,
    PeriodEscalationFirer,
    EscalationReconciler,
    EscalationProcessor,
    OutboxDrainer,
  ],
  exports: [EscalationPlanner, PeriodEscalationPlanner, OutboxDrainer, EscalationReconciler],
})
export class EscalationWorkerModule {}
