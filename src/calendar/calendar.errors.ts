import { DomainError, NotFoundError } from '../core/errors/domain-error.js';

export class InvalidCalendarDateError extends DomainError {
  constructor(field: string, value: unknown, range: string) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
    super(
      'invalid',
      'invalid_date',
      `${field} must be a calendar date YYYY-MM-DD in ${range}; got ${shown}`,
    );
  }
}

/** Counting working days walked past the years the calendar knows. */
export class CalendarOutOfRangeError extends DomainError {
  constructor(range: string) {
    super('invalid', 'date_out_of_range', `the working-day calendar covers only ${range}`);
  }
}

export class InvalidDateRangeError extends DomainError {
  constructor(message: string) {
    super('invalid', 'invalid_date_range', message);
  }
}

export class InvalidAdjustmentError extends DomainError {
  constructor(message: string) {
    super('invalid', 'invalid_adjustment', message);
  }
}

export class CalendarAdjustmentNotFoundError extends NotFoundError {
  constructor(date: string) {
    super('calendar_adjustment', date);
  }
}
