import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../core/http/pagination.js';
import { AuditLog } from './audit-log.entity.js';
import type { AuditQuery } from './audit.dto.js';

/** Rows per INSERT at most (9 parameters each). */
const AUDIT_BATCH = 200;

/** One audit row, as the interceptor gathers it. */
export type AuditEntry = Omit<AuditLog, 'id' | 'at'>;

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLog) private readonly rows: Repository<AuditLog>) {}

  // Rows waiting for the INSERT in flight to finish (see record).
  private waiting: Array<{ entry: AuditEntry; done: (error?: Error) => void }> = [];
  private writing = false;

  /**
   * Appends a row; rows are never changed afterwards (the table refuses UPDATE and DELETE).
   * Resolves once the row is committed. Rows that arrive while an INSERT is in flight go
   * together in the next one (a group commit): alone, a row is one INSERT as before; under load,
   * many write requests share a round trip instead of each paying one.
   */
  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, AUDIT_BATCH);
        try {
          await this.insert(batch.map((row) => row.entry));
          for (const row of batch) row.done();
        } catch (error) {
          if (batch.length === 1) {
            batch[0].done(asError(error));
            continue;
          }
          // One bad row must not take the others with it: each on its own.
          for (const row of batch) {
            await this.insert([row.entry]).then(
              () => row.done(),
              (rowError: unknown) => row.done(asError(rowError)),
            );
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async insert(entries: AuditEntry[]): Promise<void> {
    const parameters: unknown[] = [];
    const rows = entries.map((entry) => {
      const at = parameters.length;
      parameters.push(
        entry.userId,
        entry.username,
        entry.role,
        entry.unitId,
        entry.action,
        entry.targetIds,
        entry.requestId,
        entry.status,
        entry.clientIp,
      );
      return `(${Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await this.rows.query(
      `INSERT INTO "audit_log" ("user_id", "username", "role", "unit_id", "action", "target_ids",
                                "request_id", "status", "client_ip")
       VALUES ${rows.join(', ')}`,
      parameters,
    );
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<Page<AuditLog>> {
    const builder = this.rows.createQueryBuilder('audit');
    if (query.userId) builder.andWhere('audit.userId = :userId', { userId: query.userId });
    if (query.unitId) builder.andWhere('audit.unitId = :unitId', { unitId: query.unitId });
    if (query.method) {
      builder.andWhere('audit.action LIKE :method', { method: `${query.method} %` });
    }
    if (query.action) {
      builder.andWhere(`strpos(audit.action, :action) > 0`, { action: query.action });
    }
    if (query.targetId) {
      // Array containment, so the GIN index on target_ids answers it.
      builder.andWhere('audit.targetIds @> ARRAY[:targetId]::text[]', {
        targetId: query.targetId,
      });
    }
    if (query.requestId) {
      builder.andWhere('audit.requestId = :requestId', { requestId: query.requestId });
    }
    if (query.from) builder.andWhere('audit.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('audit.at < :to', { to: query.to });
    const [items, total] = await builder
      .orderBy('audit.at', 'DESC')
      .addOrderBy('audit.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items, total, limit: query.limit, offset: query.offset };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error('audit row not written', { cause: error });
}
