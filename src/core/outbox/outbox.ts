import type { EntityManager } from 'typeorm';

/** The NOTIFY channel that wakes outbox consumers (per database, so tests stay apart). */
export const OUTBOX_WAKE_CHANNEL = 'dondoc_outbox';

/** An event as a consumer claims it. */
export interface ClaimedEvent<Payload = Record<string, unknown>> {
  id: string;
  type: string;
  payload: Payload;
}

/**
 * The only writer of `outbox_events` (core/outbox owns it). Producers add events inside their
 * transaction, so an event commits or rolls back with its change; a consumer claims a batch and
 * marks it processed in one transaction of its own.
 */
export const Outbox = {
  /**
   * Records an event inside the caller's transaction. With `wake`, consumers listening on
   * OUTBOX_WAKE_CHANNEL hear of it as soon as it commits, instead of at their next poll.
   * PostgreSQL serialises the commits of notifying transactions, so only rare events whose
   * consumers should act at once (a publication) ask for it.
   */
  async add(
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
  },

  /**
   * `INSERT INTO outbox_events … <select>`, for a set-based statement to add events with its own
   * writes (a status move). The select yields, in order: type (varchar), payload (jsonb).
   */
  insertFrom(select: string): string {
    return `INSERT INTO "outbox_events" ("type", "payload") ${select}`;
  },

  /**
   * Up to `limit` unprocessed events of the given types, oldest first, locked until the caller's
   * transaction ends; events another consumer holds are skipped (FOR UPDATE SKIP LOCKED), so
   * workers share the work.
   */
  claim<Payload = Record<string, unknown>>(
    manager: EntityManager,
    types: readonly string[],
    limit: number,
  ): Promise<Array<ClaimedEvent<Payload>>> {
    return manager.query<Array<ClaimedEvent<Payload>>>(
      `SELECT id, type, payload FROM outbox_events
        WHERE processed_at IS NULL AND type = ANY($1)
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [types, limit],
    );
  },

  /** Marks claimed events processed, in the transaction that claimed them. */
  async markProcessed(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query('UPDATE outbox_events SET processed_at = now() WHERE id = ANY($1)', [ids]);
  },
};
