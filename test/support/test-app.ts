import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module.js';
import { type Environment, validateEnvironment } from '../../src/core/config/environment.js';
import { createHttpApp } from '../../src/app/http-app.js';
import { createRootLogger } from '../../src/core/logging/logger.js';
import { DemoLetters } from '../../src/demo/demo-letters.js';
import { DemoSeeder } from '../../src/demo/demo-seeder.js';
import { DEMO_PASSWORD } from '../../src/demo/demo-directory.js';
import {
  createTestDatabase,
  dropTestDatabase,
  databaseUrl,
  TEST_REDIS_URL,
  uniqueName,
} from './test-database.js';

/** The API with extra modules beside it (see `extraModules`). */
@Module({})
class TestRootModule {}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** A raw payload sent as is (malformed JSON, plain text, multipart bytes). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: NestFastifyApplication;
  env: Environment;
  database: string;
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<Reply<T>>;
  /** Signs a demo user in and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the real API (Fastify, Postgres, Redis) on a fresh copy of the migrated template
 * database and a Redis key prefix of its own; requests go through Fastify's `inject`.
 */
export async function startTestApp(
  options: {
    seed?: boolean;
    /** Also the demo's letters: 2136 published by the province, 451 carried down by An Thi. */
    letters?: boolean;
    env?: Record<string, string>;
    /** Modules booted beside the API, e.g. a worker module whose processors the test drives. */
    extraModules?: Array<Type | DynamicModule>;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const evidenceDir = await mkdtemp(join(tmpdir(), 'dondoc-evidence-'));
  const env = validateEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: uniqueName('dondoc_test'),
    LOG_LEVEL: 'error',
    // Lets each test pick its client address with X-Forwarded-For (rate limits are per address).
    TRUST_PROXY: 'true',
    // Uploaded files go to a directory of this test file's own, removed on close.
    EVIDENCE_DIR: evidenceDir,
    ...options.env,
  });
  let app: NestFastifyApplication | undefined;
  try {
    const root = options.extraModules?.length
      ? { module: TestRootModule, imports: [AppModule.register(env), ...options.extraModules] }
      : AppModule.register(env);
    app = await createHttpApp(root, createRootLogger(env.LOG_LEVEL, 'dondoc-test'), {
      trustProxy: true,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    if (options.seed !== false) await app.get(DemoSeeder).seed();
    if (options.letters) await app.get(DemoLetters).seed();
  } catch (error) {
    await app?.close();
    await dropTestDatabase(database);
    throw error;
  }
  const booted = app;
  let signIns = 0;

  const request = async <T>(
    method: string,
    url: string,
    req: RequestOptions = {},
  ): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    let payload: string | Buffer | undefined;
    if (req.raw !== undefined) {
      payload = req.raw;
      headers['content-type'] ??= 'application/json';
    } else if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const response = await booted
      .getHttpAdapter()
      .getInstance()
      .inject({ method: method as 'GET', url, headers, payload });
    const text = response.body;
    let body: unknown = text;
    if (String(response.headers['content-type'] ?? '').includes('json') && text.length > 0) {
      body = JSON.parse(text);
    }
    return { status: response.statusCode, body: body as T, headers: response.headers };
  };

  return {
    app: booted,
    env,
    database,
    request,
    async login(username, password = DEMO_PASSWORD) {
      // Each sign-in from its own documentation-range address, clear of the rate limit under test.
      signIns++;
      const address = `198.51.${Math.floor(signIns / 250)}.${(signIns % 250) + 1}`;
      const reply = await request<{ accessToken: string }>('POST', '/api/auth/login', {
        body: { username, password },
        headers: { 'x-forwarded-for': address },
      });
      if (reply.status !== 200) throw new Error(`login ${username} failed: ${reply.status}`);
      return reply.body.accessToken;
    },
    async close() {
      await booted.close();
      await dropTestDatabase(database);
      await rm(evidenceDir, { recursive: true, force: true });
    },
  };
}
