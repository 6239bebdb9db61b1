import { DomainError } from '../core/errors/domain-error.js';
import type { TaskStatus } from './task-status.js';

export class InvalidTransitionError extends DomainError {
  constructor(from: TaskStatus, to: string) {
    super('conflict', 'invalid_transition', `a task cannot move from ${from} to ${to}`, {
      from,
      to,
    });
  }
}

export class NotYourMoveError extends DomainError {
  constructor(from: TaskStatus, to: string) {
    super('forbidden', 'not_your_move', `your role may not move this task from ${from} to ${to}`, {
      from,
      to,
    });
  }
}

export class StaleVersionError extends DomainError {
  constructor(given: number, current: number | null) {
    super(
      'conflict',
      'stale_version',
      `the task changed since you loaded it (version ${given}${current ? `, now ${current}` : ''}); reload and try again`,
      { currentVersion: current },
    );
  }
}

export class VersionRequiredError extends DomainError {
  constructor() {
    super(
      'invalid',
      'version_required',
      'send the task version you loaded, as "version" or an If-Match header',
    );
  }
}

export class ReasonRequiredError extends DomainError {
  constructor(to: string) {
    super('invalid', 'reason_required', `moving a task to ${to} needs a reason`);
  }
}

export class ReportRequiredError extends DomainError {
  constructor() {
    super('invalid', 'report_required', 'reporting needs the report text (báo cáo kết quả)');
  }
}

export class EvidenceRequiredError extends DomainError {
  constructor() {
    super(
      'unprocessable',
      'evidence_required',
      'reporting needs at least one piece of evidence (minh chứng)',
    );
  }
}

export class TaskClosedError extends DomainError {
  constructor(status: TaskStatus) {
    super('conflict', 'task_closed', `the task is ${status}; nothing more can be added`);
  }
}

/** A task the user sees as a receiving body: only the directive's issuing body manages it. */
export class NotIssuerError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'not_issuing_body',
      "only the body that issued the task's directive (its chair and clerk) may do this",
    );
  }
}
