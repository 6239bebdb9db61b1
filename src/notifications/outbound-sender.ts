import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../core/config/app-config.js';
import { WEBHOOK_TIMEOUT_MS } from './notifications.constants.js';
import type { ChannelKind } from './notification-channel.entity.js';
import {
  isPublicAddress,
  literalAddress,
  PrivateTargetError,
  publicOnlyLookup,
} from './outbound-address.js';
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
    let response: { status: number; text: string };
    try {
      const target = new URL(url);
      const allowPrivate = this.config.outboundAllowPrivateTargets;
      // A literal IP never goes through a lookup; a name is checked by the lookup itself, at
      // connection time, on every address it resolves to (see publicOnlyLookup).
      const literal = literalAddress(target.hostname);
      if (!allowPrivate && literal && !isPublicAddress(literal)) {
        throw new PermanentDeliveryError(
          `${literal} is a private or local address; webhooks may not reach it`,
        );
      }
      response = await post(target, body, {
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'dondoc-webhook/1',
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [DELIVERY_HEADER]: message.deliveryId,
        },
        lookup: allowPrivate ? undefined : publicOnlyLookup,
      });
    } catch (error) {
      if (error instanceof PermanentDeliveryError) throw error;
      if (error instanceof PrivateTargetError) {
        throw new PermanentDeliveryError(`webhook ${url}: ${error.message}`);
      }
      throw new Error(`webhook ${url}: ${describe(error)}`, { cause: error });
    }
    if (response.status >= 200 && response.status < 300) return;
    const text = response.text;
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

/**
 * One POST with node:http(s), which takes a `lookup` for its socket (fetch here cannot): no
 * redirects followed, at most WEBHOOK_TIMEOUT_MS in all, the answer's first 4 KB kept.
 */
function post(
  url: URL,
  body: string,
  options: { headers: OutgoingHttpHeaders; lookup: LookupFunction | undefined },
): Promise<{ status: number; text: string }> {
  const send =
    url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null;
  if (!send) return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        lookup: options.lookup,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8').slice(0, 4096),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
