import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, validateEnvironment } from './environment.js';

describe(validateEnvironment.name, () => {
  it('should fill in defaults that reach Postgres and Redis on this machine', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/dondoc',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
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

  it('should require a JWT_SECRET of at least 256 bits in production, without echoing it', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is missing/);
    let caught: unknown;
    try {
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'short-secret' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    const line = (caught as Error).message;
    expect(line).toBe(
      'invalid configuration: JWT_SECRET=(hidden, 12 bytes) is invalid ' +
        '(JWT_SECRET must be at least 32 bytes (256 bits))',
    );
    expect(line).not.toContain('short-secret');
    // 31 bytes is one short; 32 bytes is enough, counted as UTF-8 bytes, not characters.
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) }),
    ).toThrow(/JWT_SECRET=\(hidden, 31 bytes\)/);
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'đ'.repeat(15) }),
    ).toThrow(/30 bytes/);
    expect(
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'đ'.repeat(16) }).JWT_SECRET,
    ).toBe('đ'.repeat(16));
    const secret = 'x'.repeat(32);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(
      secret,
    );
  });

  it('should make each installation its own secret outside production, kept in a private file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-secret-'));
    try {
      const file = join(dir, 'data', 'jwt-secret');
      const first = validateEnvironment({ JWT_SECRET_FILE: file }).JWT_SECRET!;
      expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      // The same installation (an API and its worker) reads the same secret back…
      expect(validateEnvironment({ NODE_ENV: 'test', JWT_SECRET_FILE: file }).JWT_SECRET).toBe(
        first,
      );
      // …another one makes its own.
      const other = validateEnvironment({ JWT_SECRET_FILE: join(dir, 'other') }).JWT_SECRET;
      expect(other).not.toBe(first);
      // A set JWT_SECRET wins, and production never makes one.
      expect(
        validateEnvironment({ JWT_SECRET: 'z'.repeat(32), JWT_SECRET_FILE: file }).JWT_SECRET,
      ).toBe('z'.repeat(32));
      expect(() =>
        validateEnvironment({ NODE_ENV: 'production', JWT_SECRET_FILE: join(dir, 'prod') }),
      ).toThrow(/JWT_SECRET is missing/);
      expect(existsSync(join(dir, 'prod'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should let development and test run without a JWT_SECRET', () => {
    expect(validateEnvironment({ NODE_ENV: 'test' }).JWT_SECRET).toEqual(expect.any(String));
    expect(validateEnvironment({}).JWT_SECRET!.length).toBeGreaterThanOrEqual(32);
  });

  it('should default to short access tokens, week-long refresh tokens and rate limits', () => {
    expect(validateEnvironment({})).toMatchObject({
      JWT_EXPIRES_IN: '15m',
      JWT_REFRESH_EXPIRES_IN: '7d',
      API_RATE_LIMIT: 1000,
      UPLOAD_RATE_LIMIT: 60,
    });
    expect(() => validateEnvironment({ JWT_REFRESH_EXPIRES_IN: 'forever' })).toThrow(
      /JWT_REFRESH_EXPIRES_IN=forever is invalid/,
    );
    expect(validateEnvironment({ API_RATE_LIMIT: '0' }).API_RATE_LIMIT).toBe(0);
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
