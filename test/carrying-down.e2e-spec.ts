import { Clock } from '../src/core/clock.js';
import { letter, multipartBody } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

/**
 * Carrying a task down (triển khai, issue 16 part 3): Hưng Yên province gives An Thi part 5 of
 * Công văn 2136/UBND-KGVX; An Thi's clerk imports 451, which cites 2136, and it links itself to
 * that task; the link can be chosen, changed and removed while 451 is a draft, never after; and
 * the province's chair sees what An Thi carried down, while Kim Động's does not.
 */
const SEED = letter('451-UBND-VHTT-bluezone.txt');
const PROVINCE = letter('2136-UBND-KGVX-bluezone-tinh.txt');
const numbered = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`no "${from}" in the letter`);
  return text.replace(from, to);
};

describe('carrying a task down', () => {
  let t: TestApp;
  let clerk: string;
  let provinceClerk: string;
  let anThi: string;
  let kimDong: string;
  /** An Thi's task from part 5 of 2136, and Kim Động's from part 1. */
  let anThiTask: string;
  let kimDongTask: string;
  /** The tasks An Thi received from 2200 (two parts: the letter citing it is ambiguous). */
  let twoTasks: string[];

  const count = async () =>
    Number((await query<{ n: string }>(t.database, 'SELECT count(*) AS n FROM directives'))[0].n);

  /** The province imports `text`, keeps the parts given (index → unit), and publishes it. */
  const provincePublishes = async (text: string, parts: Map<number, string>) => {
    const draft = await t.request('POST', '/api/directives/import', {
      token: provinceClerk,
      body: { text, implementsTaskId: null },
    });
    expect(draft.status).toBe(201);
    for (const [i, part] of (draft.body.assignments as Array<{ id: string }>).entries()) {
      const path = `/api/directives/${draft.body.id}/assignments/${part.id}`;
      const unitId = parts.get(i);
      const reply = unitId
        ? await t.request('PATCH', path, {
            token: provinceClerk,
            body: { unitIds: [unitId], coordinators: [], recurrence: null },
          })
        : await t.request('DELETE', path, { token: provinceClerk });
      expect(reply.status).toBeLessThan(300);
    }
    const published = await t.request('POST', `/api/directives/${draft.body.id}/publish`, {
      token: provinceClerk,
      body: { defaultDeadline: { workingDays: 10 } },
    });
    if (published.status !== 200) throw new Error(JSON.stringify(published.body));
    return draft.body.id as string;
  };
  const taskOf = async (directiveId: string, unitId: string) =>
    (
      await query<{ id: string }>(
        t.database,
        `SELECT k.id FROM tasks k JOIN assignments a ON a.id = k.assignment_id
          WHERE k.directive_id = $1 AND k.unit_id = $2 ORDER BY k.created_at, a.ordinal, k.id`,
        [directiveId, unitId],
      )
    ).map((row) => row.id);

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    clerk = await t.login('clerk');
    // The demo's province: An Thi and Kim Động under it, with their chairs and clerks.
    const ids = new Map(
      (await query<{ id: string; code: string }>(t.database, 'SELECT id, code FROM units')).map(
        (row) => [row.code, row.id],
      ),
    );
    anThi = ids.get('ubnd-huyen')!;
    kimDong = ids.get('huyen-kim-dong')!;
    provinceClerk = await t.login('tinh.clerk');
    const d2136 = await provincePublishes(
      PROVINCE,
      new Map([
        [0, kimDong],
        [4, anThi],
      ]),
    );
    [anThiTask] = await taskOf(d2136, anThi);
    [kimDongTask] = await taskOf(d2136, kimDong);
    const d2200 = await provincePublishes(
      numbered(PROVINCE, 'Số: 2136/UBND-KGVX', 'Số: 2200/UBND-KGVX'),
      new Map([
        [3, anThi],
        [4, anThi],
      ]),
    );
    twoTasks = await taskOf(d2200, anThi);
    expect(twoTasks).toHaveLength(2);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should link 451 to An Thi’s task from 2136, which it cites, and say so in the draft', async () => {
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text: SEED },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.implementsTaskId).toBe(anThiTask);
    expect(imported.body.warnings.join('\n')).toMatch(/2136\/UBND-KGVX.*linked automatically/);

    // The province oversees it through the chain (drafts included) but does not write An Thi's
    // letters; Kim Động sees nothing.
    const provinceChair = await t.login('tinh.chair');
    const seen = await t.request('GET', `/api/directives/${imported.body.id}`, {
      token: provinceChair,
    });
    expect(seen.status).toBe(200);
    expect(seen.body.implementsTaskId).toBe(anThiTask);
    expectError(
      await t.request('PATCH', `/api/directives/${imported.body.id}`, {
        token: provinceClerk,
        body: { subject: 'Sửa hộ huyện' },
      }),
      403,
      'not_issuing_body',
    );
    expectError(
      await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
        token: provinceClerk,
        body: { defaultDeadline: { workingDays: 5 } },
      }),
      403,
      'not_issuing_body',
    );
    const other = await t.request('GET', `/api/directives/${imported.body.id}`, {
      token: await t.login('huyen-kim-dong.chair'),
    });
    expectError(other, 404, 'directive_not_found');
    const list = await t.request('GET', '/api/directives?limit=100', { token: provinceChair });
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(imported.body.id);

    // Published, its tasks are the province's to see, and the link is fixed.
    const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    const tasks = await t.request('GET', `/api/directives/${imported.body.id}/tasks`, {
      token: provinceChair,
    });
    expect(tasks.body.total).toBeGreaterThan(1);
    const one = await t.request('GET', `/api/tasks/${tasks.body.items[0].id}`, {
      token: provinceChair,
    });
    expect(one.status).toBe(200);
    expectError(
      await t.request('GET', `/api/tasks/${tasks.body.items[0].id}`, {
        token: await t.login('huyen-kim-dong.chair'),
      }),
      404,
    );
    expectError(
      await t.request('DELETE', `/api/directives/${imported.body.id}/implements`, {
        token: clerk,
      }),
      409,
      'directive_not_draft',
    );
    expectError(
      await t.request('PUT', `/api/directives/${imported.body.id}/implements`, {
        token: clerk,
        body: { taskId: anThiTask },
      }),
      409,
      'directive_not_draft',
    );

    // A task of An Thi's own letter is not one An Thi received: 422, nothing stored.
    const before = await count();
    expectError(
      await t.request('POST', '/api/directives/import', {
        token: clerk,
        body: {
          text: numbered(SEED, 'Số: 451 /UBND-VHTT', 'Số: 461 /UBND-VHTT'),
          implementsTaskId: tasks.body.items[0].id,
        },
      }),
      422,
      'not_received_task',
    );
    expect(await count()).toBe(before);
  });

  it('should link the task chosen in the upload form, and let the draft’s clerk change and remove it', async () => {
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      ...multipartBody(
        {
          name: '452.txt',
          data: Buffer.from(numbered(SEED, 'Số: 451 /UBND-VHTT', 'Số: 452 /UBND-VHTT')),
          type: 'text/plain',
        },
        { implementsTaskId: twoTasks[0] },
      ),
    });
    expect(imported.status).toBe(201);
    expect(imported.body.implementsTaskId).toBe(twoTasks[0]);
    expect(imported.body.warnings.join('\n')).not.toMatch(/linked automatically/);
    const path = `/api/directives/${imported.body.id}/implements`;
    const changed = await t.request('PUT', path, { token: clerk, body: { taskId: anThiTask } });
    expect(changed.status).toBe(200);
    expect(changed.body.implementsTaskId).toBe(anThiTask);
    // A task of 2136 is carried down by more than one letter.
    const [{ n }] = await query<{ n: string }>(
      t.database,
      'SELECT count(*) AS n FROM directives WHERE implements_task_id = $1',
      [anThiTask],
    );
    expect(Number(n)).toBe(2);
    // The province governs the draft through the chain, but the link is An Thi's to set.
    expectError(
      await t.request('PUT', path, { token: provinceClerk, body: { taskId: anThiTask } }),
      403,
      'not_issuing_body',
    );
    expectError(
      await t.request('PUT', path, { token: clerk, body: { taskId: kimDongTask } }),
      404,
      'task_not_found',
    );
    expectError(await t.request('PUT', path, { token: clerk, body: { taskId: 'x' } }), 400);
    const removed = await t.request('DELETE', path, { token: clerk });
    expect(removed.status).toBe(200);
    expect(removed.body.implementsTaskId).toBeNull();
    // Unlinked, the province no longer sees An Thi's draft.
    expectError(
      await t.request('GET', `/api/directives/${imported.body.id}`, {
        token: await t.login('tinh.chair'),
      }),
      404,
    );
    // Kim Động's chair cannot touch the link.
    expectError(
      await t.request('DELETE', path, { token: await t.login('huyen-kim-dong.chair') }),
      403,
    );
  });

  it('should offer the tasks to choose from when the cited directive gave the body several, storing nothing', async () => {
    const text = numbered(SEED, 'Số: 451 /UBND-VHTT', 'Số: 453 /UBND-VHTT').replaceAll(
      '2136/UBND-KGVX',
      '2200/UBND-KGVX',
    );
    const before = await count();
    const ambiguous = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text },
    });
    expectError(ambiguous, 409, 'implements_task_ambiguous');
    expect(ambiguous.body.suggestions.map((s: { taskId: string }) => s.taskId)).toEqual(twoTasks);
    expect(ambiguous.body.suggestions[0]).toEqual(
      expect.objectContaining({ number: '2200/UBND-KGVX', label: expect.any(String) }),
    );
    expect(await count()).toBe(before);
    // The clerk chooses one, or none.
    const none = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text, implementsTaskId: null },
    });
    expect(none.status).toBe(201);
    expect(none.body.implementsTaskId).toBeNull();
  });

  it('should refuse ids that are no task the body may carry down, storing nothing', async () => {
    const text = numbered(SEED, 'Số: 451 /UBND-VHTT', 'Số: 454 /UBND-VHTT');
    const before = await count();
    const tryWith = (implementsTaskId: unknown) =>
      t.request('POST', '/api/directives/import', {
        token: clerk,
        body: { text, implementsTaskId },
      });
    expectError(await tryWith('not-a-uuid'), 400, 'invalid_id');
    expectError(await tryWith(12), 400, 'invalid_id');
    expectError(await tryWith('3f1c2a4e-0000-4000-8000-000000000000'), 404, 'task_not_found');
    // Kim Động's task: An Thi cannot see it, so it answers as a missing one.
    expectError(await tryWith(kimDongTask), 404, 'task_not_found');
    expect(await count()).toBe(before);
  });
});
