import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PeriodSchedulingModule } from './period-scheduling.module.js';
import { PeriodsController } from './periods.controller.js';
import { PeriodsService } from './periods.service.js';

/** Reporting periods over HTTP: a task's periods, reports, reviews, due lists, recurrence. */
@Module({
  imports: [PeriodSchedulingModule, CalendarModule, TasksModule],
  controllers: [PeriodsController],
  providers: [PeriodsService],
  exports: [PeriodsService, PeriodSchedulingModule],
})
export class PeriodsModule {}
