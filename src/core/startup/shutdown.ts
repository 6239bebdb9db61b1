import type { Logger as Pino } from 'pino';

/**
 * How long a stopping process may take to drain (HTTP requests answered, jobs finished) before it
 * exits anyway. Orchestrators send SIGKILL after a grace period (Docker: 10 s by default, set
 * `stop_grace_period`; Kubernetes: 30 s): this stays under 25 s so jobs are handed back cleanly.
 */
export const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * Nest's shutdown hooks close the app on SIGTERM/SIGINT and then end the process by the same
 * signal. Should something never finish (a query on a dead connection), this ends the process
 * after SHUTDOWN_DEADLINE_MS instead: a job still active then is released by its lock expiring and
 * another worker takes it, which the escalations' unique key makes harmless.
 */
export function exitIfShutdownHangs(logger: Pino, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info(`${signal}: draining, at most ${deadlineMs} ms`);
      setTimeout(() => {
        logger.error(`shutdown did not finish within ${deadlineMs} ms; exiting`);
        process.exit(1);
      }, deadlineMs).unref();
    });
  }
}
