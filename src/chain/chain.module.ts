import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { ChainController } from './chain.controller.js';
import { ChainService } from './chain.service.js';

/** The chain of committees: a directive's tree of carried-down directives (issue 16, part 4). */
@Module({
  imports: [CalendarModule, ComplianceModule],
  controllers: [ChainController],
  providers: [ChainService],
  exports: [ChainService],
})
export class ChainModule {}
