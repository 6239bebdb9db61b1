import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../core/access/access.decorators.js';
import { CalendarDateParam } from './calendar-date-param.js';
import {
  AddWorkingDaysDto,
  AddWorkingDaysQuery,
  AdjustmentDto,
  AdjustmentListDto,
  AdjustmentListQuery,
  DaysDto,
  DaysQuery,
  PutAdjustmentDto,
} from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';

/** The working-day calendar (lịch làm việc): everyone signed in reads it, admins correct it. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @AnyRole()
  @Get('adjustments')
  @ApiOkResponse({ type: AdjustmentListDto })
  async list(@Query() query: AdjustmentListQuery): Promise<AdjustmentListDto> {
    const page = await this.calendar.list(query);
    return { ...page, items: page.items.map((adjustment) => AdjustmentDto.from(adjustment)) };
  }

  /** Sets a date's nghỉ bù (day_off) or làm bù (working_day), replacing any it had. */
  @Roles('admin')
  @Put('adjustments/:date')
  @ApiOkResponse({ type: AdjustmentDto })
  async put(
    @CalendarDateParam() date: string,
    @Body() body: PutAdjustmentDto,
  ): Promise<AdjustmentDto> {
    return AdjustmentDto.from(await this.calendar.put(date, body));
  }

  @Roles('admin')
  @Delete('adjustments/:date')
  @HttpCode(204)
  remove(@CalendarDateParam() date: string): Promise<void> {
    return this.calendar.remove(date);
  }

  @AnyRole()
  @Get('days')
  @ApiOkResponse({ type: DaysDto })
  async days(@Query() query: DaysQuery): Promise<DaysDto> {
    const days = await this.calendar.days(query.from, query.to);
    const workingDays = days.filter((day) => day.working).length;
    return { from: query.from, to: query.to, workingDays, days };
  }

  /** The date N whole working days after `from`, as a deadline "within N working days". */
  @AnyRole()
  @Get('add-working-days')
  @ApiOkResponse({ type: AddWorkingDaysDto })
  async addWorkingDays(@Query() query: AddWorkingDaysQuery): Promise<AddWorkingDaysDto> {
    const date = await this.calendar.addWorkingDays(query.from, query.days);
    return { from: query.from, days: query.days, date };
  }
}
