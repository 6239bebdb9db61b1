import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Clock } from '../../src/core/clock.js';
import type { TestApp } from './test-app.js';

export const SAMPLES = resolve(import.meta.dirname, '../../../shared/directives');
export const letter = (name: string) => readFileSync(resolve(SAMPLES, name), 'utf8');

/**
 * Imports and publishes a sample letter as the clerk, with the clock pinned at `publishedAt`,
 * and returns the directive id. Default: the seed letter, Friday 27/11/2026 10:00 in Hanoi,
 * parts due in 5 working days (Friday 4/12/2026).
 */
export async function publishLetter(
  t: TestApp,
  options: { file?: string; publishedAt?: Date; defaultDeadline?: unknown } = {},
): Promise<string> {
  const clerk = await t.login('clerk');
  const imported = await t.request('POST', '/api/directives/import', {
    token: clerk,
    raw: letter(options.file ?? '451-UBND-VHTT-bluezone.txt'),
    headers: { 'content-type': 'text/plain' },
  });
  if (imported.status !== 201) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
  t.app.get(Clock).set(options.publishedAt ?? new Date('2026-11-27T03:00:00Z'));
  const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
    token: clerk,
    body: { defaultDeadline: options.defaultDeadline ?? { workingDays: 5 } },
  });
  if (published.status !== 200)
    throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return imported.body.id as string;
}

/** A tiny valid PNG (1×1 pixel). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart/form-data body: fields, then one file. */
export function multipartBody(
  file: { field?: string; name: string; data: Buffer; type?: string } | null,
  fields: Record<string, string> = {},
): { raw: Buffer; headers: Record<string, string> } {
  const boundary = '----dondoc-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    raw: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A letter written for the tests: one part, to the health centre, with no recurrence of its own. */
export const VACCINATION = [
  'ỦY BAN NHÂN DÂN HUYỆN AN THI',
  'Số: 77/UBND-YT',
  'V/v tăng cường tiêm chủng mở rộng',
  '',
  'An Thi, ngày 20 tháng 11 năm 2026',
  '',
  'Kính gửi: Trung tâm Y tế huyện.',
  '',
  'Để bảo đảm tỷ lệ tiêm chủng mở rộng năm 2027, UBND huyện yêu cầu:',
  '',
  '**1. Trung tâm Y tế huyện**',
  '',
  'Tổ chức tiêm chủng mở rộng tại các xã, thị trấn; hoàn thành trước ngày 31/3/2027.',
  '',
  'Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.',
  '',
  'Nơi nhận:',
  '- Như trên;',
  '- Lưu: VT, YT.',
  '',
  'TM. ỦY BAN NHÂN DÂN',
  'CHỦ TỊCH',
  '',
  'Trần Văn B',
].join('\n');
