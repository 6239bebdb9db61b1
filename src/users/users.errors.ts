import { DomainError } from '../core/errors/domain-error.js';

export class UsernameTakenError extends DomainError {
  constructor(username: string) {
    super('conflict', 'username_taken', `username ${username} is already taken`);
  }
}

export class UnknownUnitError extends DomainError {
  constructor(unitId: string) {
    super('invalid', 'unknown_unit', `unit ${unitId} does not exist`);
  }
}
