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
