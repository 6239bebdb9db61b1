import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import type { Page } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import {
  ChangeRecurrenceInput,
  DuePeriodDto,
  DuePeriodsQuery,
  PeriodDto,
  PeriodReportInput,
  PeriodReviewInput,
} from './period.dto.js';
import { PeriodsService } from './periods.service.js';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key returns the first answer instead of acting twice',
};

/** Kỳ báo cáo: a task's reporting periods, reports on them, their review, a unit's due list. */
@ApiTags('periods')
@ApiBearerAuth()
@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @AnyRole()
  @Get('tasks/:id/periods')
  @ApiOkResponse({ type: [PeriodDto] })
  list(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<PeriodDto[]> {
    return this.periods.list(id, user);
  }

  /** The unit's report on a period; late ones are kept and marked late. */
  @Roles('unit_officer', 'unit_head')
  @Post('tasks/:id/periods/:periodId/report')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: PeriodDto })
  report(
    @UuidParam() id: string,
    @UuidParam('periodId') periodId: string,
    @Body() body: PeriodReportInput,
    @CurrentUser() user: AuthUser,
  ): Promise<PeriodDto> {
    return this.periods.report(id, periodId, body, user);
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
  @Roles('clerk', 'chair', 'admin')
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
