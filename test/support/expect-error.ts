import type { Reply } from './test-app.js';

/** Asserts the one error body shape: status, reason, message, code, request id; no stack or SQL. */
export function expectError(reply: Reply, status: number, code?: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  if (code) expect(reply.body.code).toBe(code);
  const text = JSON.stringify(reply.body);
  expect(text).not.toMatch(/\bat .+\.(js|ts):\d+|QueryFailedError|SELECT |INSERT |node_modules/);
}
