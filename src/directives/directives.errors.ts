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
