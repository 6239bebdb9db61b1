import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { DepthQuery } from '../compliance/compliance.dto.js';
import { DocumentsService, type RenderedDocument } from './documents.service.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Văn bản: the report and the urging letter of a directive, as Word documents. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('directives/:id')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** Báo cáo kết quả thực hiện Công văn số …; `?depth=all` also names the units late down the chain. */
  @Roles('admin', 'chair', 'clerk')
  @Get('report.docx')
  @ApiProduces(DOCX)
  async report(
    @UuidParam() id: string,
    @Query() query: DepthQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.documents.report(id, user, query.depth ?? null));
  }

  /** V/v đôn đốc thực hiện Công văn số …, to the late units (`?depth=all`: at any depth). */
  @Roles('admin', 'chair', 'clerk')
  @Get('urging-letter.docx')
  @ApiProduces(DOCX)
  async urgingLetter(
    @UuidParam() id: string,
    @Query() query: DepthQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.documents.urgingLetter(id, user, query.depth ?? null));
  }
}

function send(reply: FastifyReply, document: RenderedDocument): Buffer {
  void reply
    .type(DOCX)
    .header('content-disposition', `attachment; filename="${document.filename}"`)
    .header('cache-control', 'private');
  return document.content;
}
