import { Param, type PipeTransform } from '@nestjs/common';
import { InvalidCalendarDateError } from './calendar.errors.js';
import { FIRST_YEAR, isCalendarDate, LAST_YEAR } from './working-calendar.js';

class ParseCalendarDatePipe implements PipeTransform<unknown, string> {
  constructor(private readonly name: string) {}

  transform(value: unknown): string {
    if (!isCalendarDate(value)) {
      throw new InvalidCalendarDateError(this.name, value, `${FIRST_YEAR}–${LAST_YEAR}`);
    }
    return value;
  }
}

/** A path parameter that must be a calendar date `YYYY-MM-DD`: anything else is a 400. */
export const CalendarDateParam = (name = 'date'): ParameterDecorator =>
  Param(name, new ParseCalendarDatePipe(name));
