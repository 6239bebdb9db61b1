import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module.js';
import { ESCALATION_QUEUE } from './escalation.constants.js';
import { EscalationsController } from './escalations.controller.js';
import { EscalationsService } from './escalations.service.js';

/** The API side of escalation: reading rounds and the chair's meeting list. */
@Module({
  imports: [BullModule.registerQueue({ name: ESCALATION_QUEUE }), TasksModule],
  controllers: [EscalationsController],
  providers: [EscalationsService],
  exports: [EscalationsService],
})
export class EscalationModule {}
