import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { PeriodScheduler } from './period-scheduler.service.js';
import { TaskPeriod } from './task-period.entity.js';

/**
 * The periods' schedule without the API: what publication (directives) and the escalation
 * worker call, so a worker process loads no controller.
 */
@Module({
  imports: [TypeOrmModule.forFeature([TaskPeriod]), CalendarModule],
  providers: [PeriodScheduler],
  exports: [PeriodScheduler],
})
export class PeriodSchedulingModule {}
