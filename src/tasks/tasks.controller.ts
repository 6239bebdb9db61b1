import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { type Page, PageQuery } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import {
  BulkReviewDto,
  BulkReviewResultDto,
  ChangeStatusDto,
  DecisionDto,
  ExtensionRequestDto,
  PauseRequestDto,
  TaskDetailDto,
  TaskDto,
  TaskEventDto,
  TaskListQuery,
  TaskRequestDto,
} from './task.dto.js';
import { TaskRequestsService } from './task-requests.service.js';
import { TaskWorkflowService } from './task-workflow.service.js';
import { TasksService } from './tasks.service.js';
import { VersionRequiredError } from './tasks.errors.js';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key returns the first answer instead of acting twice',
};

/** Tasks: lists, the unit's inbox, status moves, history, reviews, deadline and pause requests. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly workflow: TaskWorkflowService,
    private readonly requests: TaskRequestsService,
  ) {}

  @AnyRole()
  @Get('tasks')
  list(@Query() query: TaskListQuery, @CurrentUser() user: AuthUser): Promise<Page<TaskDto>> {
    return this.tasks.list(query, user);
  }

  /** Việc của đơn vị tôi: the open tasks of the user's unit, soonest deadline first. */
  @AnyRole()
  @Get('me/tasks')
  inbox(@Query() query: PageQuery, @CurrentUser() user: AuthUser): Promise<Page<TaskDto>> {
    return this.tasks.inbox(query, user);
  }

  @AnyRole()
  @Get('tasks/:id')
  @ApiOkResponse({ type: TaskDetailDto })
  get(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<TaskDetailDto> {
    return this.tasks.detail(id, user);
  }

  /** The one endpoint for status moves; who may make which move is checked here. */
  @AnyRole()
  @Post('tasks/:id/status')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The task version, instead of "version"',
  })
  @ApiOkResponse({ type: TaskDetailDto })
  async changeStatus(
    @UuidParam() id: string,
    @Body() body: ChangeStatusDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskDetailDto> {
    const version = body.version ?? versionFromIfMatch(ifMatch);
    const task = await this.workflow.changeStatus(id, { ...body, version }, user);
    return this.tasks.detailOf(task, user);
  }

  @AnyRole()
  @Get('tasks/:id/history')
  history(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<TaskEventDto[]> {
    return this.tasks.history(id, user);
  }

  /** Accept or return several reported tasks at once; each outcome is reported separately. */
  @Roles('chair', 'clerk')
  @Post('tasks/bulk-review')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  bulkReview(
    @Body() body: BulkReviewDto,
    @CurrentUser() user: AuthUser,
  ): Promise<BulkReviewResultDto[]> {
    return this.workflow.bulkReview(body, user);
  }

  /** Xin gia hạn: the unit asks the chair for a new deadline. */
  @Roles('unit_officer', 'unit_head')
  @Post('tasks/:id/extension-requests')
  @ApiHeader(IDEMPOTENCY)
  async requestExtension(
    @UuidParam() id: string,
    @Body() body: ExtensionRequestDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskRequestDto> {
    return TaskRequestDto.from(await this.requests.request(id, 'extension', body, user));
  }

  /** Xin tạm hoãn: the unit asks the chair to stop the clock (waiting on another body). */
  @Roles('unit_officer', 'unit_head')
  @Post('tasks/:id/pause-requests')
  @ApiHeader(IDEMPOTENCY)
  async requestPause(
    @UuidParam() id: string,
    @Body() body: PauseRequestDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskRequestDto> {
    return TaskRequestDto.from(await this.requests.request(id, 'pause', body, user));
  }

  @AnyRole()
  @Get('tasks/:id/requests')
  async requestsOf(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskRequestDto[]> {
    return (await this.requests.listForTask(id, user)).map((request) =>
      TaskRequestDto.from(request),
    );
  }

  /** The chair approves or rejects an extension or pause request. */
  @Roles('chair')
  @Post('task-requests/:id/decision')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  async decide(
    @UuidParam() id: string,
    @Body() body: DecisionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskRequestDto> {
    return TaskRequestDto.from(await this.requests.decide(id, body.approve, body.note, user));
  }
}

/** `If-Match: 3`, `If-Match: "3"` or `W/"3"`. */
function versionFromIfMatch(header: string | undefined): number {
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header?.trim() ?? '');
  if (!match) throw new VersionRequiredError();
  return Number(match[1]);
}
