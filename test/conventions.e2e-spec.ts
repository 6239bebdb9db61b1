import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('API conventions', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should report both services up on /api/health, without signing in', async () => {
    const reply = await t.request('GET', '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
    expect((await t.request('GET', '/api/health/live')).body).toEqual({ status: 'ok' });
  });

  it('should answer malformed JSON with 400', async () => {
    const reply = await t.request('POST', '/api/units', { token: admin, raw: '{"code": "x",' });
    expectError(reply, 400, 'malformed_json');
  });

  it('should answer an unknown field with 400 naming it', async () => {
    const reply = await t.request('POST', '/api/auth/login', {
      body: { username: 'chair', password: 'demo1234', rememberMe: true },
    });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.message).toContain('rememberMe');
    expect(reply.body.details).toEqual(['property rememberMe should not exist']);
  });

  it('should answer a malformed UUID with 400 and an unknown one with 404', async () => {
    expectError(
      await t.request('GET', '/api/units/not-a-uuid', { token: admin }),
      400,
      'invalid_id',
    );
    expectError(
      await t.request('GET', "/api/users/1' OR '1'='1", { token: admin }),
      400,
      'invalid_id',
    );
    expectError(
      await t.request('GET', '/api/units/7a1f9d7e-3b7c-4c51-9a43-5d0f8e7c2b10', { token: admin }),
      404,
      'unit_not_found',
    );
  });

  it('should answer an unknown route with the same error shape', async () => {
    expectError(await t.request('GET', '/api/nothing-here', { token: admin }), 404);
  });

  it('should answer a wrong content type with 415', async () => {
    const reply = await t.request('POST', '/api/auth/login', {
      raw: 'username=chair',
      headers: { 'content-type': 'application/xml' },
    });
    expectError(reply, 415);
  });

  it('should carry a request id through: kept when sane, generated otherwise', async () => {
    const kept = await t.request('GET', '/api/health/live', {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.request('GET', '/api/units/x', {
      token: admin,
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.body.requestId).toBe(replaced.headers['x-request-id']);
  });

  it('should serve the OpenAPI document and Swagger UI at /api/docs', async () => {
    const ui = await t.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
    const document = await t.request('GET', '/api/docs/json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/me',
        '/api/units',
        '/api/units/{id}',
        '/api/unit-groups',
        '/api/health',
      ]),
    );
  });

  it('should show the queue board to admins only', async () => {
    expectError(await t.request('GET', '/admin/queues'), 401, 'not_signed_in');
    const officer = await t.login('phong-vhtt.officer');
    expectError(await t.request('GET', '/admin/queues', { token: officer }), 403, 'forbidden');
    const board = await t.request('GET', '/admin/queues', { token: admin });
    expect(board.status).toBe(200);
    expect(String(board.body)).toContain('<html');
    const viaCookie = await t.request('GET', '/admin/queues/api/queues', {
      headers: { cookie: `other=1; dondoc_token=${admin}` },
    });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'escalation',
      'outbound',
    ]);
  });

  it('should deny a route that names no roles (deny by default)', async () => {
    // Every controller route must carry @Public or @Roles: check the live router for strays.
    const document = await t.request('GET', '/api/docs/json');
    const secured = Object.entries(
      document.body.paths as Record<string, Record<string, { security?: unknown }>>,
    )
      .filter(([path]) => !path.startsWith('/api/health') && path !== '/api/auth/login')
      .flatMap(([, methods]) => Object.values(methods));
    expect(secured.length).toBeGreaterThan(10);
    for (const operation of secured) expect(operation.security).toBeDefined();
  });
});
