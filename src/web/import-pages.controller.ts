import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { RateLimit } from '../auth/rate-limit.guard.js';
import { type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { DomainError } from '../core/errors/domain-error.js';
import { mapError } from '../core/http/error-mapping.js';
import {
  type DirectiveSource,
  implementsTaskOption,
  readImportRequest,
} from '../directives/directive-source.js';
import type { ReceivedTask } from '../tasks/tasks.service.js';
import { DirectivePagesService } from './directive-pages.service.js';
import { type HeldUpload, HeldUploads, UploadNotHeldError } from './held-uploads.service.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { messageOf } from './web-error.filter.js';
import { WebForm } from './web-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { setFlash } from './web-session.js';

const texts = vi.directivesPages;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Codes of a refused import, answered on the import page itself (the pasted text kept). */
const IMPORT_ERRORS = new Set([
  'duplicate_directive',
  'implements_task_ambiguous',
  'not_received_task',
  'task_not_found',
  'invalid_id',
  'not_a_directive',
  'unreadable_document',
  'empty_document',
  'document_too_large',
  'no_source',
  'one_file_only',
  'malformed_upload',
  'upload_not_held',
]);

/** An upload held by the import page, sent again with the task chosen for it. */
export class HeldUploadForm extends WebForm {
  @IsUUID() upload: string;
  @IsOptional() @IsString() @MaxLength(40) implementsTaskId?: string;
}

/** What the import page keeps of a refused import: the pasted text, the choice, the upload. */
interface Kept {
  text: string;
  implementsTaskId: string;
  /** Which form was sent. */
  from: 'text' | 'upload';
  held: HeldUpload | null;
}

/**
 * Nhập văn bản: paste or upload, a plain form post either way, with the received task the
 * letter carries down (triển khai). A refused import is answered on the page itself, the
 * pasted text kept; a letter that cites a directive with several tasks for the body offers them
 * to choose from, and an upload waits for the choice (HeldUploads) instead of being asked for again.
 */
@WebPages()
@Controller('van-ban/nhap')
export class ImportPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly directives: DirectivePagesService,
    private readonly held: HeldUploads,
  ) {}

  @Roles('admin', 'clerk')
  @Get()
  async importPage(
    @Query('implementsTaskId') preset: unknown,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // "Triển khai văn bản" on a received task's page presets the task it carries down.
    const chosen = typeof preset === 'string' && UUID.test(preset) ? preset.toLowerCase() : 'auto';
    return this.pages.page(request, reply, 'directives/import', texts.importTitle, {
      error: null,
      text: '',
      received: await this.directives.receivedTasks(user),
      implementsTaskId: chosen,
      suggestions: null,
      from: null,
      held: null,
    });
  }

  /**
   * One route for both forms: pasted text arrives urlencoded (`text`), a file as multipart
   * (no token: the guard runs before the body is read, so it checks the form came from this
   * site's page by Sec-Fetch-Site or Origin; see CsrfGuard). Both
   * go through the API's own reader and import, so the original bytes are kept the same way.
   */
  @Roles('admin', 'clerk')
  @RateLimit('upload')
  @Post()
  async import(
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    // The anti-forgery field has done its work (the guard checked it): the letter is the rest,
    // read by the API's own reader, which refuses any other field.
    if (request.body && typeof request.body === 'object') {
      delete (request.body as Record<string, unknown>)._csrf;
    }
    let read: Awaited<ReturnType<typeof readImportRequest>> | undefined;
    try {
      read = await readImportRequest(request);
      return await this.imported(reply, read.source, read.options.implementsTaskId, user);
    } catch (error) {
      const upload = request.isMultipart();
      const body = request.body as { text?: unknown; implementsTaskId?: unknown } | undefined;
      return this.refused(request, reply, user, error, {
        text: typeof body?.text === 'string' ? body.text : '',
        implementsTaskId:
          typeof body?.implementsTaskId === 'string' ? body.implementsTaskId : 'auto',
        from: upload ? 'upload' : 'text',
        // The clerk has a task to choose: the upload waits for it.
        held: upload && read && isAmbiguous(error) ? await this.held.hold(read.source, user) : null,
      });
    }
  }

  /** The upload held for the clerk's choice, imported as it arrived with the task now chosen. */
  @Roles('admin', 'clerk')
  @RateLimit('upload')
  @Post('tep-da-tai')
  async importHeld(
    @Body() form: HeldUploadForm,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const source = await this.held.get(form.upload, user);
    try {
      if (!source) throw new UploadNotHeldError();
      const imported = await this.imported(
        reply,
        source,
        implementsTaskOption(form.implementsTaskId),
        user,
      );
      await this.held.release(form.upload, user);
      return imported;
    } catch (error) {
      return this.refused(request, reply, user, error, {
        text: '',
        implementsTaskId: form.implementsTaskId ?? 'auto',
        from: 'upload',
        held: source ? { token: form.upload, filename: source.filename } : null,
      });
    }
  }

  /** Imports the letter and goes to its draft. */
  private async imported(
    reply: FastifyReply,
    source: DirectiveSource,
    implementsTaskId: string | null | undefined,
    user: AuthUser,
  ): Promise<undefined> {
    const directive = await this.directives.import(source, implementsTaskId, user);
    setFlash(reply, { kind: 'ok', text: texts.imported, form: 'import' });
    void reply.redirect(`${PAGES.directives}/${directive.id}`, 303);
    return undefined;
  }

  /** The import page again, saying why, with what the clerk sent kept. */
  private async refused(
    request: WebRequest,
    reply: FastifyReply,
    user: AuthUser,
    error: unknown,
    kept: Kept,
  ): Promise<string> {
    if (!(error instanceof DomainError) || !IMPORT_ERRORS.has(error.code)) throw error;
    const mapped = mapError(error);
    const suggestions = isAmbiguous(error) ? (mapped.suggestions as ReceivedTask[]) : null;
    return this.pages.page(
      request,
      reply,
      'directives/import',
      texts.importTitle,
      {
        error: {
          code: error.code,
          text: suggestions
            ? texts.implementsAmbiguous([...new Set(suggestions.map((s) => s.number))].join(', '))
            : (texts.importErrors[error.code] ?? messageOf(error.code, error.message)),
          existingId: typeof mapped.existingId === 'string' ? mapped.existingId : null,
          reason: typeof mapped.reason === 'string' ? mapped.reason : null,
        },
        ...kept,
        received: await this.directives.receivedTasks(user),
        suggestions,
      },
      mapped.statusCode,
    );
  }
}

function isAmbiguous(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'implements_task_ambiguous';
}
