import { DomainError } from '../core/errors/domain-error.js';

export class InvalidPeriodError extends DomainError {
  constructor(message: string) {
    super('invalid', 'invalid_period', message);
  }
}
