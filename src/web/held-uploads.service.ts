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
    const stored: StoredSource = { ...source, file: source.file.toString('base64') };
    try {
      // The user's one slot: which upload it holds (`token`, read alone on release) and the file.
      const results = await this.redis
        .multi()
        .del(key(user))
        .hset(key(user), { token, source: JSON.stringify(stored) })
        .expire(key(user), HOLD_SECONDS)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('transaction discarded');
    } catch (error) {
      this.logger.warn(`upload of user ${user.id} not held: ${(error as Error).message}`);
      return null;
    }
    return { token, filename: source.filename };
  }

  /** The upload, if `user` holds it still (not while Redis is down: then it is not held). */
  async get(token: string, user: AuthUser): Promise<DirectiveSource | null> {
    let held: Array<string | null>;
    try {
      held = await this.redis.hmget(key(user), 'token', 'source');
    } catch (error) {
      this.logger.warn(`held upload of user ${user.id} not read: ${(error as Error).message}`);
      return null;
    }
    const [heldToken, stored] = held;
    if (heldToken !== token || !stored) return null;
    const source = JSON.parse(stored) as StoredSource;
    return { ...source, file: Buffer.from(source.file, 'base64') };
  }

  /** Forgets the upload once imported (else it expires: the import is done either way). */
  async release(token: string, user: AuthUser): Promise<void> {
    // Only the upload imported: a newer one in the slot stays.
    const held = await this.redis.hget(key(user), 'token').catch(() => null);
    if (held !== token) return;
    await this.redis.del(key(user)).catch((error: Error) => {
      this.logger.warn(`held upload of user ${user.id} not released: ${error.message}`);
    });
  }
}

const key = (user: AuthUser) => `import-upload:${user.id}`;
