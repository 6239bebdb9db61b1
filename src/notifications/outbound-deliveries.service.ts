import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { Repository } from 'typeorm';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import { QueueGate } from '../core/queue/queue-gate.js';
import { type DeliverJob, deliveryJobId, OUTBOUND_QUEUE } from './notifications.constants.js';
import type { DeliveryDto, DeliveryListQuery } from './notifications.dto.js';
import { DeliveryNotFailedError } from './notifications.errors.js';
import type { ChannelKind } from './notification-channel.entity.js';
import { OutboundDelivery, type DeliveryStatus } from './outbound-delivery.entity.js';
import { OutboundDispatch } from './outbound-dispatch.service.js';

interface DeliveryRow {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
  notification_id: string;
  user_id: string;
  task_id: string | null;
  notification_kind: string;
  title: string;
  channel_id: string;
  channel_kind: ChannelKind;
  unit_id: string | null;
  channel_user_id: string | null;
  url: string | null;
  address: string | null;
  active: boolean;
}

/** What admins see of outbound deliveries, failures first among them, and a manual retry. */
@Injectable()
export class OutboundDeliveriesService {
  private readonly logger = new Logger(OutboundDeliveriesService.name);

  constructor(
    @InjectRepository(OutboundDelivery) private readonly deliveries: Repository<OutboundDelivery>,
    @InjectQueue(OUTBOUND_QUEUE) private readonly queue: Queue<DeliverJob>,
    private readonly dispatch: OutboundDispatch,
    private readonly gate: QueueGate,
  ) {}

  /** Newest first, with the notification's title and the channel's target. */
  async list(query: DeliveryListQuery): Promise<Page<DeliveryDto>> {
    const filter =
      'WHERE ($1::varchar IS NULL OR d.status = $1) AND ($2::uuid IS NULL OR d.channel_id = $2)';
    const params = [query.status ?? null, query.channelId ?? null];
    const [rows, [count]] = await Promise.all([
      this.deliveries.query<DeliveryRow[]>(
        `${SELECT_DELIVERIES} ${filter} ORDER BY d.created_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
        [...params, query.limit, query.offset],
      ),
      this.deliveries.query<Array<{ total: number }>>(
        `SELECT COUNT(*)::int AS total FROM outbound_deliveries d ${filter}`,
        params,
      ),
    ]);
    return { items: rows.map(toDto), total: count.total, limit: query.limit, offset: query.offset };
  }

  /** A failed delivery goes back to pending with a fresh round of attempts. */
  async retry(id: string): Promise<DeliveryDto> {
    const delivery = await this.deliveries.findOne({ where: { id } });
    if (!delivery) throw new NotFoundError('outbound_delivery', id);
    // Without Redis, answer 503 before changing the row rather than hang on the queue.
    await this.gate.assertUp();
    const result = await this.deliveries.update(
      { id, status: 'failed' },
      { status: 'pending', attempts: 0 },
    );
    if (!result.affected) throw new DeliveryNotFailedError(id, delivery.status);
    // The failed job keeps its id in Redis for a while: remove it, or the new one is not added.
    await this.gate.run(async () => {
      await (await this.queue.getJob(deliveryJobId(id)))?.remove();
      await this.dispatch.enqueue([id]);
    });
    this.logger.log(`delivery ${id}: retry requested`);
    const [row] = await this.deliveries.query<DeliveryRow[]>(
      `${SELECT_DELIVERIES} WHERE d.id = $1`,
      [id],
    );
    return toDto(row);
  }
}

const SELECT_DELIVERIES = `
  SELECT d.id, d.status, d.attempts, d.last_error, d.last_attempt_at, d.sent_at, d.created_at,
         n.id AS notification_id, n.user_id, n.task_id, n.kind AS notification_kind, n.title,
         c.id AS channel_id, c.kind AS channel_kind, c.unit_id, c.user_id AS channel_user_id,
         c.url, c.address, c.active
    FROM outbound_deliveries d
    JOIN notifications n ON n.id = d.notification_id
    JOIN notification_channels c ON c.id = d.channel_id`;

function toDto(row: DeliveryRow): DeliveryDto {
  return {
    id: row.id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    notification: {
      id: row.notification_id,
      userId: row.user_id,
      taskId: row.task_id,
      kind: row.notification_kind,
      title: row.title,
    },
    channel: {
      id: row.channel_id,
      kind: row.channel_kind,
      unitId: row.unit_id,
      userId: row.channel_user_id,
      target: row.url ?? row.address ?? '',
      active: row.active,
    },
  };
}
