import type { ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

type HeaderStep = [name: string, value: string | number | readonly string[] | undefined];

/**
 * helmet's response headers for these options, worked out once. @fastify/helmet rebuilt the
 * whole helmet middleware from its options on every request (and ran two hooks to do it); the
 * headers only depend on the options, so they are computed here by running helmet once against
 * a recording response, and set the same way (on the raw response, before the handler runs, so
 * a route can still replace one, as the pages do with their own Content-Security-Policy).
 */
export function securityHeaders(options: HelmetOptions): (raw: ServerResponse) => void {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader(name: string, value: HeaderStep[1]) {
      steps.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      steps.push([name, undefined]);
    },
  };
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error as Error;
  });
  return (raw) => {
    for (const [name, value] of steps) {
      if (value === undefined) raw.removeHeader(name);
      else raw.setHeader(name, value);
    }
  };
}
