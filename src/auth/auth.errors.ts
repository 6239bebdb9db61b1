import { DomainError } from '../core/errors/domain-error.js';

/** One answer for every failed sign-in, so it does not tell which usernames exist. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthenticated', 'invalid_credentials', 'Wrong username or password');
  }
}

export class NotSignedInError extends DomainError {
  constructor(reason = 'Sign in first: this needs a valid bearer token') {
    super('unauthenticated', 'not_signed_in', reason);
  }
}

/**
 * A refresh token that is unknown, expired, spent or of an ended session. One code for all, so
 * the answer does not tell a thief which; the reason goes to the log.
 */
export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super(
      'unauthenticated',
      'invalid_refresh_token',
      'This refresh token is not valid (expired, already used or signed out); sign in again',
    );
  }
}

export class RoleForbiddenError extends DomainError {
  constructor() {
    super('forbidden', 'forbidden', 'Your role may not do this');
  }
}
