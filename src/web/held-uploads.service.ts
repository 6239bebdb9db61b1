import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AuthUser } from '../core/access/access.decorators.js';
import { DomainError } from '../core/errors/domain-error.js';
import { REDIS } from '../core/redis.token.js';
import type { DirectiveSource } from '../directives/directive-source.js';

/** How long an upload waits for the clerk's choice. */
const HOLD_SECONDS = 60 * 60;

/** An upload held, as the import page names it. */
export interface HeldUpload {
  token: string;
  filename: string | null;
}

/** The held upload is gone: an hour passed, it was imported already, or it is not the user's. */
export class UploadNotHeldError extends DomainError {
  constructor() {
    super('not_found', 'upload_not_held', 'the uploaded file is no longer held: upload it again');
  }
}

interface StoredSource extends Omit<DirectiveSource, 'file'> {
  file: string;
  /** Which upload this is: a newer one replaces it in the user's one slot. */
  token: string;
}

/**
 * Uploads whose import waits for the clerk (Nhập văn bản): a letter that cites a directive with
 * several tasks for the body is refused until one is chosen, and a page cannot hand a file back
 * to its file input, so the upload waits here, an hour, for its uploader only, and is imported
 * as it arrived. Nothing is stored in the database until then. While Redis is down nothing is
 * held and the clerk chooses the file again. One upload per user at a time (a newer one replaces
 * it), so a user re-sending letters cannot fill Redis, which the queues need.
 */
@Injectable()
export class HeldUploads {
  private readonly logger = new Logger(HeldUploads.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async hold(source: DirectiveSource, user: AuthUser): Promise<HeldUpload | null> {
    const token = randomUUID();
    const stored: StoredSource = { ...source, file: source.file.toString('base64'), token };
    try {
      await this.redis.set(key(user), JSON.stringify(stored), 'EX', HOLD_SECONDS);
    } catch (error) {
      this.logger.warn(`upload of user ${user.id} not held: ${(error as Error).message}`);
      return null;
    }
    return { token, filename: source.filename };
  }

  /** The upload, if `user` holds it still (not while Redis is down: then it is not held). */
  async get(token: string, user: AuthUser): Promise<DirectiveSource | null> {
    let stored: string | null;
    try {
      stored = await this.redis.get(key(user));
    } catch (error) {
      this.logger.warn(`held upload of user ${user.id} not read: ${(error as Error).message}`);
      return null;
    }
    if (!stored) return null;
    const { token: held, ...source } = JSON.parse(stored) as StoredSource;
    if (held !== token) return null;
    return { ...source, file: Buffer.from(source.file, 'base64') };
  }

  /** Forgets the upload once imported (else it expires: the import is done either way). */
  async release(token: string, user: AuthUser): Promise<void> {
    // Only the upload imported: a newer one in the slot stays.
    if ((await this.get(token, user)) === null) return;
    await this.redis.del(key(user)).catch((error: Error) => {
      this.logger.warn(`held upload of user ${user.id} not released: ${error.message}`);
    });
  }
}

const key = (user: AuthUser) => `import-upload:${user.id}`;
