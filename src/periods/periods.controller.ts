// Loads @fastify/multipart's additions to FastifyRequest (isMultipart, parts).
import '@fastify/multipart';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimit } from '../auth/rate-limit.guard.js';
import {
  AnyRole,
  type AuthUser,
  CookieSession,
  CurrentUser,
  Roles,
} from '../core/access/access.decorators.js';
import { DomainError } from '../core/errors/domain-error.js';
import { sendAsAttachment } from '../core/http/file-download.js';
import type { Page } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { createValidationPipe } from '../core/http/validation.js';
import { EvidenceStorage } from '../tasks/evidence-storage.js';
import { readEvidenceUpload } from '../tasks/evidence-upload.js';
import {
  ChangeRecurrenceInput,
  DuePeriodDto,
  DuePeriodsQuery,
  PeriodDto,
  PeriodReportInput,
  PeriodReviewInput,
} from './period.dto.js';
import { periodFilesOf } from './period-files.js';
import { PeriodsService, RECURRENCE_EDITORS } from './periods.service.js';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key returns the first answer instead of acting twice',
};

// The global pipe's rules, for a report body read by hand (JSON or multipart fields).
const VALIDATION = createValidationPipe();

/** Kỳ báo cáo: a task's reporting periods, reports on them, their review, a unit's due list. */
@ApiTags('periods')
@ApiBearerAuth()
@Controller()
export class PeriodsController {
  constructor(
    private readonly periods: PeriodsService,
    private readonly storage: EvidenceStorage,
  ) {}

  @AnyRole()
  @Get('tasks/:id/periods')
  @ApiOkResponse({ type: [PeriodDto] })
  list(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<PeriodDto[]> {
    return this.periods.list(id, user);
  }

  /**
   * The unit's report on a period: JSON `{text, metrics?}`, or multipart/form-data with `text`,
   * `metrics` (the same array as JSON text) and one file in field `file` (the evidence store's
   * types and checks). Late reports are kept and marked late.
   */
  @Roles('unit_officer', 'unit_head')
  @RateLimit('upload', { multipartOnly: true })
  @Post('tasks/:id/periods/:periodId/report')
  @HttpCode(200)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: PeriodReportInput })
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: PeriodDto })
  async report(
    @UuidParam() id: string,
    @UuidParam('periodId') periodId: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<PeriodDto> {
    if (!request.isMultipart()) {
      return this.periods.report(id, periodId, await validReport(request.body), user);
    }
    // Refuse before reading (and storing) the upload whatever can be refused already.
    await this.periods.checkMayReport(id, periodId, user);
    const { fields, file } = await readEvidenceUpload(request, this.storage);
    // Every field goes through validation: an undeclared one is refused, as in JSON.
    const input = await validReport({
      ...fields,
      ...(fields.metrics !== undefined ? { metrics: metricsField(fields.metrics) } : {}),
    });
    return this.periods.report(id, periodId, input, user, periodFilesOf(file));
  }

  /** A file of a period's report, to anyone who may see the task (the task page links it). */
  @AnyRole()
  @CookieSession()
  @Get('tasks/:id/periods/:periodId/files/:index')
  @ApiProduces('application/octet-stream')
  async file(
    @UuidParam() id: string,
    @UuidParam('periodId') periodId: string,
    @Param('index') index: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    if (!/^\d{1,3}$/.test(index)) {
      throw new DomainError('invalid', 'invalid_index', 'index must be a whole number (0, 1, …)');
    }
    const file = await this.periods.file(id, periodId, Number(index), user);
    const { stream, size } = await this.storage.open(file.sha256);
    sendAsAttachment(reply, file);
    return new StreamableFile(stream, { length: size });
  }

  /** Accept or return a submitted report (the task's reviewers). */
  @Roles('chair', 'clerk')
  @Post('tasks/:id/periods/:periodId/review')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: PeriodDto })
  review(
    @UuidParam() id: string,
    @UuidParam('periodId') periodId: string,
    @Body() body: PeriodReviewInput,
    @CurrentUser() user: AuthUser,
  ): Promise<PeriodDto> {
    return this.periods.review(id, periodId, body, user);
  }

  /** The issuing side changes a task's recurrence: future periods only, history kept. */
  @Roles(...RECURRENCE_EDITORS)
  @Patch('tasks/:id/recurrence')
  @ApiOkResponse({ type: [PeriodDto] })
  changeRecurrence(
    @UuidParam() id: string,
    @Body() body: ChangeRecurrenceInput,
    @CurrentUser() user: AuthUser,
  ): Promise<PeriodDto[]> {
    return this.periods.changeRecurrence(id, body.recurrence ?? null, body.version, user);
  }

  /** Kỳ báo cáo của đơn vị tôi: what the user's unit owes, soonest due first. */
  @AnyRole()
  @Get('me/periods')
  due(@Query() query: DuePeriodsQuery, @CurrentUser() user: AuthUser): Promise<Page<DuePeriodDto>> {
    return this.periods.dueForUnit(query, user);
  }
}

/** A report body through the same rules and errors as every body. */
async function validReport(body: unknown): Promise<PeriodReportInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError(
      'invalid',
      'invalid_body',
      'send a JSON object {"text": …, "metrics"?: […]}, or multipart/form-data with a file',
    );
  }
  return (await VALIDATION.transform(
    { ...(body as Record<string, unknown>) },
    { type: 'body', metatype: PeriodReportInput },
  )) as PeriodReportInput;
}

/** The multipart `metrics` field: the JSON array as text. */
function metricsField(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError(
      'invalid',
      'invalid_metrics',
      'metrics must be a JSON array [{"indicator": …, "value": …, "asOf"?: …}]',
    );
  }
}
