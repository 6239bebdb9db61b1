/**
 * The one way tests wait: poll a condition until it holds, or fail naming what never came. Tests
 * never sleep a fixed time to let something happen; they wait for the state that shows it did.
 */
export interface WaitOptions {
  /** Give up after this long (default 20 s). */
  timeout?: number;
  /** Pause between two probes (default 50 ms). */
  interval?: number;
}

/**
 * Resolves with the first truthy value `probe` returns; rejects with `what` after `timeout`.
 * A probe that throws is a failure, not a "not yet", unless it is caught inside the probe.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  { timeout = 20_000, interval = 50 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
