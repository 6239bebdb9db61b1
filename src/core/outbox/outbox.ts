import type { EntityManager } from 'typeorm';

/**
 * Records an event inside the caller's transaction; it commits or rolls back with the change.
 * A plain INSERT (every status move that closes a task writes one; nothing reads its id back).
 */
export async function recordEvent(
  manager: EntityManager,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await manager.query('INSERT INTO "outbox_events" ("type", "payload") VALUES ($1, $2)', [
    type,
    JSON.stringify(payload),
  ]);
}
