import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PeriodSchedulingModule } from '../periods/period-scheduling.module.js';
import { UnitsModule } from '../units/units.module.js';
import { Assignment } from './assignment.entity.js';
import { AssignmentsService } from './assignments.service.js';
import { DirectivePublisher } from './directive-publisher.service.js';
import { Directive } from './directive.entity.js';
import { DirectivesController } from './directives.controller.js';
import { DirectivesService } from './directives.service.js';
import { CarryingDownService } from './carrying-down.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Directive, Assignment]),
    UnitsModule,
    TasksModule,
    PeriodSchedulingModule,
    CalendarModule,
  ],
  controllers: [DirectivesController],
  providers: [DirectivesService, AssignmentsService, DirectivePublisher, CarryingDownService],
  exports: [DirectivesService, AssignmentsService, DirectivePublisher, CarryingDownService],
})
export class DirectivesModule {}
