import type { EntityManager } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity.js';

/** Records an event inside the caller's transaction; it commits or rolls back with the change. */
export async function recordEvent(
  manager: EntityManager,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await manager.save(manager.create(OutboxEvent, { type, payload }));
}
