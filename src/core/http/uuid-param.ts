import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';

class InvalidIdError extends DomainError {
  constructor(name: string) {
    super('invalid', 'invalid_id', `${name} must be a UUID`);
  }
}

/** A path parameter that must be a UUID: anything else is a 400 before any query runs. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new InvalidIdError(name),
    }),
  );
