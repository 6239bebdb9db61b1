import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import { normalizeDeadline } from './deadlines.js';
import type { Milestone, ParsedSubtask, Recurrence } from './recurrence.js';
import type { TaskFlags } from './task-flags.js';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from './task-status.js';
import type { Task } from './task.entity.js';
import type { TaskEvent } from './task-event.entity.js';
import type { TaskRequest } from './task-request.entity.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "2021-06-30", "2021-06-30T16:00" (Vietnam time) or with an offset. */
export function IsDeadline(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDeadline',
      validator: {
        validate: (value: unknown) =>
          value === null || (typeof value === 'string' && normalizeDeadline(value) !== null),
        defaultMessage: () =>
          '$property must be a date (2021-06-30) or a date-time (2021-06-30T16:00)',
      },
    },
    options,
  );
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty({ description: 'The unit that must act' })
  unit: { id: string; code: string; name: string };
  @ApiProperty({ enum: TASK_ROLES }) role: TaskRole;
  @ApiProperty() requested: boolean;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ nullable: true, type: String, example: '2021-06-30', description: 'In force' })
  deadline: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'As set at publication' })
  originalDeadline: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt: string | null;
  @ApiProperty() deadlineVersion: number;
  @ApiProperty({ nullable: true, type: Object }) recurrence: Recurrence | null;
  @ApiProperty({ type: [Object] }) subtasks: ParsedSubtask[];
  @ApiProperty({ nullable: true, type: String }) pausedFrom: TaskStatus | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) reportedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ format: 'date-time' }) lastUnitActivityAt: string;
  @ApiProperty({
    description: 'Derived: category, overdue, daysOverdue, dueSoon, noDeadline, stale',
  })
  flags: TaskFlags;
  @ApiProperty() version: number;

  static from(task: Task, flags: TaskFlags): TaskDto {
    return {
      id: task.id,
      directiveId: task.directiveId,
      assignmentId: task.assignmentId,
      unit: { id: task.unitId, code: task.unit?.code ?? '', name: task.unit?.name ?? '' },
      role: task.role,
      requested: task.requested,
      status: task.status,
      deadline: task.deadline,
      originalDeadline: task.originalDeadline,
      dueAt: task.dueAt?.toISOString() ?? null,
      deadlineVersion: task.deadlineVersion,
      recurrence: task.recurrence,
      subtasks: task.subtasks,
      pausedFrom: task.pausedFrom,
      reportedAt: task.reportedAt?.toISOString() ?? null,
      completedAt: task.completedAt?.toISOString() ?? null,
      lastUnitActivityAt: task.lastUnitActivityAt.toISOString(),
      flags,
      version: task.version,
    };
  }
}

/** A child directive's progress: its tasks' compliance figures (`compliance-figures.ts`). */
export class CarriedDownProgressDto {
  @ApiProperty({ description: 'Its tasks, cancelled ones left out' }) total: number;
  @ApiProperty() completed: number;
  @ApiProperty() completedOnTime: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ description: 'Chưa tiếp nhận' }) notReceived: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'completed ÷ (completed + overdue)',
  })
  completionRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'completed on time ÷ completed' })
  onTimeRate: number | null;
}

/** A directive carrying the task down (triển khai): the receiving body's own letter for it. */
export class CarriedDownDto {
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ enum: ['draft', 'published'] }) status: string;
  @ApiProperty({ type: CarriedDownProgressDto }) progress: CarriedDownProgressDto;
}

/** A task with what its page shows: the directive, the part's instruction, the latest report. */
export class TaskDetailDto extends TaskDto {
  @ApiProperty() directive: {
    id: string;
    number: string | null;
    subject: string | null;
    issuedOn: string | null;
  };
  @ApiProperty({
    description: 'The part: label, body as written, instruction, and its dated steps (milestones)',
  })
  assignment: {
    id: string;
    label: string;
    assignee: string;
    text: string;
    milestones: Milestone[];
  };
  @ApiProperty({ nullable: true, type: String }) report: string | null;
  @ApiProperty({
    type: [CarriedDownDto],
    description:
      'The directives carrying this task down, oldest first: published ones for whoever sees ' +
      'the task; drafts too for a chair, clerk or admin (who oversee them)',
  })
  carriedDownBy: CarriedDownDto[];

  static detail(task: Task, flags: TaskFlags, carriedDownBy: CarriedDownDto[]): TaskDetailDto {
    return {
      ...TaskDto.from(task, flags),
      directive: {
        id: task.directiveId,
        number: task.directive?.number ?? null,
        subject: task.directive?.subject ?? null,
        issuedOn: task.directive?.issuedOn ?? null,
      },
      assignment: {
        id: task.assignmentId,
        label: task.assignment?.label ?? '',
        assignee: task.assignment?.assignee ?? '',
        text: task.assignment?.text ?? '',
        milestones: task.assignment?.milestones ?? [],
      },
      report: task.report,
      carriedDownBy,
    };
  }
}

export class ChangeStatusDto {
  @ApiProperty({ enum: TASK_STATUSES })
  @IsIn(TASK_STATUSES)
  status: TaskStatus;

  @ApiPropertyOptional({ description: 'The version you loaded; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;

  @ApiPropertyOptional({ description: 'Báo cáo kết quả: required to report' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  report?: string;

  @ApiPropertyOptional({ description: 'Required to return or cancel' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason?: string;
}

export class TaskListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() directiveId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;

  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    isArray: true,
    description: 'One or several, comma-separated',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',') : value,
  )
  @IsArray()
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ description: 'true: only overdue; false: only not overdue' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Deadline on or before (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'dueBefore must be a date (YYYY-MM-DD)' })
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'Deadline on or after (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'dueAfter must be a date (YYYY-MM-DD)' })
  dueAfter?: string;

  @ApiPropertyOptional({ enum: TASK_ROLES }) @IsOptional() @IsIn(TASK_ROLES) role?: TaskRole;

  @ApiPropertyOptional({
    enum: ['deadline', '-deadline', 'updated', '-updated'],
    default: 'deadline',
  })
  @IsOptional()
  @IsIn(['deadline', '-deadline', 'updated', '-updated'])
  sort?: 'deadline' | '-deadline' | 'updated' | '-updated';
}

export class TaskEventDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: Object }) actor: {
    id: string;
    username: string;
    fullName: string;
  } | null;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: Object }) data: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) at: string;

  static from(event: TaskEvent): TaskEventDto {
    return {
      id: event.id,
      kind: event.kind,
      actor: event.actor
        ? { id: event.actor.id, username: event.actor.username, fullName: event.actor.fullName }
        : null,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
      data: event.data,
      at: event.createdAt.toISOString(),
    };
  }
}

class ReviewItem {
  @ApiProperty({ format: 'uuid' }) @IsUUID() taskId: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class BulkReviewDto {
  @ApiProperty({ enum: ['completed', 'returned'] })
  @IsIn(['completed', 'returned'])
  status: 'completed' | 'returned';

  @ApiPropertyOptional({ description: 'Required to return' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;

  @ApiProperty({ type: [ReviewItem] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ReviewItem)
  tasks: ReviewItem[];
}

export class BulkReviewResultDto {
  @ApiProperty() taskId: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() status?: TaskStatus;
  @ApiPropertyOptional() version?: number;
  @ApiPropertyOptional() error?: { statusCode: number; code?: string; message: string };
}

export class ExtensionRequestDto {
  @ApiProperty({ example: '2020-09-15' }) @IsDeadline() deadline: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) reason: string;
}

export class PauseRequestDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) reason: string;
}

export class DecisionDto {
  @ApiProperty() @IsBoolean() approve: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class TaskRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty({ enum: ['extension', 'pause'] }) kind: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) requestedDeadline: string | null;
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;

  static from(request: TaskRequest): TaskRequestDto {
    return {
      id: request.id,
      taskId: request.taskId,
      kind: request.kind,
      status: request.status,
      reason: request.reason,
      requestedDeadline: request.requestedDeadline,
      requestedBy: request.requestedById,
      requestedAt: request.requestedAt.toISOString(),
      decidedBy: request.decidedById,
      decidedAt: request.decidedAt?.toISOString() ?? null,
      decisionNote: request.decisionNote,
    };
  }
}
