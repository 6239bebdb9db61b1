import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { OUTBOUND_ATTEMPTS } from './notifications.constants.js';
import type { ChannelKind } from './notification-channel.entity.js';
import { OutboundSender, PermanentDeliveryError } from './outbound-sender.js';

export type DeliveryOutcome =
  | { result: 'sent'; attempt: number }
  | { result: 'skipped'; reason: string }
  | { result: 'retry'; attempt: number; error: string }
  | { result: 'failed'; attempt: number; error: string };

interface DeliveryRow {
  status: string;
  attempts: number;
  notification_id: string;
  kind: string;
  title: string;
  body: string;
  task_id: string | null;
  escalation_id: string | null;
  created_at: Date;
  channel_kind: ChannelKind;
  url: string | null;
  secret: string | null;
  address: string | null;
  active: boolean;
}

/**
 * One attempt at one delivery, from the database's point of view: the row is reloaded and locked
 * (FOR UPDATE SKIP LOCKED) for the whole attempt, so two jobs for the same delivery — say after
 * Redis lost one and the sweep made another — never send at the same time, and one that finds
 * it already `sent` or `failed` does nothing. The send and the row's update commit together.
 */
@Injectable()
export class OutboundDeliverer {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly sender: OutboundSender,
    private readonly clock: Clock,
  ) {}

  /** `lastTry`: the queue will not retry after this one, so a failure is final. */
  deliver(deliveryId: string, lastTry: boolean): Promise<DeliveryOutcome> {
    return this.transactions.run(async (manager): Promise<DeliveryOutcome> => {
      const [row] = await manager.query<DeliveryRow[]>(
        `SELECT d.status, d.attempts, n.id AS notification_id, n.kind, n.title, n.body, n.task_id,
                n.escalation_id, n.created_at, c.kind AS channel_kind, c.url, c.secret, c.address,
                c.active
           FROM outbound_deliveries d
           JOIN notifications n ON n.id = d.notification_id
           JOIN notification_channels c ON c.id = d.channel_id
          WHERE d.id = $1
            FOR UPDATE OF d SKIP LOCKED`,
        [deliveryId],
      );
      if (!row) return { result: 'skipped', reason: 'gone, or being sent by another job' };
      if (row.status !== 'pending') return { result: 'skipped', reason: `already ${row.status}` };

      const attempt = row.attempts + 1;
      const record = (status: 'sent' | 'pending' | 'failed', error: string | null) =>
        manager.query(
          `UPDATE outbound_deliveries
              SET status = $2::varchar, attempts = $3, last_error = COALESCE($4::text, last_error),
                  last_attempt_at = $5::timestamptz,
                  sent_at = CASE WHEN $2::varchar = 'sent' THEN $5::timestamptz ELSE sent_at END
            WHERE id = $1`,
          [deliveryId, status, attempt, error, this.clock.now()],
        );
      if (!row.active) {
        const error = 'the channel was deactivated before delivery';
        await record('failed', error);
        return { result: 'failed', attempt, error };
      }
      try {
        await this.sender.send(
          { kind: row.channel_kind, url: row.url, secret: row.secret, address: row.address },
          {
            deliveryId,
            notificationId: row.notification_id,
            kind: row.kind,
            title: row.title,
            body: row.body,
            taskId: row.task_id,
            escalationId: row.escalation_id,
            createdAt: row.created_at.toISOString(),
          },
        );
      } catch (caught) {
        const error = caught instanceof Error ? caught.message : String(caught);
        const final =
          lastTry || attempt >= OUTBOUND_ATTEMPTS || caught instanceof PermanentDeliveryError;
        await record(final ? 'failed' : 'pending', error.slice(0, 2000));
        return { result: final ? 'failed' : 'retry', attempt, error };
      }
      await record('sent', null);
      return { result: 'sent', attempt };
    });
  }
}
