/**
 * The writes of one round of notifications — an inbox row per recipient and an outbound delivery
 * per active channel that covers them — as common table expressions, so a caller can make them
 * part of one statement with its own writes (the escalation firer fires a step in one round trip).
 * `NotificationsService.notify` uses the same text, so there is one rule for both.
 */

/** What a statement that embeds `notificationWrites` returns about them. */
export interface NotificationWritesResult {
  notified: number;
  deliveryIds: string[];
}

const TITLE_MAX = 500;
const KIND_MAX = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A kind and title cut to their columns: too long a title must not fail the caller's writes. */
export function notificationFields(kind: string, title: string): { kind: string; title: string } {
  return {
    kind: kind.slice(0, KIND_MAX),
    title: title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`,
  };
}

/** Throws unless every id is a UUID (or null): a bad id is a programming error, said plainly. */
export function assertUuids(ids: Array<string | null>): void {
  const bad = ids.find((id) => id !== null && !UUID.test(id));
  if (bad !== undefined) throw new Error(`notify: ${bad} is not a UUID`);
}

/**
 * CTEs to follow one named `notify_to(user_id, task_id, escalation_id)` — one row per recipient,
 * active users only — with the kind, title and body as the given parameter numbers. They define
 * `notified(id, user_id, unit_id)` (rows this call created: ON CONFLICT skips users the same
 * escalation already told) and `delivered(id)` (new outbound deliveries). One delivery per
 * channel: a user's channel carries that user's notification, a unit's channel the first (by user
 * id) of its users' — the text is the same for everyone in one call.
 */
export function notificationWrites(params: { kind: number; title: number; body: number }): string {
  return `
  notified_rows AS (
    INSERT INTO notifications (user_id, task_id, escalation_id, kind, title, body)
    SELECT n.user_id, n.task_id, n.escalation_id, $${params.kind}::varchar, $${params.title}::varchar,
           $${params.body}::text
      FROM notify_to n
    ON CONFLICT (escalation_id, user_id) DO NOTHING
    RETURNING id, user_id
  ),
  notified AS (
    SELECT n.id, n.user_id, u.unit_id FROM notified_rows n JOIN users u ON u.id = n.user_id
  ),
  delivered AS (
    INSERT INTO outbound_deliveries (notification_id, channel_id)
    SELECT pick.id, c.id
      FROM notification_channels c
      CROSS JOIN LATERAL (
        SELECT n.id FROM notified n
         WHERE CASE WHEN c.user_id IS NOT NULL THEN n.user_id = c.user_id ELSE n.unit_id = c.unit_id END
         ORDER BY n.user_id LIMIT 1) pick
     WHERE c.active
       AND (c.user_id IN (SELECT user_id FROM notified) OR c.unit_id IN (SELECT unit_id FROM notified))
     ORDER BY c.created_at, c.id
    ON CONFLICT (notification_id, channel_id) DO NOTHING
    RETURNING id
  )`;
}

/** The select list that reports the writes (`notified`, `delivery_ids`). */
export const NOTIFICATION_WRITES_RESULT = `(SELECT count(*) FROM notified)::int AS notified,
  ARRAY(SELECT id FROM delivered) AS delivery_ids`;
