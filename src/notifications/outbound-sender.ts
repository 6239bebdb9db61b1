import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../core/config/app-config.js';
import { WEBHOOK_TIMEOUT_MS } from './notifications.constants.js';
import type { ChannelKind } from './notification-channel.entity.js';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook-signature.js';

/** What a webhook receives, as JSON (the `X-Dondoc-Delivery` header repeats `deliveryId`). */
export interface OutboundMessage {
  deliveryId: string;
  notificationId: string;
  kind: string;
  title: string;
  body: string;
  taskId: string | null;
  escalationId: string | null;
  createdAt: string;
}

export interface OutboundTarget {
  kind: ChannelKind;
  url: string | null;
  secret: string | null;
  address: string | null;
}

/** A failure that retrying cannot fix (e-mail without SMTP_URL): the delivery fails at once. */
export class PermanentDeliveryError extends Error {}

const EMAIL_FOOTER = '\n\n—\nThông báo tự động từ hệ thống dondoc, vui lòng không trả lời thư này.';

/** Sends one message over one channel; throws when the channel did not take it. */
@Injectable()
export class OutboundSender implements OnApplicationShutdown {
  private mailer: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  async send(target: OutboundTarget, message: OutboundMessage): Promise<void> {
    switch (target.kind) {
      case 'webhook':
        return this.postWebhook(target.url ?? '', target.secret ?? '', message);
      case 'email':
        return this.sendEmail(target.address ?? '', message);
    }
  }

  /** POSTs the JSON, signed; anything but a 2xx within 10 s is a failure. */
  private async postWebhook(url: string, secret: string, message: OutboundMessage): Promise<void> {
    const body = JSON.stringify(message);
    // Real time, not the injectable clock: the receiver checks it against its own.
    const timestamp = Math.floor(Date.now() / 1000);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'dondoc-webhook/1',
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [DELIVERY_HEADER]: message.deliveryId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`webhook ${url}: ${describe(error)}`, { cause: error });
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const text = await response.text().catch(() => '');
    throw new Error(
      `webhook ${url}: HTTP ${response.status}${text ? ` ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`,
    );
  }

  private async sendEmail(address: string, message: OutboundMessage): Promise<void> {
    const mailer = this.transport();
    await mailer.sendMail({
      from: this.config.smtpFrom,
      to: address,
      subject: message.title,
      text: `${message.body}${EMAIL_FOOTER}`,
      headers: { [DELIVERY_HEADER]: message.deliveryId },
    });
  }

  private transport(): Transporter {
    const url = this.config.smtpUrl;
    if (!url) throw new PermanentDeliveryError('SMTP_URL is not set: e-mail is off');
    this.mailer ??= createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return this.mailer;
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }
}

// fetch hides the reason (ECONNREFUSED, a timeout) in `cause`.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${detail})` : error.message;
}
