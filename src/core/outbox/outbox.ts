import type { EntityManager } from 'typeorm';

/** The NOTIFY channel that wakes outbox consumers (per database, so tests stay apart). */
export const OUTBOX_WAKE_CHANNEL = 'dondoc_outbox';

/**
 * Records an event inside the caller's transaction; it commits or rolls back with the change.
 * With `wake`, consumers listening on OUTBOX_WAKE_CHANNEL hear of it as soon as it commits,
 * instead of at their next poll. PostgreSQL serialises the commits of notifying transactions, so
 * only rare events whose consumers should act at once (a publication) ask for it.
 */
export async function recordEvent(
  manager: EntityManager,
  type: string,
  payload: Record<string, unknown>,
  options: { wake?: boolean } = {},
): Promise<void> {
  await manager.query(
    options.wake
      ? `WITH event AS (INSERT INTO outbox_events (type, payload) VALUES ($1, $2::jsonb) RETURNING id)
         SELECT pg_notify('${OUTBOX_WAKE_CHANNEL}', '') FROM event`
      : 'INSERT INTO outbox_events (type, payload) VALUES ($1, $2::jsonb)',
    [type, JSON.stringify(payload)],
  );
}
