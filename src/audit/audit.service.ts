import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../core/http/pagination.js';
import { AuditLog } from './audit-log.entity.js';
import type { AuditQuery } from './audit.dto.js';

/** One audit row, as the interceptor gathers it. */
export type AuditEntry = Omit<AuditLog, 'id' | 'at'>;

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLog) private readonly rows: Repository<AuditLog>) {}

  /**
   * Appends a row; rows are never changed afterwards (the table refuses UPDATE and DELETE).
   * One plain INSERT (every successful write request makes one; nothing reads its id back).
   */
  async record(entry: AuditEntry): Promise<void> {
    await this.rows.query(
      `INSERT INTO "audit_log" ("user_id", "username", "role", "unit_id", "action", "target_ids",
                                "request_id", "status", "client_ip")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.userId,
        entry.username,
        entry.role,
        entry.unitId,
        entry.action,
        entry.targetIds,
        entry.requestId,
        entry.status,
        entry.clientIp,
      ],
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
