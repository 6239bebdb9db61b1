import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook call; receivers verify the signature and de-duplicate by delivery. */
export const SIGNATURE_HEADER = 'X-Dondoc-Signature';
export const TIMESTAMP_HEADER = 'X-Dondoc-Timestamp';
export const DELIVERY_HEADER = 'X-Dondoc-Delivery';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: signing the timestamp with the body lets a
 * receiver refuse replays of an old call (compare the timestamp with its clock).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function verifyWebhook(
  secret: string,
  timestamp: number | string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
