import { Global, Injectable, Module } from '@nestjs/common';
import { CarriedDownProgress } from '../compliance/carried-down-progress.service.js';
import { ComplianceModule } from '../compliance/compliance.module.js';
import {
  CarriedDownReader,
  type GeneratedFile,
  ReportAttachments,
} from '../tasks/carrying-down.ports.js';
import { DocumentsModule } from './documents.module.js';
import { DocumentsService } from './documents.service.js';

/** The children's compliance reports, rendered for the received task's report to attach. */
@Injectable()
export class CarriedDownReports extends ReportAttachments {
  constructor(private readonly documents: DocumentsService) {
    super();
  }

  async forReport(taskId: string): Promise<GeneratedFile[]> {
    const rendered = await this.documents.carriedDownReports(taskId);
    return rendered.map(({ filename, content }) => ({ name: filename, content }));
  }
}

/**
 * Gives the tasks module what it names in `tasks/carrying-down.ports.ts` (issue 16 part 3):
 * the children of a received task with their progress (compliance) and their reports
 * (documents). Tasks sit below both in the layering, so the owners provide them here, globally;
 * the API's root module imports it.
 */
@Global()
@Module({
  imports: [ComplianceModule, DocumentsModule],
  providers: [
    CarriedDownReports,
    { provide: CarriedDownReader, useExisting: CarriedDownProgress },
    { provide: ReportAttachments, useExisting: CarriedDownReports },
  ],
  exports: [CarriedDownReader, ReportAttachments],
})
export class CarryingDownPortsModule {}
