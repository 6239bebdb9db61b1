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

export class RoleForbiddenError extends DomainError {
  constructor() {
    super('forbidden', 'forbidden', 'Your role may not do this');
  }
}
