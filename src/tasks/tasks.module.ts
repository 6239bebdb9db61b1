import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { EvidenceStorage } from './evidence-storage.js';
import { EvidenceController } from './evidence.controller.js';
import { Evidence } from './evidence.entity.js';
import { EvidenceService } from './evidence.service.js';
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
  controllers: [TasksController, EvidenceController],
  providers: [
    TasksService,
    TaskAccess,
    TaskWorkflowService,
    TaskRequestsService,
    EvidenceService,
    EvidenceStorage,
  ],
  exports: [
    TasksService,
    TaskAccess,
    TaskWorkflowService,
    TaskRequestsService,
    EvidenceService,
    EvidenceStorage,
  ],
})
export class TasksModule {}
