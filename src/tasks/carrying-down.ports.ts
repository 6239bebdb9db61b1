import type { CarriedDownDto } from './task.dto.js';

/**
 * What the tasks module needs from the modules above it when a received task was carried down
 * (triển khai, issue 16 part 3). Tasks sit below directives, compliance and documents in the
 * layering (eslint.config.js), so they name the read and the rendering here and the owners
 * provide them (`documents/carrying-down-ports.module.ts`, a global module the API imports).
 */

/** The directives carrying a task down, with each one's progress (compliance owns the rule). */
export abstract class CarriedDownReader {
  /**
   * One query for all children of the task, oldest first: the published ones, and the drafts
   * too when `withDrafts` (the viewer oversees the children: see `TasksService.detail`).
   */
  abstract carriedDownBy(taskId: string, withDrafts: boolean): Promise<CarriedDownDto[]>;
}

/** A document rendered for attaching as evidence. */
export interface GeneratedFile {
  name: string;
  content: Buffer;
}

/** The compliance reports of the published directives carrying a task down (documents owns them). */
export abstract class ReportAttachments {
  abstract forReport(taskId: string): Promise<GeneratedFile[]>;
}
