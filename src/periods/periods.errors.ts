import { DomainError } from '../core/errors/domain-error.js';
import type { PeriodStatus } from './period-status.js';

export class PeriodNotSubmittableError extends DomainError {
  constructor(status: PeriodStatus) {
    super(
      'conflict',
      'period_not_submittable',
      `the period is ${status}: a report can be submitted to an open, missed or returned period`,
    );
  }
}

export class PeriodNotSubmittedError extends DomainError {
  constructor(status: PeriodStatus) {
    super(
      'conflict',
      'period_not_submitted',
      `the period is ${status}; only a submitted report is reviewed`,
    );
  }
}

export class NotPeriodUnitError extends DomainError {
  constructor() {
    super('forbidden', 'not_task_unit', "only the task's own unit reports on its periods");
  }
}

export class NotPeriodReviewerError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'not_reviewer',
      'periods are reviewed by the chair (and the clerk when the directive lets the clerk review)',
    );
  }
}

export class ReturnReasonRequiredError extends DomainError {
  constructor() {
    super('invalid', 'reason_required', 'returning a report needs a reason');
  }
}

export class PeriodTaskClosedError extends DomainError {
  constructor() {
    super('conflict', 'task_closed', 'the task is completed or cancelled: its periods are closed');
  }
}

export class InvalidReportingRangeError extends DomainError {
  constructor(message: string) {
    super('invalid', 'invalid_range', message);
  }
}
