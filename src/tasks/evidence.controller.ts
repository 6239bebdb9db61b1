// Loads @fastify/multipart's additions to FastifyRequest (isMultipart, parts).
import '@fastify/multipart';
import {
  BadRequestException,
  Controller,
  Delete,
  Get,
  Headers,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AnyRole,
  type AuthUser,
  CookieSession,
  CurrentUser,
} from '../core/access/access.decorators.js';
import { CsrfGuard } from '../auth/csrf.guard.js';
import { RateLimit } from '../auth/rate-limit.guard.js';
import { DomainError } from '../core/errors/domain-error.js';
import { sendAsAttachment } from '../core/http/file-download.js';
import { PageQuery } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { EvidenceStorage } from './evidence-storage.js';
import { readEvidenceUpload } from './evidence-upload.js';
import {
  DocumentEvidenceInput,
  EVIDENCE_INPUTS,
  EvidenceChangeDto,
  type EvidenceInput,
  EvidencePageDto,
  FILE_KINDS,
  FileEvidenceInput,
  LinkEvidenceInput,
  MetricEvidenceInput,
  NoteEvidenceInput,
} from './evidence.dto.js';
import { EVIDENCE_KINDS, type EvidenceKind } from './evidence.entity.js';
import { EvidenceService } from './evidence.service.js';
import { createValidationPipe } from '../core/http/validation.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description:
    'The task version you loaded. Optional for evidence: when sent (or as "version") it must be ' +
    'current, else 409 stale_version; when not, the current version is used.',
};
const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key returns the first answer instead of acting twice',
};

// The global pipe's rules, applied once the body's kind says which shape it must have.
const VALIDATION = createValidationPipe();

/** Minh chứng: evidence a unit submits on its task, and its files. */
@ApiTags('evidence')
@ApiBearerAuth()
@ApiExtraModels(
  FileEvidenceInput,
  LinkEvidenceInput,
  NoteEvidenceInput,
  MetricEvidenceInput,
  DocumentEvidenceInput,
)
@Controller()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly storage: EvidenceStorage,
  ) {}

  /**
   * Adds evidence. JSON `{ "kind": "link" | "note" | "metric" | "document", … }`, or
   * multipart/form-data with the file in field `file` and the other fields beside it (kinds
   * `file`, the default, and `document`). Only the task's unit, until the task is reported.
   */
  @AnyRole()
  // The task page's upload script posts here with the session cookie and its CSRF token.
  @CookieSession()
  @UseGuards(CsrfGuard)
  @RateLimit('upload', { multipartOnly: true })
  @Post('tasks/:id/evidence')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description:
      'JSON for link, note, metric and document; multipart/form-data (file in field "file", ' +
      'PDF, DOCX, XLSX, JPG or PNG, the type read from the content) for file and document',
    schema: {
      oneOf: [
        FileEvidenceInput,
        LinkEvidenceInput,
        NoteEvidenceInput,
        MetricEvidenceInput,
        DocumentEvidenceInput,
      ].map((model) => ({ $ref: getSchemaPath(model) })),
    },
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: EvidenceChangeDto })
  async add(
    @UuidParam() taskId: string,
    @Req() request: FastifyRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<EvidenceChangeDto> {
    const headerVersion = versionFromIfMatch(ifMatch);
    if (!request.isMultipart()) {
      const input = await validateInput(jsonBody(request.body));
      if (input.kind === 'file') {
        throw new DomainError(
          'invalid',
          'file_required',
          'send a file as multipart/form-data with it in field "file"',
        );
      }
      input.version ??= headerVersion;
      return this.evidence.add(taskId, input, null, user);
    }
    // Refuse before reading (and storing) the upload whatever can be refused already.
    await this.evidence.checkMayAdd(taskId, user, headerVersion);
    const { fields, file } = await readEvidenceUpload(request, this.storage, {
      beforeFile: (sent) => {
        if (sent.kind !== undefined && !FILE_KINDS.includes(sent.kind as EvidenceKind)) {
          throw new JsonOnlyKindError();
        }
      },
    });
    fields.kind ??= 'file';
    if (!FILE_KINDS.includes(fields.kind as EvidenceKind)) throw new JsonOnlyKindError();
    const input = await validateInput(fields);
    input.version ??= headerVersion;
    return this.evidence.add(taskId, input, file, user);
  }

  /** The task's evidence, oldest first, withdrawn ones included with `withdrawnAt`. */
  @AnyRole()
  @Get('tasks/:id/evidence')
  @ApiOkResponse({ type: EvidencePageDto })
  list(
    @UuidParam() taskId: string,
    @Query() query: PageQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<EvidencePageDto> {
    return this.evidence.list(taskId, query, user);
  }

  /**
   * Withdraws evidence (the row, its file and the history stay, marked `withdrawnAt`). Only the
   * task's unit, and not once the task is reported (409 evidence_locked).
   */
  @AnyRole()
  @Delete('evidence/:id')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EvidenceChangeDto })
  withdraw(
    @UuidParam() id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<EvidenceChangeDto> {
    return this.evidence.withdraw(id, user, versionFromIfMatch(ifMatch));
  }

  /** The file, to anyone who may see the task; 404 for evidence without one. */
  @AnyRole()
  @CookieSession()
  @Get('evidence/:id/file')
  @ApiProduces('application/octet-stream')
  async file(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.evidence.openFile(id, user);
    sendAsAttachment(reply, file);
    return new StreamableFile(file.stream, { length: file.size });
  }
}

class JsonOnlyKindError extends DomainError {
  constructor() {
    super(
      'invalid',
      'json_only_kind',
      'multipart/form-data is for kinds "file" and "document"; send link, note and metric evidence as JSON',
    );
  }
}

/** Validates a body against its kind's shape, with the same rules and errors as every body. */
async function validateInput(raw: Record<string, unknown>): Promise<EvidenceInput> {
  // Multipart fields are text: the version is the one number they carry.
  if (typeof raw.version === 'string' && /^\d{1,9}$/.test(raw.version)) {
    raw.version = Number(raw.version);
  }
  const kind = raw.kind;
  if (typeof kind !== 'string' || !(EVIDENCE_KINDS as readonly string[]).includes(kind)) {
    throw new BadRequestException({
      message: [`kind must be one of the following values: ${EVIDENCE_KINDS.join(', ')}`],
    });
  }
  return (await VALIDATION.transform(raw, {
    type: 'body',
    metatype: EVIDENCE_INPUTS[kind as EvidenceKind],
  })) as EvidenceInput;
}

function jsonBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError(
      'invalid',
      'invalid_body',
      'send a JSON object { "kind": …, … }, or multipart/form-data with the file in field "file"',
    );
  }
  return { ...(body as Record<string, unknown>) };
}

function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new DomainError(
      'invalid',
      'invalid_if_match',
      'If-Match must be the task version you loaded, e.g. "3"',
    );
  }
  return Number(match[1]);
}
