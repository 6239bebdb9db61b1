import { DomainError } from '../core/errors/domain-error.js';

export class UnitCodeTakenError extends DomainError {
  constructor(code: string) {
    super('conflict', 'unit_code_taken', `a unit or group with code ${code} already exists`);
  }
}

export class UnknownUnitsError extends DomainError {
  constructor(ids: string[]) {
    super('invalid', 'unknown_units', `these units do not exist: ${ids.join(', ')}`);
  }
}

export class UnitParentCycleError extends DomainError {
  constructor(id: string) {
    super(
      'invalid',
      'unit_parent_cycle',
      `unit ${id} cannot be placed under itself or its own descendants`,
    );
  }
}

export class UnitInUseError extends DomainError {
  constructor(id: string) {
    super(
      'conflict',
      'unit_in_use',
      `unit ${id} still has users or sub-units; move them or deactivate the unit instead`,
    );
  }
}
