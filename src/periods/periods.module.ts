import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { PeriodScheduler } from './period-scheduler.service.js';
import { TaskPeriod } from './task-period.entity.js';

/** Reporting periods: the schedule, and what publication and escalation call. */
@Module({
  imports: [TypeOrmModule.forFeature([TaskPeriod]), CalendarModule],
  providers: [PeriodScheduler],
  exports: [PeriodScheduler],
})
export class PeriodsModule {}
