import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module.js';
import { validateEnvironment } from '../../src/core/config/environment.js';
import { createHttpApp } from '../../src/app/http-app.js';
import { createRootLogger } from '../../src/core/logging/logger.js';
import type { Reply, RequestOptions, TestApp } from '../support/test-app.js';

export interface Instance {
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<Reply<T>>;
  close(): Promise<void>;
}

/**
 * Another API instance beside a test app: its own Nest application, pools and Redis client, on
 * the same database and Redis key prefix, as a second server behind a load balancer would be.
 */
export async function startSecondInstance(t: TestApp): Promise<Instance> {
  const env = validateEnvironment({ ...t.env });
  let app: NestFastifyApplication | undefined;
  try {
    app = await createHttpApp(AppModule.register(env), createRootLogger(env.LOG_LEVEL, 'second'), {
      trustProxy: true,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app?.close();
    throw error;
  }
  const booted = app;
  return {
    async request<T>(method: string, url: string, req: RequestOptions = {}): Promise<Reply<T>> {
      const headers: Record<string, string> = { ...req.headers };
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const response = await booted
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: method as 'GET',
          url,
          headers,
          payload: req.body === undefined ? undefined : JSON.stringify(req.body),
        });
      const json = String(response.headers['content-type'] ?? '').includes('json');
      return {
        status: response.statusCode,
        body: (json && response.body ? JSON.parse(response.body) : response.body) as T,
        headers: response.headers,
      };
    },
    close: () => booted.close(),
  };
}
