import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { ReportingRangeQuery } from '../periods/period.dto.js';
import { TargetsDto, TargetTrendsDto, UpdateTargetsDto } from './targets.dto.js';
import { TargetsService } from './targets.service.js';

/** Chỉ tiêu: a directive's targets and how far its units have come. */
@ApiTags('targets')
@ApiBearerAuth()
@Controller('directives/:id/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  /** Current value, gap, per-unit rows and history of each target. */
  @AnyRole()
  @Get()
  @ApiOkResponse({ type: TargetsDto })
  async progress(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<TargetsDto> {
    return this.targets.progress(id, user);
  }

  /** The trend by reporting period: each unit's figure per period, the district's total. */
  @AnyRole()
  @Get('periods')
  @ApiOkResponse({ type: TargetTrendsDto })
  async trend(
    @UuidParam() id: string,
    @Query() query: ReportingRangeQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<TargetTrendsDto> {
    return this.targets.trend(id, query.from, query.to, user);
  }

  /** Replaces the targets, also after publication. */
  @Roles('admin', 'chair', 'clerk')
  @Patch()
  @ApiOkResponse({ type: TargetsDto })
  async update(
    @UuidParam() id: string,
    @Body() body: UpdateTargetsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TargetsDto> {
    return this.targets.update(id, body.targets, user);
  }
}
