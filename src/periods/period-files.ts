import { sanitizeFileName } from '../tasks/evidence-storage.js';
import type { UploadedEvidenceFile } from '../tasks/evidence.service.js';
import type { PeriodFile } from './task-period.entity.js';

/** What a period's report keeps of a file the evidence store took (the API and the page alike). */
export function periodFilesOf(file: UploadedEvidenceFile | null): PeriodFile[] {
  return file
    ? [
        {
          sha256: file.sha256,
          fileName: sanitizeFileName(file.originalName, file.type),
          mediaType: file.mediaType,
          sizeBytes: file.size,
        },
      ]
    : [];
}
