import { ApiProperty } from '@nestjs/swagger';
import type { ParsedSubtask, Recurrence } from '../directives/parser/parsed-directive.js';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from './task-status.js';
import type { Task } from './task.entity.js';

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty({ description: 'The unit that must act' })
  unit: { id: string; code: string; name: string };
  @ApiProperty({ enum: TASK_ROLES }) role: TaskRole;
  @ApiProperty() requested: boolean;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ nullable: true, type: String, example: '2021-06-30' }) deadline: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: Object }) recurrence: Recurrence | null;
  @ApiProperty({ type: [Object] }) subtasks: ParsedSubtask[];
  @ApiProperty() version: number;

  static from(task: Task): TaskDto {
    return {
      id: task.id,
      directiveId: task.directiveId,
      assignmentId: task.assignmentId,
      unit: { id: task.unitId, code: task.unit?.code ?? '', name: task.unit?.name ?? '' },
      role: task.role,
      requested: task.requested,
      status: task.status,
      deadline: task.deadline,
      dueAt: task.dueAt?.toISOString() ?? null,
      recurrence: task.recurrence,
      subtasks: task.subtasks,
      version: task.version,
    };
  }
}
