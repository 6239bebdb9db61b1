import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { Evidence } from './evidence.entity.js';
import { TaskAccess } from './task-access.service.js';
import { TaskRequestsService } from './task-requests.service.js';
import { TaskWorkflowService } from './task-workflow.service.js';
import { TasksController } from './tasks.controller.js';
import { TaskEvent } from './task-event.entity.js';
import { TaskRequest } from './task-request.entity.js';
import { Task } from './task.entity.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskEvent, Evidence, TaskRequest]), CalendarModule],
  controllers: [TasksController],
  providers: [TasksService, TaskAccess, TaskWorkflowService, TaskRequestsService],
  exports: [TasksService, TaskAccess],
})
export class TasksModule {}
