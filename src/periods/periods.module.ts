import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PeriodScheduler } from './period-scheduler.service.js';
import { PeriodsController } from './periods.controller.js';
import { PeriodsService } from './periods.service.js';
import { TaskPeriod } from './task-period.entity.js';

/** Reporting periods: the schedule, the API, and what publication and escalation call. */
@Module({
  imports: [TypeOrmModule.forFeature([TaskPeriod]), CalendarModule, TasksModule],
  controllers: [PeriodsController],
  providers: [PeriodScheduler, PeriodsService],
  exports: [PeriodScheduler, PeriodsService],
})
export class PeriodsModule {}
