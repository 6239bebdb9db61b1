/** The parts of a request read here (a FastifyRequest has them). */
export interface OriginHeaders {
  headers: Record<string, string | string[] | undefined>;
  /** The Host the client addressed, with its port. */
  host: string;
}

/** Where a request came from, as the browser tells it. */
export type RequestOrigin = 'same-origin' | 'cross-site' | 'unknown';

/**
 * Reads `Sec-Fetch-Site` (every current browser sends it, and a page cannot forge it), else
 * `Origin` (sent on every cross-origin request and on same-origin POSTs), compared with this
 * request's own host. `unknown` when there is neither: not a current browser (curl, a script, a
 * test client), which another site's page cannot drive with the user's cookies anyway.
 * `same-site` is cross-site here: a sibling subdomain is another application.
 */
export function requestOrigin(request: OriginHeaders): RequestOrigin {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') {
    // `none`: the user typed the address or used a bookmark, no page asked for it.
    return fetchSite === 'same-origin' || fetchSite === 'none' ? 'same-origin' : 'cross-site';
  }
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return 'unknown';
  try {
    // The host (with its port) only: behind a TLS-terminating proxy the scheme seen here can
    // differ from the browser's, while the host is what the browser addressed.
    return new URL(origin).host === new URL(`http://${request.host}`).host
      ? 'same-origin'
      : 'cross-site';
  } catch {
    // `Origin: null` (sandboxed frames, data: pages) and garbage.
    return 'cross-site';
  }
}
