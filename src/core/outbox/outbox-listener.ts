import pg from 'pg';
import { OUTBOX_WAKE_CHANNEL } from './outbox.js';

const RECONNECT_MS = 1000;

/**
 * LISTENs for events recorded with `wake` on a connection of its own (a LISTEN holds its
 * connection for good, so it stays out of the pool) and calls `onWake` for each. Only a shortcut:
 * consumers still poll, so a lost connection or a missed notification delays nothing past a
 * poll period. Reconnects after losing the connection (a database restart) until stopped.
 */
export class OutboxListener {
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly onWake: () => void,
    private readonly onTrouble: (message: string) => void,
  ) {}

  start(): void {
    if (this.stopped || this.client) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'dondoc-outbox' });
    this.client = client;
    const lost = (reason: string) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.onTrouble(`outbox listener: ${reason}; reconnecting, polling meanwhile`);
      this.retry = setTimeout(() => {
        this.retry = null;
        this.start();
      }, RECONNECT_MS);
    };
    client.on('error', (error) => lost(String(error)));
    client.on('end', () => lost('connection closed'));
    client.on('notification', () => this.onWake());
    client
      .connect()
      .then(() => client.query(`LISTEN ${OUTBOX_WAKE_CHANNEL}`))
      .then(
        () => {
          // Events committed while (re)connecting were not heard: have the consumer look.
          if (this.client === client) this.onWake();
        },
        (error: unknown) => lost(String(error)),
      );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
