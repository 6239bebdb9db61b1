import { DomainError } from '../core/errors/domain-error.js';

export class NotADirectiveError extends DomainError {
  constructor(problems: string[]) {
    super(
      'unprocessable',
      'not_a_directive',
      `this does not read as a directive: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
}

export class DuplicateDirectiveError extends DomainError {
  constructor(number: string, existingId: string) {
    super(
      'conflict',
      'duplicate_directive',
      `directive ${number} from this issuer was already imported`,
      {
        existingId,
      },
    );
  }
}

export class DirectiveNotDraftError extends DomainError {
  constructor(id: string) {
    super(
      'conflict',
      'directive_not_draft',
      `directive ${id} is already published and can no longer change`,
    );
  }
}

export class PublishBlockedError extends DomainError {
  constructor(problems: string[]) {
    super(
      'unprocessable',
      'publish_blocked',
      `the draft cannot be published yet: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
}

export class NoSourceError extends DomainError {
  constructor() {
    super(
      'invalid',
      'no_source',
      'send the letter as text/plain, as JSON {"text": "…"}, or as multipart/form-data with a file (.txt, .md, .docx, .pdf)',
    );
  }
}

/** A directive the user sees as a receiving unit: only its issuing body acts on it. */
export class NotIssuingBodyError extends DomainError {
  constructor(id: string) {
    super(
      'forbidden',
      'not_issuing_body',
      `only the body that issued directive ${id} (its clerk and chair) may do this`,
    );
  }
}

/** The task named as the one a letter carries down is not an open task the body received. */
export class NotReceivedTaskError extends DomainError {
  constructor(taskId: string) {
    super(
      'unprocessable',
      'not_received_task',
      `task ${taskId} is not an open task this body received, so it cannot carry it down`,
    );
  }
}

/**
 * The letter cites the directive of several open tasks the body received: nothing is stored,
 * and the clerk imports again naming one (`implementsTaskId`), or none (null).
 */
export class SeveralCitedTasksError extends DomainError {
  constructor(suggestions: readonly object[]) {
    super(
      'conflict',
      'implements_task_ambiguous',
      'the letter cites the directive of several tasks this body received: choose the one it carries down',
      { suggestions },
    );
  }
}
