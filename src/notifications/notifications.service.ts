import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { Clock } from '../core/clock.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import { NotificationDto, type NotificationListQuery } from './notifications.dto.js';
import { Notification } from './notification.entity.js';
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

interface CreatedRow {
  id: string;
  userId: string;
  unitId: string;
}

interface ChannelRow {
  id: string;
  unitId: string | null;
  userId: string | null;
}

const TITLE_MAX = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    const bad = [input.taskId, input.escalationId, ...userIds].find(
      (id) => id !== null && !UUID.test(id),
    );
    if (bad !== undefined) throw new Error(`notify: ${bad} is not a UUID`);

    // Active users only; ON CONFLICT skips users this escalation already told.
    const created = await manager.query<CreatedRow[]>(
      `WITH inserted AS (
         INSERT INTO notifications (user_id, task_id, escalation_id, kind, title, body)
         SELECT u.id, $2::uuid, $3::uuid, $4, $5, $6::text
           FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active
         ON CONFLICT (escalation_id, user_id) DO NOTHING
         RETURNING id, user_id
       )
       SELECT i.id, i.user_id AS "userId", u.unit_id AS "unitId"
         FROM inserted i JOIN users u ON u.id = i.user_id
        ORDER BY i.user_id`,
      [
        userIds,
        input.taskId,
        input.escalationId,
        input.kind.slice(0, 32),
        // Too long a title must not fail the caller's transaction: clip it to the column.
        clip(input.title, TITLE_MAX),
        input.body,
      ],
    );
    if (created.length === 0) return 0;

    const deliveryIds = await this.addDeliveries(manager, created);
    this.dispatch.afterCommit(manager, deliveryIds);
    this.logger.log(
      `notified ${created.length} users (task ${input.taskId ?? '-'}, escalation ${input.escalationId ?? '-'}), ${deliveryIds.length} outbound deliveries`,
    );
    return created.length;
  }

  // One delivery per channel: a user's channel carries that user's notification, a unit's
  // channel the first of its users' (the text is the same for everyone in one call).
  private async addDeliveries(manager: EntityManager, created: CreatedRow[]): Promise<string[]> {
    const channels = await manager.query<ChannelRow[]>(
      `SELECT id, unit_id AS "unitId", user_id AS "userId" FROM notification_channels
        WHERE active AND (user_id = ANY($1::uuid[]) OR unit_id = ANY($2::uuid[]))
        ORDER BY created_at, id`,
      [created.map((row) => row.userId), [...new Set(created.map((row) => row.unitId))]],
    );
    const notificationIds: string[] = [];
    const channelIds: string[] = [];
    for (const channel of channels) {
      const notification = created.find((row) =>
        channel.userId ? row.userId === channel.userId : row.unitId === channel.unitId,
      );
      if (!notification) continue;
      notificationIds.push(notification.id);
      channelIds.push(channel.id);
    }
    if (channelIds.length === 0) return [];
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO outbound_deliveries (notification_id, channel_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[])
       ON CONFLICT (notification_id, channel_id) DO NOTHING
       RETURNING id`,
      [notificationIds, channelIds],
    );
    return rows.map((row) => row.id);
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

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
