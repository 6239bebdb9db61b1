import fc from 'fast-check';
import pg from 'pg';
import { PNG, multipartBody, publishLetter } from '../support/directives.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { databaseUrl } from '../support/test-database.js';
import { type OpenApi, resolve, sample, type Schema } from './openapi.js';
import { parametersOf, routeTable, type Route } from './route-table.js';

/**
 * Fuzzing every endpoint, generated from the route table and the OpenAPI document: random and
 * mutated path parameters (real ids of every kind, other UUIDs, junk), query strings (the
 * operation's own parameters with hostile values, and strangers), bodies (the schema's sample
 * with fields retyped, dropped or poisoned, random JSON, malformed text, wrong content types) and
 * callers (every role, none, a forged token). Never a 5xx, never a hang, every error in the one
 * shape, and a rejected request changes nothing in the database. Seeded and bounded per route.
 */

const SEED = 20_261_128;
const RUNS_PER_ROUTE = 24;
const MS_PER_REQUEST = 10_000;
/** Tables a rejected request may still write: an audit trail, sign-in attempt counters. */
const MAY_CHANGE = /^(audit|login)/;
/** Third-party UI and documentation, not this API's endpoints. */
const NOT_FUZZED = [/^\/api\/docs/, /^\/admin\/queues/];

interface FuzzCase {
  token: string | undefined;
  params: Record<string, string>;
  query: string;
  body: { raw?: string; rawBytes?: Buffer; contentType?: string } | null;
  idempotencyKey: string | undefined;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  '9007199254740993',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '../../../etc/passwd',
  '..%2f..%2f',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u0001\u001b[31m\u007f',
  '/viec\u0007',
  '\ud800',
  '\u202e',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '__proto__',
  'constructor',
  'a'.repeat(5_000),
  '2026-02-30',
  '9999-99-99',
  '1899-12-31',
  '2026-12-21',
  '2026-12-21T25:00:00Z',
  'csv',
  'xlsx',
  'completed,returned',
  '00000000-0000-0000-0000-000000000000',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
];

const RAW_BODIES = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1',
  'true',
  '{"__proto__":{"role":"admin","isAdmin":true}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `{"a":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}}`,
  // 800 KB nested 400,000 levels: parses in V8, overflows whatever walks it recursively after.
  `{"refreshToken":${'['.repeat(400_000)}${']'.repeat(400_000)}}`,
  '\u0000\u0001\u0002',
  '{"kind":"note","text":"x","kind":"file"}',
];

describe('fuzzing every endpoint', () => {
  let t: TestApp;
  let doc: OpenApi;
  let client: pg.Client;
  let tokens: string[];
  let ids: string[];
  let totalCases = 0;

  const fingerprint = async (): Promise<string> => {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const sql = tables.rows
      .map((row) => row.name)
      .filter((name) => !MAY_CHANGE.test(name))
      .map(
        (name) =>
          `SELECT '${name}' || count(*) || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') AS d FROM "${name}" t`,
      )
      .join(' UNION ALL ');
    return (await client.query<{ d: string }>(sql)).rows.map((row) => row.d).join('|');
  };

  beforeAll(async () => {
    t = await startTestApp();
    const directive = await publishLetter(t);
    const admin = await t.login('admin');
    const officer = await t.login('xa-hong-quang.officer');
    tokens = [admin, await t.login('clerk'), await t.login('chair'), officer];
    const task = (await t.request('GET', '/api/me/tasks', { token: officer })).body.items[0];
    const evidence = await t.request('POST', `/api/tasks/${task.id}/evidence`, {
      token: officer,
      ...multipartBody({ name: 'anh.png', data: PNG, type: 'image/png' }, { kind: 'file' }),
    });
    const users = await t.request('GET', '/api/users?limit=5', { token: admin });
    const groups = await t.request('GET', '/api/unit-groups?limit=5', { token: admin });
    const draft = await t.request('GET', `/api/directives/${directive}`, { token: admin });
    ids = [
      directive,
      task.id,
      task.unit.id,
      evidence.body.id,
      draft.body.assignments[0].id,
      ...users.body.items.map((user: { id: string }) => user.id),
      ...groups.body.items.map((group: { id: string }) => group.id),
    ];
    doc = (await t.request('GET', '/api/docs/json')).body as OpenApi;
    client = new pg.Client({ connectionString: databaseUrl(t.database) });
    await client.connect();
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await t?.close();
    process.stdout.write(`endpoint fuzzing: ${totalCases} requests\n`);
  }, 30_000);

  const operationOf = (route: Route) =>
    doc.paths[route.pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()];

  /** The generator of requests for one route. */
  const casesFor = (route: Route): fc.Arbitrary<FuzzCase> => {
    const operation = operationOf(route);
    const queryNames = (operation?.parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name);
    const jsonSchema = operation?.requestBody?.content['application/json']?.schema;
    const takesFiles = operation?.requestBody?.content['multipart/form-data'] !== undefined;
    const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }));
    const pathValue = fc.oneof(fc.constantFrom(...ids), fc.uuid(), hostile);
    const params = fc.record(
      Object.fromEntries(parametersOf(route.pattern).map((name) => [name, pathValue])),
    );
    const query = fc
      .array(
        fc.tuple(
          fc.oneof(
            ...(queryNames.length ? [fc.constantFrom(...queryNames)] : []),
            fc.constantFrom('limit', 'offset', 'format', '__proto__', 'constructor[prototype]'),
            fc.string({ maxLength: 8 }),
          ),
          fc.oneof(hostile, fc.constantFrom(...ids), fc.integer().map(String)),
        ),
        { maxLength: 5 },
      )
      .map((pairs) => new URLSearchParams(pairs).toString());
    const body =
      route.method === 'GET' || route.method === 'HEAD'
        ? fc.constant(null)
        : takesFiles
          ? fc.oneof(bodies(jsonSchema), uploads())
          : bodies(jsonSchema);
    return fc.record({
      token: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom<string | undefined>(...tokens) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(undefined, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
        },
      ),
      params,
      query,
      body,
      idempotencyKey: fc
        .option(fc.oneof(fc.uuid(), hostile), { freq: 4 })
        .map((key) => key ?? undefined),
    });
  };

  /** A valid multipart upload with bytes flipped, cut or inserted, and odd fields beside it. */
  const uploads = (): fc.Arbitrary<FuzzCase['body']> =>
    fc
      .tuple(
        fc.dictionary(
          fc.constantFrom('kind', 'text', 'version', 'documentType', 'file', 'x'),
          fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 20 })),
          { maxKeys: 3 },
        ),
        fc.constantFrom('a.png', '../../a.png', 'a.pdf', '', 'cong-van.txt'),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ maxLength: 8 })),
          {
            maxLength: 3,
          },
        ),
      )
      .map(([fields, name, edits]) => {
        const upload = multipartBody({ name, data: PNG, type: 'image/png' }, fields);
        let raw = upload.raw;
        for (const [where, junk] of edits) {
          const i = Math.floor(where * raw.byteLength);
          raw = Buffer.concat([raw.subarray(0, i), junk, raw.subarray(i + junk.byteLength)]);
        }
        return {
          raw: raw.toString('latin1'),
          rawBytes: raw,
          contentType: upload.headers['content-type'],
        };
      });

  /** Bodies: the schema's sample mutated, random JSON, raw junk, other content types. */
  const bodies = (schema: Schema | undefined): fc.Arbitrary<FuzzCase['body']> => {
    const base = schema ? sample(doc, schema, true) : {};
    const fields = Object.keys(schema ? (resolve(doc, schema).properties ?? {}) : {});
    const mutatedSample = fc
      .array(
        fc.tuple(
          fc.oneof(
            ...(fields.length ? [fc.constantFrom(...fields)] : []),
            fc.constantFrom('__proto__', 'version', 'id'),
          ),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom<unknown>(null, -1, 0, 2 ** 31, 1e308, '', 'x'.repeat(20_000), [], {}, [
              [[[]]],
            ]),
            fc.constant(Symbol.for('delete')),
          ),
        ),
        { maxLength: 4 },
      )
      .map((changes) => {
        const body: Record<string, unknown> =
          typeof base === 'object' && base !== null
            ? structuredClone(base as Record<string, unknown>)
            : {};
        for (const [field, value] of changes) {
          if (value === Symbol.for('delete')) delete body[field];
          else if (field === '__proto__')
            Object.defineProperty(body, '__proto__', {
              value,
              enumerable: true,
              configurable: true,
              writable: true,
            });
          else body[field] = value;
        }
        return { raw: JSON.stringify(body), contentType: 'application/json' };
      });
    return fc.oneof(
      { weight: 6, arbitrary: mutatedSample },
      {
        weight: 2,
        arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({
          raw: JSON.stringify(value),
          contentType: 'application/json',
        })),
      },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom(...RAW_BODIES)
          .map((raw) => ({ raw, contentType: 'application/json' })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'multipart/form-data',
              'application/xml',
              'application/json; charset=latin1',
            ),
            fc.oneof(fc.constantFrom(...RAW_BODIES), fc.string({ maxLength: 200 })),
          )
          .map(([contentType, raw]) => ({ raw, contentType })),
      },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  };

  const routes = (): Route[] =>
    routeTable(t.app).filter(
      (route) =>
        route.method !== 'HEAD' && !NOT_FUZZED.some((pattern) => pattern.test(route.pattern)),
    );

  it('should cover the API: every /api route but the documentation', () => {
    const fuzzed = routes();
    expect(fuzzed.length).toBeGreaterThan(50);
    // Every JSON body the document declares belongs to a route fuzzed here.
    const withBodies = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.requestBody?.content['application/json'])
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const keys = new Set(
      fuzzed.map(
        (route) => `${route.method} ${route.pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`,
      ),
    );
    expect(withBodies.filter((key) => !keys.has(key))).toEqual([]);
  }, 30_000);

  it('should answer the router’s own refusals in the one error shape, with request id and headers', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const long = await fastify.inject({ method: 'GET', url: `/api/tasks/${'a'.repeat(101)}` });
    const bad = await fastify.inject({ method: 'GET', url: '/api/tasks/%E0%A4%A' });
    for (const [reply, statusCode, code] of [
      [long, 414, 'path_too_long'],
      [bad, 400, 'bad_url'],
    ] as const) {
      expect(reply.statusCode).toBe(statusCode);
      const body = reply.json<Record<string, unknown>>();
      expect(body).toMatchObject({ statusCode, code, requestId: expect.any(String) });
      expect(typeof body.message).toBe('string');
      expect(reply.headers['x-request-id']).toBe(body.requestId);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('should refuse a deeply nested JSON body at once, signed in or not, in the one error shape', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const deep = `{"refreshToken":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    // The same size, flat: what reading and refusing 800 KB costs anyway.
    const flat = `{"refreshToken":"${'a'.repeat(800_000)}"}`;
    const [admin, , , officer] = tokens;
    const post = (url: string, payload: string, token?: string) =>
      fastify.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': '198.18.1.1',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
    for (const [url, token] of [
      ['/api/auth/refresh', undefined],
      ['/api/auth/login', undefined],
      ['/api/users', admin],
      [`/api/tasks/${ids[1]}/status`, officer],
    ] as const) {
      const reply = await post(url, deep, token);
      expect([url, reply.statusCode]).toEqual([url, 400]);
      const body = reply.json<Record<string, unknown>>();
      expect(body).toMatchObject({ statusCode: 400, code: 'json_too_deep' });
      expect(typeof body.message).toBe('string');
      expect(body.requestId).toBe(reply.headers['x-request-id']);
    }
    // Refused in the time it takes to read it: no slower than a flat body of the same size
    // refused by validation (before, a second or more of blocked event loop, then a 500).
    const median = async (payload: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await post('/api/auth/refresh', payload);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2];
    };
    const flatMs = await median(flat);
    const deepMs = await median(deep);
    expect(deepMs).toBeLessThan(flatMs * 5 + 100);

    // Two clients looping deep bodies: the liveness probe still answers promptly. (Generous
    // bound on a shared machine; each deep body blocked the loop for a second before.)
    let running = 2;
    const client = async () => {
      try {
        for (let i = 0; i < 8; i++) await post('/api/auth/refresh', deep);
      } finally {
        running--;
      }
    };
    const probes: number[] = [];
    const probe = async () => {
      while (running > 0) {
        // A probe every 10 ms, as a load balancer would (and room for the clients' requests).
        await new Promise((resolve) => setTimeout(resolve, 10));
        const started = performance.now();
        const reply = await fastify.inject({ method: 'GET', url: '/api/health/live' });
        expect(reply.statusCode).toBe(200);
        probes.push(performance.now() - started);
      }
    };
    await Promise.all([client(), client(), probe()]);
    probes.sort((a, b) => a - b);
    expect(probes[Math.floor(probes.length / 2)]).toBeLessThan(250);
    process.stdout.write(
      `deep JSON: ${deepMs.toFixed(1)} ms (flat ${flatMs.toFixed(1)} ms); health median under load ${probes[Math.floor(probes.length / 2)].toFixed(1)} ms over ${probes.length} probes\n`,
    );
  }, 120_000);

  it('should refuse a control character in every field, query parameter, path parameter and form of every route, before anything else', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const [admin, , , officer] = tokens;
    const send = (
      method: string,
      url: string,
      payload?: string | Buffer,
      type?: string,
      token = admin,
    ) =>
      fastify.inject({
        method: method as 'POST',
        url,
        payload,
        headers: {
          authorization: `Bearer ${token}`,
          'x-forwarded-for': '198.18.2.2',
          ...(type ? { 'content-type': type } : {}),
        },
      });
    const failures: string[] = [];
    let cases = 0;
    const check = (label: string, reply: Awaited<ReturnType<typeof send>>) => {
      cases++;
      const body = String(reply.headers['content-type']).includes('json')
        ? reply.json<Record<string, unknown>>()
        : {};
      if (
        reply.statusCode !== 400 ||
        body.code !== 'control_character' ||
        typeof body.requestId !== 'string' ||
        reply.headers['set-cookie'] !== undefined
      ) {
        failures.push(`${label}: ${reply.statusCode} ${reply.body.slice(0, 160)}`);
      }
    };
    const poisons = ['x\u0000y', '\u0001', 'line\u001bend', 'del\u007f'];
    const filled = (pattern: string) =>
      pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
        name === 'date' ? '2031-02-03' : ids[1],
      );
    for (const route of routes()) {
      const url = filled(route.pattern);
      const operation = operationOf(route);
      // Every query parameter the operation names, and one it does not.
      const names = [
        ...(operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        'q',
      ];
      for (const name of names) {
        check(
          `${route.method} ${url}?${name}`,
          await send(
            route.method,
            `${url}?${new URLSearchParams({ [name]: poisons[cases % 4] }).toString()}`,
          ),
        );
      }
      if (route.pattern.includes(':')) {
        const poisoned = route.pattern.replace(/:([A-Za-z0-9_]+)/, encodeURIComponent('\u0000'));
        check(`${route.method} ${route.pattern} path`, await send(route.method, filled(poisoned)));
      }
      if (route.method === 'GET') continue;
      // Every field of its JSON body, one at a time, the others valid.
      const schema = operation?.requestBody?.content['application/json']?.schema;
      const base = schema ? (sample(doc, schema, true) as Record<string, unknown>) : {};
      const fields = Object.keys(schema ? (resolve(doc, schema).properties ?? {}) : {});
      for (const field of [...fields, 'x\u0000']) {
        const body =
          typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...base } : {};
        body[field] = poisons[cases % 4];
        check(
          `${route.method} ${url} ${field}`,
          await send(route.method, url, JSON.stringify(body), 'application/json'),
        );
      }
      // The same as a page's form, and as pasted text.
      const form = new URLSearchParams(
        [...fields, 'text', 'reason', 'name', 'username', 'next'].map((f): [string, string] => [
          f,
          'a\u0000',
        ]),
      );
      check(
        `${route.method} ${url} form`,
        await send(route.method, url, form.toString(), 'application/x-www-form-urlencoded'),
      );
      check(`${route.method} ${url} text`, await send(route.method, url, 'a\u0000', 'text/plain'));
    }
    // Multipart: a field (evidence), and the file's name (a directive's letter; evidence file
    // names are sanitised instead, see evidence.e2e-spec).
    const evidence = `/api/tasks/${ids[1]}/evidence`;
    for (const upload of [
      multipartBody({ name: 'a.png', data: PNG, type: 'image/png' }, { caption: 'a\u0000b' }),
      multipartBody({ name: 'a.png', data: PNG, type: 'image/png' }, { 'ca\u0001': 'x' }),
    ]) {
      check(
        `POST ${evidence} multipart`,
        // The task's own unit: the fields are read only for the one who may upload.
        await send('POST', evidence, upload.raw, upload.headers['content-type'], officer),
      );
    }
    const letter = multipartBody({ name: 'cv\u0000.txt', data: Buffer.from('Công văn') });
    check(
      'POST /api/directives/import multipart',
      await send('POST', '/api/directives/import', letter.raw, letter.headers['content-type']),
    );
    // Signing in with a control character in `next`: refused before any session is made.
    const signIn = (next: string) =>
      fastify.inject({
        method: 'POST',
        url: '/dang-nhap',
        payload: new URLSearchParams({ username: 'chair', password: 'demo1234', next }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '198.18.2.3',
        },
      });
    check('POST /dang-nhap next', await signIn('/viec\u0001'));
    expect(failures).toEqual([]);
    // A `next` that is no clean local path is ignored: the role's home page.
    for (const next of ['/viec/ạ', '//evil.example', '/a b']) {
      const reply = await signIn(next);
      expect([next, reply.statusCode, reply.headers.location]).toEqual([next, 303, '/tong-quan']);
    }
    expect(cases).toBeGreaterThan(300);
    process.stdout.write(`control characters: ${cases} requests\n`);
  }, 300_000);

  it('should never answer 5xx, never hang, and change nothing when it refuses', async () => {
    const failures: string[] = [];
    let before = await fingerprint();
    for (const route of routes()) {
      await fc.assert(
        fc.asyncProperty(casesFor(route), async (c) => {
          totalCases++;
          const url =
            route.pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
              encodeURIComponent(c.params[name]),
            ) + (c.query ? `?${c.query}` : '');
          const headers: Record<string, string> = {
            // Sign-in attempts from many addresses, so the rate limit is not all this sees.
            'x-forwarded-for': `203.0.113.${totalCases % 250}`,
          };
          if (c.token) headers.authorization = `Bearer ${c.token}`;
          if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
          if (c.body?.contentType) headers['content-type'] = c.body.contentType;
          let timer: NodeJS.Timeout | undefined;
          const response = await Promise.race([
            t.app
              .getHttpAdapter()
              .getInstance()
              .inject({
                method: route.method as 'GET',
                url,
                headers,
                payload: c.body?.rawBytes ?? c.body?.raw,
              }),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`hung: ${route.method} ${url}`)),
                MS_PER_REQUEST,
              );
            }),
          ]).finally(() => clearTimeout(timer));
          const label = `${route.method} ${url.slice(0, 200)} body=${(c.body?.raw ?? '').slice(0, 120)}`;
          if (response.statusCode >= 500) {
            failures.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
            return;
          }
          if (response.statusCode >= 400) {
            // The web pages answer their errors as pages (403, 404 …), whole and in Vietnamese.
            const isPage =
              !route.pattern.startsWith('/api') &&
              String(response.headers['content-type']).startsWith('text/html');
            const error = isPage ? null : response.json<Record<string, unknown>>();
            if (isPage && !response.body.includes('</html>')) {
              failures.push(`${label}: a broken error page ${response.body.slice(0, 200)}`);
            } else if (
              error &&
              (error.statusCode !== response.statusCode ||
                typeof error.message !== 'string' ||
                typeof error.requestId !== 'string')
            ) {
              failures.push(`${label}: error body out of shape ${response.body.slice(0, 200)}`);
            }
            if (route.method !== 'GET') {
              const after = await fingerprint();
              if (after !== before) {
                const old = new Set(before.split('|'));
                const changed = after
                  .split('|')
                  .filter((digest) => !old.has(digest))
                  .map((digest) => /^[a-z_]+/.exec(digest)?.[0]);
                failures.push(
                  `${label}: refused with ${response.statusCode} but changed ${changed.join(', ')}`,
                );
              }
              before = after;
            }
          } else if (route.method !== 'GET') {
            before = await fingerprint();
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
