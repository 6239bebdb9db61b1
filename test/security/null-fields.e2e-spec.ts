import { letter, publishLetter } from '../support/directives.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { jsonOperations, type OpenApi, resolve } from './openapi.js';

/** Where a PATCH route's `{id}` comes from: an object of that kind the admin or clerk may edit. */
const EDITABLE: Array<[prefix: string, list: string]> = [
  ['/api/units/{id}', '/api/units?limit=1'],
  ['/api/unit-groups/{id}', '/api/unit-groups?limit=1'],
  ['/api/users/{id}', '/api/users?limit=1'],
  ['/api/notification-channels/{id}', '/api/notification-channels?limit=1'],
];

/**
 * `null` is not "absent": every optional field of every edit (PATCH) body, sent as null on a real
 * object, must be refused with a 4xx or applied, never reach the code as a value it cannot take
 * (a 500). Found two such: a unit's aliases and a user's password.
 */
describe('null in every field of every edit', () => {
  let t: TestApp;
  let doc: OpenApi;
  let admin: string;
  let clerk: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    clerk = await t.login('clerk');
    const channel = await t.request('POST', '/api/notification-channels', {
      token: admin,
      body: {
        kind: 'email',
        unitId: (await t.request('GET', '/api/units?limit=1', { token: admin })).body.items[0].id,
        address: 'van-thu@example.org',
      },
    });
    if (channel.status !== 201) throw new Error(JSON.stringify(channel.body));
    for (const [path, list] of EDITABLE) {
      const reply = await t.request('GET', list, { token: admin });
      ids.set(path, reply.body.items[0].id);
    }
    // A draft (its header is editable until publication).
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter('318-UBND-YT-sot-xuat-huyet.txt'),
      headers: { 'content-type': 'text/plain' },
    });
    ids.set('/api/directives/{id}', imported.body.id);
    await publishLetter(t);
    doc = (await t.request('GET', '/api/docs/json')).body as OpenApi;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should answer 2xx or 4xx, never 5xx, to null in each field', async () => {
    const edits = jsonOperations(doc).filter((op) => op.method === 'PATCH' && ids.has(op.path));
    expect(edits.map((op) => op.path).sort()).toEqual([...ids.keys()].sort());
    const answers: string[] = [];
    for (const op of edits) {
      const url = op.path.replace('{id}', ids.get(op.path)!);
      const token = op.path.startsWith('/api/directives') ? clerk : admin;
      for (const field of Object.keys(resolve(doc, op.schema).properties ?? {})) {
        const reply = await t.request('PATCH', url, { token, body: { [field]: null } });
        answers.push(`${reply.status} ${op.path} ${field}: ${reply.body?.code ?? ''}`);
      }
    }
    expect(answers.length).toBeGreaterThan(15);
    expect(answers.filter((answer) => answer.startsWith('5'))).toEqual([]);
  }, 60_000);
});
