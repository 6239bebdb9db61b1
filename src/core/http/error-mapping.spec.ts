import { BadRequestException, HttpException } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import { mapError } from './error-mapping.js';

const dbError = (code: string, extra: Record<string, string> = {}) =>
  new QueryFailedError(
    'INSERT INTO secret_table VALUES ($1)',
    ['x'],
    Object.assign(new Error('boom'), { code, ...extra }),
  );

describe(mapError.name, () => {
  it('should map domain error kinds to statuses with their code', () => {
    expect(mapError(new DomainError('conflict', 'invalid_transition', 'no'))).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      code: 'invalid_transition',
      unexpected: false,
    });
    expect(mapError(new DomainError('not_found', 'x_not_found', 'gone')).statusCode).toBe(404);
  });

  it('should turn validation messages into a message and details', () => {
    const mapped = mapError(new BadRequestException(['a must be a string', 'b should not exist']));
    expect(mapped).toMatchObject({
      statusCode: 400,
      message: 'a must be a string; b should not exist',
      code: 'validation_failed',
      details: ['a must be a string', 'b should not exist'],
    });
  });

  it.each([
    ['23505', 409, 'already_exists'],
    ['23502', 400, 'missing_value'],
    ['23514', 400, 'check_violation'],
    ['22P02', 400, 'invalid_value'],
    ['40001', 409, 'concurrent_update'],
    ['57P01', 503, 'unavailable'],
  ])('should map PostgreSQL %s to %d without SQL', (code, status, mappedCode) => {
    const mapped = mapError(dbError(code));
    expect(mapped).toMatchObject({ statusCode: status, code: mappedCode });
    expect(JSON.stringify(mapped)).not.toMatch(/secret_table|INSERT/);
  });

  it('should tell a dangling reference from a row still referenced', () => {
    expect(
      mapError(dbError('23503', { detail: 'Key (unit_id)=(x) is not present in table "units".' })),
    ).toMatchObject({
      statusCode: 400,
      code: 'invalid_reference',
    });
    expect(
      mapError(
        dbError('23503', { detail: 'Key (id)=(x) is still referenced from table "users".' }),
      ),
    ).toMatchObject({
      statusCode: 409,
      code: 'still_referenced',
    });
  });

  it('should answer a lost connection with 503', () => {
    expect(
      mapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        .statusCode,
    ).toBe(503);
    expect(mapError(new Error('Connection terminated unexpectedly')).statusCode).toBe(503);
    // A query on a connection the server dropped (PostgreSQL restarting): no SQLSTATE.
    const dropped = new QueryFailedError(
      'SELECT 1',
      [],
      new Error('Connection terminated unexpectedly'),
    );
    expect(mapError(dropped)).toMatchObject({ statusCode: 503, code: 'unavailable' });
    // TypeORM's error when the request's connection was released under it.
    expect(mapError(new QueryRunnerAlreadyReleasedError()).statusCode).toBe(503);
  });

  it('should hide anything unknown behind a generic 500', () => {
    const mapped = mapError(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(mapped).toMatchObject({
      statusCode: 500,
      message: 'Internal server error',
      unexpected: true,
    });
  });

  it('should keep extra fields an HttpException carries, but not let them replace the shape', () => {
    const mapped = mapError(
      new HttpException(
        { message: 'down', code: 'unhealthy', checks: { redis: 'down' }, statusCode: 200 },
        503,
      ),
    );
    expect(mapped).toMatchObject({ statusCode: 503, code: 'unhealthy', checks: { redis: 'down' } });
  });
});
