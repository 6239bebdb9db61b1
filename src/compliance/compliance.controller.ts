import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { toCsv, toXlsx, type ExportTable } from './compliance-export.js';
import { ComplianceOverviewService } from './compliance-overview.service.js';
import {
  directiveTables,
  overviewTables,
  periodGridTables,
  unitsTables,
} from './compliance-tables.js';
import {
  DirectiveComplianceQuery,
  FormatQuery,
  PeriodGridQuery,
  UnitsComplianceQuery,
  type ExportFormat,
} from './compliance.dto.js';
import { ComplianceService } from './compliance.service.js';
import { PeriodGridService } from './period-grid.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Compliance figures (the four categories, rates, days overdue) as JSON, CSV or XLSX. Every
 * signed-in role may ask; a unit's people get their own unit's rows only.
 */
@ApiTags('compliance')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv', XLSX)
@AnyRole()
@Controller('compliance')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly overviews: ComplianceOverviewService,
    private readonly periodGrid: PeriodGridService,
  ) {}

  /** Per assignment and per unit of one directive, worst first. */
  @Get('directives/:id')
  @ApiOkResponse({ description: 'DirectiveCompliance (see compliance.types.ts)' })
  async directive(
    @UuidParam() id: string,
    @Query() query: DirectiveComplianceQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const data = await this.compliance.directive(id, user, query.depth ?? null);
    const name = `tuan-thu-${(data.directive.number ?? id).replace(/[^A-Za-z0-9-]+/g, '-')}`;
    return send(reply, query.format, data, () => directiveTables(data), name);
  }

  /**
   * Báo cáo đúng kỳ: per unit, the reporting periods due in the range (default: this quarter) —
   * on time, late, missed, open, not due, on-time rate — and the grid units × periods.
   */
  @Get('directives/:id/periods')
  @ApiOkResponse({ description: 'PeriodGrid (see compliance.types.ts)' })
  async periods(
    @UuidParam() id: string,
    @Query() query: PeriodGridQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const data = await this.periodGrid.grid(id, query.from, query.to, user);
    const name = `ky-bao-cao-${(data.directive.number ?? id).replace(/[^A-Za-z0-9-]+/g, '-')}-${data.from}-${data.to}`;
    return send(reply, query.format, data, () => periodGridTables(data), name);
  }

  /** Every unit over the directives issued in a period, ranked worst first, with praise/criticism. */
  @Get('units')
  @ApiOkResponse({ description: 'UnitsCompliance (see compliance.types.ts)' })
  async units(
    @Query() query: UnitsComplianceQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const data = await this.compliance.units(query.from, query.to, user);
    const name = `xep-hang-${query.from}-${query.to}`;
    return send(reply, query.format, data, () => unitsTables(data), name);
  }

  /** The chair's home: open directives, overdue tasks, recent escalations. */
  @Get('overview')
  @ApiOkResponse({ description: 'ComplianceOverview (see compliance.types.ts)' })
  async overview(
    @Query() query: FormatQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const data = await this.overviews.overview(user);
    return send(reply, query.format, data, () => overviewTables(data), 'tong-quan');
  }
}

async function send(
  reply: FastifyReply,
  format: ExportFormat,
  data: unknown,
  tables: () => ExportTable[],
  name: string,
): Promise<unknown> {
  if (format === 'json') return data;
  void reply
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') {
    void reply.type('text/csv; charset=utf-8');
    return toCsv(tables());
  }
  void reply.type(XLSX);
  return toXlsx(tables());
}
