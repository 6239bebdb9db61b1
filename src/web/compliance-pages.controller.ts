import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { DepthQuery } from '../compliance/compliance.dto.js';
import { CompliancePagesService } from './compliance-pages.service.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { WebPages } from './web-pages.decorator.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** "451/UBND-VHTT" → "451-UBND-VHTT": the directive's number as a file name part. */
export function numberSlug(number: string | null, fallback: string): string {
  const slug = (number ?? '').replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** RFC 5987 `ext-value`: UTF-8, percent-encoded, `'()*` included. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment` with an ASCII name for old clients and the Vietnamese one (`filename*`) for the
 * others, so "Tuân thủ 451-UBND-VHTT.xlsx" reaches the chair's desktop as written.
 */
export function attachment(vietnamese: string): string {
  const ascii = vietnamese
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(vietnamese)}`;
}

/**
 * Tổng quan and Tuân thủ: the chair's (and clerk's, admin's) view of compliance, the same figures
 * as `GET /api/compliance/…`, with charts, their tables, and the exports as page downloads (the
 * API's routes need a bearer token, the browser has a cookie).
 */
@WebPages()
@Controller()
export class CompliancePagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly compliance: CompliancePagesService,
  ) {}

  @Roles('chair', 'clerk', 'admin')
  @Get('tong-quan')
  async overview(
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.compliance.overview(user);
    return this.pages.page(
      request,
      reply,
      'compliance/overview',
      vi.compliancePages.overviewTitle,
      view,
    );
  }

  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id')
  async directive(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.compliance.directive(id, user);
    const number = view.compliance.directive.number ?? vi.compliancePages.directive;
    return this.pages.page(
      request,
      reply,
      'compliance/directive',
      vi.compliancePages.complianceTitle(number),
      { ...view, charts: true },
    );
  }

  /** Kỳ báo cáo: the period grid and the target's trend by period, over a range of due dates. */
  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/ky-bao-cao')
  async periods(
    @UuidParam() id: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.compliance.periodGrid(id, text(from), text(to), user);
    const number = view.grid.directive.number ?? vi.compliancePages.directive;
    return this.pages.page(request, reply, 'compliance/periods', vi.periodGrid.title(number), view);
  }

  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/ky-bao-cao.csv')
  async periodsCsv(
    @UuidParam() id: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { data, body } = await this.compliance.periodGridCsv(id, text(from), text(to), user);
    const slug = numberSlug(data.directive.number, id);
    download(reply, 'text/csv; charset=utf-8', vi.periodGrid.csvName(slug, data.from, data.to));
    return body;
  }

  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/ky-bao-cao.xlsx')
  async periodsXlsx(
    @UuidParam() id: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { data, body } = await this.compliance.periodGridXlsx(id, text(from), text(to), user);
    const slug = numberSlug(data.directive.number, id);
    download(reply, XLSX, vi.periodGrid.xlsxName(slug, data.from, data.to));
    return body;
  }

  /** The report as a page made for paper (print CSS; the browser's own Print). */
  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/in')
  async printable(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.compliance.directive(id, user);
    const number = view.compliance.directive.number ?? vi.compliancePages.directive;
    return this.pages.page(
      request,
      reply,
      'compliance/print',
      vi.compliancePages.printTitle(number),
      view,
    );
  }

  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/xuat.csv')
  async csv(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { data, body } = await this.compliance.csv(id, user);
    const name = vi.compliancePages.csvName(numberSlug(data.directive.number, id));
    download(reply, 'text/csv; charset=utf-8', name);
    return body;
  }

  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/xuat.xlsx')
  async xlsx(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { data, body } = await this.compliance.xlsx(id, user);
    const name = vi.compliancePages.xlsxName(numberSlug(data.directive.number, id));
    download(reply, XLSX, name);
    return body;
  }

  /** Báo cáo kết quả thực hiện: the official .docx, as `GET /api/directives/:id/report.docx`. */
  @Roles('chair', 'clerk', 'admin')
  @Get('tuan-thu/:id/bao-cao.docx')
  async report(
    @UuidParam() id: string,
    @Query() query: DepthQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const document = await this.compliance.report(id, user, query.depth ?? null);
    const slug = document.filename.replace(/^bao-cao-/, '').replace(/\.docx$/, '');
    download(reply, DOCX, vi.compliancePages.docxName(slug));
    return document.content;
  }
}

/** A query value as the range reads it: an empty field (the form's) or a repeated one is absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function download(reply: FastifyReply, type: string, name: string): void {
  void reply
    .type(type)
    .header('content-disposition', attachment(name))
    .header('cache-control', 'private, no-store');
}
