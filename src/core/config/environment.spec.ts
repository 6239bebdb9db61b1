import { EnvironmentError, validateEnvironment } from './environment.js';

describe(validateEnvironment.name, () => {
  it('should fill in defaults that reach Postgres and Redis on this machine', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/dondoc',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      TZ: 'Asia/Ho_Chi_Minh',
      MIGRATIONS_RUN: 'true',
    });
    expect(env.JWT_SECRET).toEqual(expect.any(String));
  });

  it('should convert numbers and ignore variables that are not dondoc’s', () => {
    const env = validateEnvironment({ PORT: '8080', LOGIN_RATE_LIMIT: '3', HOME: '/root' });
    expect(env.PORT).toBe(8080);
    expect(env.LOGIN_RATE_LIMIT).toBe(3);
    expect(env).not.toHaveProperty('HOME');
  });

  it('should treat an empty variable as unset', () => {
    expect(validateEnvironment({ PORT: '' }).PORT).toBe(3000);
  });

  it('should require a long JWT_SECRET in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is missing/);
    expect(() => validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET=short is invalid/,
    );
    const secret = 'x'.repeat(40);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(
      secret,
    );
  });

  it('should take an optional SMTP_URL, and only an smtp:// or smtps:// one', () => {
    expect(validateEnvironment({}).SMTP_URL).toBeUndefined();
    expect(validateEnvironment({ SMTP_URL: 'smtps://u:p@mail.anthi.test:465' }).SMTP_URL).toBe(
      'smtps://u:p@mail.anthi.test:465',
    );
    expect(() => validateEnvironment({ SMTP_URL: 'mail.anthi.test' })).toThrow(
      /SMTP_URL=mail.anthi.test is invalid/,
    );
    expect(validateEnvironment({ OUTBOUND_BACKOFF_MS: '100' }).OUTBOUND_BACKOFF_MS).toBe(100);
  });

  it('should name every bad variable at once', () => {
    let caught: unknown;
    try {
      validateEnvironment({ PORT: '99999', REDIS_URL: 'localhost', NODE_ENV: 'staging' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    const problems = (caught as EnvironmentError).problems.join('\n');
    expect(problems).toContain('PORT=99999');
    expect(problems).toContain('REDIS_URL=localhost');
    expect(problems).toContain('NODE_ENV=staging');
  });
});
