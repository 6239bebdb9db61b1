import { PNG, multipartBody, publishLetter } from './support/directives.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

/**
 * Object-level authorisation: an officer of unit A walks every task and evidence route against
 * unit B's objects. Each must answer exactly as for an id that does not exist (404), and no list
 * or count may include B's work.
 */
describe('cross-unit access', () => {
  let t: TestApp;
  let directiveId: string;
  let intruder: string;
  let owner: string;
  let taskB: string;
  let evidenceB: string;

  const snapshot = async () =>
    query(
      t.database,
      `SELECT (SELECT json_agg(t ORDER BY t.id) FROM tasks t) AS tasks,
              (SELECT count(*) FROM evidence) AS evidence,
              (SELECT count(*) FROM task_events) AS events,
              (SELECT count(*) FROM task_requests) AS requests`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    directiveId = await publishLetter(t);
    intruder = await t.login('xa-hong-quang.officer');
    owner = await t.login('xa-da-loc.officer');
    const inbox = await t.request('GET', '/api/me/tasks', { token: owner });
    taskB = inbox.body.items[0].id;
    const evidence = await t.request('POST', `/api/tasks/${taskB}/evidence`, {
      token: owner,
      ...multipartBody({ name: 'anh.png', data: PNG, type: 'image/png' }, { kind: 'file' }),
    });
    expect(evidence.status).toBe(201);
    evidenceB = evidence.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should answer 404 on every task and evidence route, exactly as for a missing id, and change nothing', async () => {
    const before = await snapshot();
    const missing = '7a1f9d7e-3b7c-4c51-9a43-5d0f8e7c2b10';
    const routes = (
      task: string,
      evidence: string,
    ): Array<[string, string, Record<string, unknown>]> => [
      ['GET', `/api/tasks/${task}`, {}],
      ['GET', `/api/tasks/${task}/history`, {}],
      ['GET', `/api/tasks/${task}/evidence`, {}],
      ['GET', `/api/tasks/${task}/requests`, {}],
      ['POST', `/api/tasks/${task}/status`, { body: { status: 'received', version: 1 } }],
      ['POST', `/api/tasks/${task}/evidence`, { body: { kind: 'note', text: 'x' } }],
      [
        'POST',
        `/api/tasks/${task}/evidence`,
        multipartBody({ name: 'a.png', data: PNG, type: 'image/png' }, { kind: 'file' }),
      ],
      [
        'POST',
        `/api/tasks/${task}/extension-requests`,
        { body: { deadline: '2026-12-20', reason: 'x' } },
      ],
      ['POST', `/api/tasks/${task}/pause-requests`, { body: { reason: 'x' } }],
      ['GET', `/api/evidence/${evidence}/file`, {}],
      ['DELETE', `/api/evidence/${evidence}`, {}],
    ];
    const real = routes(taskB, evidenceB);
    const fake = routes(missing, missing);
    for (let i = 0; i < real.length; i++) {
      const [method, url, options] = real[i];
      const reply = await t.request(method, url, { token: intruder, ...options });
      const control = await t.request(fake[i][0], fake[i][1], { token: intruder, ...fake[i][2] });
      expect([method, url, reply.status]).toEqual([method, url, 404]);
      expect(reply.body.message.replace(taskB, 'ID').replace(evidenceB, 'ID')).toBe(
        control.body.message.replace(missing, 'ID'),
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it('should leave the other unit’s tasks out of every list and count', async () => {
    const lists = [
      '/api/tasks?limit=200',
      `/api/tasks?unitId=${(await t.request('GET', `/api/tasks/${taskB}`, { token: owner })).body.unit.id}`,
      `/api/tasks?directiveId=${directiveId}&limit=200`,
      '/api/me/tasks',
      `/api/directives/${directiveId}/tasks?limit=200`,
    ];
    for (const url of lists) {
      const reply = await t.request('GET', url, { token: intruder });
      expect(reply.status).toBe(200);
      const ids = reply.body.items.map((item: { id: string }) => item.id);
      expect(ids).not.toContain(taskB);
      expect(
        reply.body.items.every(
          (item: { unit: { code: string } }) => item.unit.code === 'xa-hong-quang',
        ),
      ).toBe(true);
      expect(reply.body.total).toBe(ids.length);
    }
  });

  it('should let the chair and the clerk see every task', async () => {
    for (const user of ['chair', 'clerk']) {
      const token = await t.login(user);
      expect((await t.request('GET', `/api/tasks/${taskB}`, { token })).status).toBe(200);
      expect((await t.request('GET', `/api/evidence/${evidenceB}/file`, { token })).status).toBe(
        200,
      );
    }
  });
});
