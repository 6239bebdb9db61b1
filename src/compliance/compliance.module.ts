import { Module } from '@nestjs/common';
import { CarriedDownProgress } from './carried-down-progress.service.js';
import { ComplianceController } from './compliance.controller.js';
import { ComplianceOverviewService } from './compliance-overview.service.js';
import { ComplianceReportData } from './compliance.report-data.js';
import { ComplianceService } from './compliance.service.js';
import { PeriodGridService } from './period-grid.service.js';

/** Compliance figures read straight from the tasks: per directive, the ranking, the overview. */
@Module({
  controllers: [ComplianceController],
  providers: [
    ComplianceService,
    ComplianceOverviewService,
    ComplianceReportData,
    PeriodGridService,
    CarriedDownProgress,
  ],
  exports: [
    CarriedDownProgress,
    ComplianceReportData,
    ComplianceService,
    ComplianceOverviewService,
    PeriodGridService,
  ],
})
export class ComplianceModule {}
