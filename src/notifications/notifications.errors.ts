import { DomainError } from '../core/errors/domain-error.js';

export class ChannelOwnerError extends DomainError {
  constructor() {
    super('invalid', 'channel_owner_required', 'give exactly one of unitId and userId');
  }
}

export class ChannelTargetError extends DomainError {
  constructor(message: string) {
    super('invalid', 'channel_target_mismatch', message);
  }
}

export class UnknownUserError extends DomainError {
  constructor(id: string) {
    super('invalid', 'unknown_user', `user ${id} does not exist`);
  }
}

export class DeliveryNotFailedError extends DomainError {
  constructor(id: string, status: string) {
    super(
      'conflict',
      'delivery_not_failed',
      `delivery ${id} is ${status}; only failed ones are retried`,
    );
  }
}
