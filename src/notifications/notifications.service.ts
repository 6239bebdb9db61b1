import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { Clock } from '../core/clock.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import { NotificationDto, type NotificationListQuery } from './notifications.dto.js';
import { Notification } from './notification.entity.js';
import {
  assertUuids,
  NOTIFICATION_WRITES_RESULT,
  notificationFields,
  notificationWrites,
} from './notification-writes.js';
import { OutboundDispatch } from './outbound-dispatch.service.js';

export { escalationText, type EscalationTextInput } from './notification-texts.js';

/** What the escalation engine (or anything else) asks to tell people. */
export interface NotifyInput {
  /** Recipients; duplicates and inactive or unknown users are dropped. */
  userIds: string[];
  taskId: string | null;
  /** With the user: unique, so a retried escalation never notifies anyone twice. */
  escalationId: string | null;
  /** `reminder`, `escalation`, … */
  kind: string;
  /** Vietnamese, ≤ 500 characters. */
  title: string;
  /** Vietnamese. */
  body: string;
}

/** The in-app inbox, and `notify`, which fills it and lines up outbound deliveries. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly dispatch: OutboundDispatch,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes one inbox notification per recipient and one outbound delivery per active channel
   * that covers them (a unit's channel once per call, however many of its users are told), all
   * in the caller's transaction: a rolled-back caller leaves nothing, and deliveries reach the
   * queue only after the commit. Returns how many notifications this call created (0 when the
   * escalation had already notified everyone).
   */
  async notify(manager: EntityManager, input: NotifyInput): Promise<number> {
    const userIds = [...new Set(input.userIds)];
    if (userIds.length === 0) return 0;
    assertUuids([input.taskId, input.escalationId, ...userIds]);
    const { kind, title } = notificationFields(input.kind, input.title);
    // Active users only; one statement writes the inbox rows and their deliveries.
    const [result] = await manager.query<Array<{ notified: number; delivery_ids: string[] }>>(
      `WITH notify_to AS (
         SELECT u.id AS user_id, $2::uuid AS task_id, $3::uuid AS escalation_id
           FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active
       ), ${notificationWrites({ kind: 4, title: 5, body: 6 })}
       SELECT ${NOTIFICATION_WRITES_RESULT}`,
      [userIds, input.taskId, input.escalationId, kind, title, input.body],
    );
    if (result.notified === 0) return 0;
    this.deliverAfterCommit(manager, result.delivery_ids);
    this.logger.debug(
      `notified ${result.notified} users (task ${input.taskId ?? '-'}, escalation ${input.escalationId ?? '-'}), ${result.delivery_ids.length} outbound deliveries`,
    );
    return result.notified;
  }

  /**
   * Puts deliveries written through `notificationWrites` on the outbound queue once the
   * manager's transaction commits (at once when it runs without one).
   */
  deliverAfterCommit(manager: EntityManager, deliveryIds: string[]): void {
    this.dispatch.afterCommit(manager, deliveryIds);
  }

  /** GET /api/me/notifications: the user's own, newest first. */
  async list(userId: string, query: NotificationListQuery): Promise<Page<NotificationDto>> {
    const where = { userId, ...(query.unreadOnly === 'true' ? { readAt: IsNull() } : {}) };
    const [items, total] = await this.notifications.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: items.map((item) => NotificationDto.from(item)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.count({ where: { userId, readAt: IsNull() } });
  }

  /** Marks one of the user's notifications read (again: no change); another's is a 404. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: this.clock.now() });
    const notification = await this.notifications.findOne({ where: { id, userId } });
    if (!notification) throw new NotFoundError('notification', id);
    return NotificationDto.from(notification);
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.notifications.update(
      { userId, readAt: IsNull() },
      { readAt: this.clock.now() },
    );
    return result.affected ?? 0;
  }
}
