/**
 * What a domain error means to a caller; the global filter turns it into the HTTP status.
 * Modules throw these with their own string `code` and never import HTTP exceptions for them.
 */
export type ErrorKind =
  | 'invalid' // 400: the request cannot be carried out as written
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: the state does not allow it (duplicate, stale version, wrong status)
  | 'too_large' // 413
  | 'unprocessable' // 422: well-formed, but its content does not allow it (a draft not ready)
  | 'unavailable'; // 503: a dependency is down, try again

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Extra fields for the error body (e.g. `existingId`, `problems`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what}_not_found`, `${what.replace(/_/g, ' ')} ${id} does not exist`);
  }
}
