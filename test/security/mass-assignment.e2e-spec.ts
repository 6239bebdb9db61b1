import { PNG, multipartBody, publishLetter } from '../support/directives.js';
import { expectError } from '../support/expect-error.js';
import { startTestApp, type Reply, type TestApp } from '../support/test-app.js';
import { concretePath, jsonOperations, objectPaths, type OpenApi, sample } from './openapi.js';
import { databaseFingerprint, fill, parametersOf, routeTable } from './route-table.js';

/**
 * Mass assignment, generated from the OpenAPI document: every JSON body the API accepts, built
 * valid-ish from its schema, gets fields it does not declare — at the top and inside every nested
 * object — and must be refused with 400 naming the field, changing nothing. Then every read the
 * API offers is walked as each role, and no answer may carry an internal field.
 */

/** Columns and flags a client must never set through a body. */
const INJECTED = ['passwordHash', 'createdById', 'isAdmin'];
const MAY_CHANGE = /^audit/;
/** Key names that are internal wherever they appear in an answer. */
const INTERNAL_KEY =
  /^(password|password_?hash|refresh_?token(_?hash)?|token_?hash|storage_?path|file_?path|secret_?hash|source_?file)$/i;

describe('mass assignment and internal fields', () => {
  let t: TestApp;
  let doc: OpenApi;
  let tokens: Record<string, string>;
  let directiveId: string;
  let taskId: string;
  let evidenceId: string;
  let channelId: string;
  let periodId: string;
  let openPeriodId: string;
  const webhookSecret = 'whsec-dondoc-test-0123456789abcdefghijklmnopqrstuv';

  /** The first role the route lets in (validation runs after the role check). */
  const asFirstAllowed = async (
    call: (token: string) => Promise<Reply>,
  ): Promise<{ role: string; reply: Reply }> => {
    let last: { role: string; reply: Reply } | undefined;
    for (const role of ['admin', 'clerk', 'chair', 'officer']) {
      const reply = await call(tokens[role]);
      last = { role, reply };
      if (reply.status !== 403) return last;
    }
    return last!;
  };

  beforeAll(async () => {
    t = await startTestApp();
    directiveId = await publishLetter(t);
    tokens = {
      admin: await t.login('admin'),
      clerk: await t.login('clerk'),
      chair: await t.login('chair'),
      officer: await t.login('xa-hong-quang.officer'),
    };
    taskId = (await t.request('GET', '/api/me/tasks', { token: tokens.officer })).body.items[0].id;
    const evidence = await t.request('POST', `/api/tasks/${taskId}/evidence`, {
      token: tokens.officer,
      ...multipartBody({ name: 'anh.png', data: PNG, type: 'image/png' }, { kind: 'file' }),
    });
    evidenceId = evidence.body.id;
    // The seed letter recurs nowhere: the clerk makes the task weekly, the officer reports.
    const periods = await t.request('PATCH', `/api/tasks/${taskId}/recurrence`, {
      token: await t.login('clerk'),
      body: { recurrence: { frequency: 'weekly' }, version: evidence.body.version },
    });
    periodId = periods.body[0].id;
    openPeriodId = periods.body[1].id;
    const report = await t.request('POST', `/api/tasks/${taskId}/periods/${periodId}/report`, {
      token: tokens.officer,
      ...multipartBody({ name: 'ky-1.png', data: PNG, type: 'image/png' }, { text: 'Kỳ 1' }),
    });
    if (report.status !== 200) throw new Error(JSON.stringify(report.body));
    const channel = await t.request('POST', '/api/notification-channels', {
      token: tokens.admin,
      body: {
        kind: 'webhook',
        userId: undefined,
        unitId: (await t.request('GET', `/api/tasks/${taskId}`, { token: tokens.officer })).body
          .unit.id,
        url: 'https://hooks.example.org/dondoc',
        secret: webhookSecret,
      },
    });
    if (channel.status !== 201) throw new Error(JSON.stringify(channel.body));
    channelId = channel.body.id;
    doc = (await t.request('GET', '/api/docs/json')).body as OpenApi;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('should refuse an undeclared field in every JSON body, at every depth, with 400', async () => {
    const operations = jsonOperations(doc);
    expect(operations.length).toBeGreaterThan(20);
    const before = await databaseFingerprint(t.database, MAY_CHANGE);
    const failures: string[] = [];
    let cases = 0;
    for (const operation of operations) {
      const url = concretePath(operation.path, {
        id: operation.path.startsWith('/api/tasks/') ? taskId : directiveId,
      });
      for (const at of objectPaths(doc, operation.schema)) {
        const body = sample(doc, operation.schema, true) as Record<string, unknown>;
        let target: Record<string, unknown> = body;
        for (const step of at)
          target = (target as Record<string | number, unknown>)[step] as Record<string, unknown>;
        if (typeof target !== 'object' || target === null) continue;
        const field = INJECTED.find((name) => !(name in target))!;
        target[field] = true;
        const { role, reply } = await asFirstAllowed((token) =>
          t.request(operation.method, url, { token, body }),
        );
        cases++;
        const label = `${operation.method} ${operation.path} [${at.join('.') || 'top'}] as ${role}`;
        const message = String(reply.body?.message ?? '');
        if (reply.status !== 400 || !message.includes(`property ${field} should not exist`)) {
          failures.push(`${label}: ${reply.status} ${message.slice(0, 300)}`);
          continue;
        }
        expectError(reply, 400);
      }
    }
    process.stdout.write(`mass assignment: ${operations.length} JSON bodies, ${cases} cases\n`);
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
  }, 120_000);

  it('should refuse an undeclared field beside an evidence upload (multipart) too', async () => {
    const before = await databaseFingerprint(t.database, MAY_CHANGE);
    const reply = await t.request('POST', `/api/tasks/${taskId}/evidence`, {
      token: tokens.officer,
      ...multipartBody(
        { name: 'b.png', data: PNG, type: 'image/png' },
        { kind: 'file', createdById: 'x' },
      ),
    });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.message).toContain('property createdById should not exist');
    expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
  }, 30_000);

  it('should refuse an undeclared field beside a period report upload (multipart) too', async () => {
    const before = await databaseFingerprint(t.database, MAY_CHANGE);
    const reply = await t.request('POST', `/api/tasks/${taskId}/periods/${openPeriodId}/report`, {
      token: tokens.officer,
      ...multipartBody(
        { name: 'b.png', data: PNG, type: 'image/png' },
        { text: 'x', late: 'false' },
      ),
    });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.message).toContain('property late should not exist');
    expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
  }, 30_000);

  it('should refuse an undeclared field beside a pasted letter', async () => {
    const reply = await t.request('POST', '/api/directives/import', {
      token: tokens.clerk,
      body: { text: 'Số: 1/UBND-VP', status: 'published' },
    });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.message).toBe('property status should not exist');
  }, 30_000);

  it('should expose no internal field in any read, to any role', async () => {
    const officerUser = (await t.request('GET', '/api/me', { token: tokens.officer })).body;
    const group = (await t.request('GET', '/api/unit-groups', { token: tokens.admin })).body
      .items[0];
    /** Real ids for each read that takes one, by the resource its path names. */
    const idFor = (pattern: string): Record<string, string> | null => {
      if (pattern.startsWith('/api/tasks/:id/periods/:periodId')) {
        return { id: taskId, periodId, index: '0' };
      }
      const table: Array<[RegExp, string]> = [
        [/^\/api\/(directives|compliance\/directives)\/:id/, directiveId],
        [/^\/api\/tasks\/:id/, taskId],
        [/^\/api\/evidence\/:id/, evidenceId],
        [/^\/api\/users\/:id/, officerUser.id],
        [/^\/api\/units\/:id/, officerUser.unit?.id ?? officerUser.unitId],
        [/^\/api\/unit-groups\/:id/, group.id],
        [/^\/api\/notification-channels\/:id/, channelId],
      ];
      const hit = table.find(([pattern_]) => pattern_.test(pattern));
      return hit ? { id: hit[1] } : null;
    };
    const reads = routeTable(t.app).filter(
      (route) =>
        route.method === 'GET' &&
        route.pattern.startsWith('/api/') &&
        !route.pattern.startsWith('/api/docs'),
    );
    const unfilled: string[] = [];
    const leaks: string[] = [];
    let answers = 0;
    for (const route of reads) {
      const params = parametersOf(route.pattern).length ? idFor(route.pattern) : {};
      if (!params) {
        unfilled.push(route.pattern);
        continue;
      }
      const url = fill(route.pattern, params) + (route.pattern.includes(':') ? '' : '?limit=200');
      for (const [role, token] of Object.entries(tokens)) {
        const reply = await t.request('GET', url, { token });
        if (reply.status >= 500) leaks.push(`${role} GET ${url}: ${reply.status}`);
        if (typeof reply.body !== 'object' || reply.body === null) continue;
        answers++;
        const text = JSON.stringify(reply.body);
        const where = `${role} GET ${url}`;
        walk(reply.body, (key) => {
          if (INTERNAL_KEY.test(key)) leaks.push(`${where}: key "${key}"`);
        });
        if (text.includes(t.env.EVIDENCE_DIR)) leaks.push(`${where}: the evidence directory`);
        if (text.includes('$argon2')) leaks.push(`${where}: a password hash`);
        if (text.includes(webhookSecret)) leaks.push(`${where}: a webhook secret`);
      }
    }
    process.stdout.write(`internal fields: ${reads.length} reads, ${answers} JSON answers\n`);
    expect(unfilled).toEqual([]);
    expect(leaks).toEqual([]);
    expect(answers).toBeGreaterThan(60);
  }, 120_000);
});

function walk(value: unknown, visit: (key: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      visit(key);
      walk(inner, visit);
    }
  }
}
