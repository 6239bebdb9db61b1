import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { RateLimit } from '../auth/rate-limit.guard.js';
import { ErrorBody } from '../core/http/error-body.js';
import { sendAsAttachment } from '../core/http/file-download.js';
import { type Page, PageQuery } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import type { TaskDto } from '../tasks/task.dto.js';
import { AssignmentsService } from './assignments.service.js';
import { DirectivePublisher } from './directive-publisher.service.js';
import { readDirectiveSource, readImportRequest, sourceDownload } from './directive-source.js';
import { CarryingDownService } from './carrying-down.service.js';
import {
  AssignmentDto,
  CreateAssignmentDto,
  DirectiveDto,
  DirectiveListQuery,
  DirectiveSummaryDto,
  ImplementsTaskDto,
  PublishDirectiveDto,
  PublishResultDto,
  UpdateAssignmentDto,
  UpdateDirectiveDto,
} from './directive.dto.js';
import { DirectivesService } from './directives.service.js';
import type { ParsedDirective } from './parser/parsed-directive.js';

const SOURCE_BODY = {
  description:
    'The letter: text/plain, JSON { "text": "…" }, or multipart/form-data with one file (.txt, .md, .docx, .pdf, ≤ 10 MB)',
  schema: { type: 'string' },
};

/** Intake (nhập văn bản): parse, import, review and publish directives. */
@ApiTags('directives')
@ApiBearerAuth()
@Controller('directives')
export class DirectivesController {
  constructor(
    private readonly directives: DirectivesService,
    private readonly assignments: AssignmentsService,
    private readonly publisher: DirectivePublisher,
    private readonly carrying: CarryingDownService,
  ) {}

  /** The parser's draft, nothing stored. */
  @Roles('admin', 'clerk', 'chair')
  @RateLimit('upload')
  @Post('parse')
  @HttpCode(200)
  @ApiConsumes('text/plain', 'application/json', 'multipart/form-data')
  @ApiBody(SOURCE_BODY)
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'Not a directive' })
  async parse(@Req() request: FastifyRequest): Promise<ParsedDirective> {
    return this.directives.parse(await readDirectiveSource(request));
  }

  /**
   * Stores a draft with each assignee resolved; 409 with `existingId` for a second import.
   * `implementsTaskId` names the received task it carries down (null: none); unsaid, the one
   * task the letter's references cite is linked, and several answer 409 with `suggestions`.
   */
  @Roles('admin', 'clerk')
  @RateLimit('upload')
  @Post('import')
  @ApiConsumes('text/plain', 'application/json', 'multipart/form-data')
  @ApiBody(SOURCE_BODY)
  @ApiOkResponse({ type: DirectiveDto })
  async import(
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<DirectiveDto> {
    const { source, options } = await readImportRequest(request);
    const imported = await this.carrying.import(source, options.implementsTaskId, user);
    const { directive, assignments } = await this.directives.get(imported.id, user);
    return DirectiveDto.full(directive, assignments);
  }

  @AnyRole()
  @Get()
  async list(
    @Query() query: DirectiveListQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<DirectiveSummaryDto>> {
    const page = await this.directives.list(query, user);
    return { ...page, items: page.items.map((directive) => DirectiveSummaryDto.from(directive)) };
  }

  @AnyRole()
  @Get(':id')
  @ApiOkResponse({ type: DirectiveDto })
  async get(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<DirectiveDto> {
    const { directive, assignments } = await this.directives.get(id, user);
    return DirectiveDto.full(directive, assignments);
  }

  /** Edits a draft: header fields, targets, the default deadline. */
  @Roles('admin', 'clerk')
  @Patch(':id')
  @ApiOkResponse({ type: DirectiveDto })
  async update(
    @UuidParam() id: string,
    @Body() body: UpdateDirectiveDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DirectiveDto> {
    const { directive, assignments } = await this.directives.update(id, body, user);
    return DirectiveDto.full(directive, assignments);
  }

  /** The letter exactly as it arrived (the uploaded file, or the pasted text). */
  @AnyRole()
  @Get(':id/source')
  async source(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const download = await sourceDownload(await this.directives.source(id, user), 'directive');
    sendAsAttachment(reply, download);
    return download.body;
  }

  /** Creates the tasks; 422 listing every problem while the draft is not ready; 409 if published. */
  @Roles('admin', 'clerk')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: PublishResultDto })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: '`problems` lists what to fix' })
  publish(
    @UuidParam() id: string,
    @Body() body: PublishDirectiveDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PublishResultDto> {
    return this.publisher.publish(id, body, user);
  }

  /** The directive's tasks; a unit's people see their own unit's only. */
  @AnyRole()
  @Get(':id/tasks')
  async tasksOf(
    @UuidParam() id: string,
    @Query() query: PageQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<TaskDto>> {
    return this.directives.tasksOf(id, query, user);
  }

  @Roles('admin', 'clerk')
  @Post(':id/assignments')
  @ApiOkResponse({ type: AssignmentDto })
  async addAssignment(
    @UuidParam() id: string,
    @Body() body: CreateAssignmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AssignmentDto> {
    return AssignmentDto.from(await this.assignments.add(id, body, user));
  }

  /** Fix a part: its assignee (re-resolved) or units chosen from the directory, deadline, text. */
  @Roles('admin', 'clerk')
  @Patch(':id/assignments/:assignmentId')
  @ApiOkResponse({ type: AssignmentDto })
  async updateAssignment(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: UpdateAssignmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AssignmentDto> {
    return AssignmentDto.from(await this.assignments.update(id, assignmentId, body, user));
  }

  @Roles('admin', 'clerk')
  @Delete(':id/assignments/:assignmentId')
  @HttpCode(204)
  removeAssignment(
    @UuidParam() id: string,
    @UuidParam('assignmentId') assignmentId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.assignments.remove(id, assignmentId, user);
  }

  /** Sets or changes the received task a draft carries down; its body's clerk only. */
  @Roles('admin', 'clerk')
  @Put(':id/implements')
  @ApiOkResponse({ type: DirectiveDto })
  async link(
    @UuidParam() id: string,
    @Body() body: ImplementsTaskDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DirectiveDto> {
    await this.carrying.link(id, body.taskId, user);
    const { directive, assignments } = await this.directives.get(id, user);
    return DirectiveDto.full(directive, assignments);
  }

  /** Removes the link while the directive is a draft (409 once published). */
  @Roles('admin', 'clerk')
  @Delete(':id/implements')
  @ApiOkResponse({ type: DirectiveDto })
  async unlink(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<DirectiveDto> {
    await this.carrying.unlink(id, user);
    const { directive, assignments } = await this.directives.get(id, user);
    return DirectiveDto.full(directive, assignments);
  }
}
