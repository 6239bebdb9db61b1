import mammoth from 'mammoth';
import { Clock } from '../src/core/clock.js';
import {
  moveTask,
  provinceChain,
  type ProvinceChain,
  rewritten,
  SEED_LETTER,
  taskOfUnit,
} from './support/carried-down.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';
import { signInToPages } from './support/web-session.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Child {
  directiveId: string;
  number: string | null;
  status: string;
  progress: {
    total: number;
    completed: number;
    overdue: number;
    completionRate: number | null;
    onTimeRate: number | null;
  };
}

/**
 * The received task and its children (triển khai, issue 16 part 3): An Thi's task from the
 * province's 2136 lists 451, which carries it down, with progress from 451's compliance; An
 * Thi's report on it attaches 451's compliance report; the import form links the task preset.
 */
describe('a received task carried down', () => {
  let t: TestApp;
  let chain: ProvinceChain;
  let clerk: string;
  let chair: string;
  let provinceChair: string;
  let anThiOfficer: string;
  let d451: string;

  const children = async (token: string): Promise<Child[]> => {
    const reply = await t.request('GET', `/api/tasks/${chain.anThiTask}`, { token });
    expect(reply.status).toBe(200);
    return reply.body.carriedDownBy as Child[];
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    chain = await provinceChain(t);
    clerk = await t.login('clerk');
    chair = await t.login('chair');
    provinceChair = await t.login('tinh.chair');
    anThiOfficer = await t.login('ubnd-huyen.officer');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should list 451 under An Thi’s task, its progress following a commune’s work', async () => {
    expect(await children(clerk)).toEqual([]);
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text: SEED_LETTER },
    });
    expect(imported.status).toBe(201);
    d451 = imported.body.id as string;

    // A draft: the receiving body and the body above oversee it; the unit's people do not see it.
    const [draft] = await children(clerk);
    expect(draft).toMatchObject({ directiveId: d451, number: '451/UBND-VHTT', status: 'draft' });
    expect(draft.progress).toMatchObject({ total: 0, completed: 0, completionRate: null });
    expect((await children(provinceChair)).map((c) => c.directiveId)).toEqual([d451]);
    expect(await children(anThiOfficer)).toEqual([]);

    const published = await t.request('POST', `/api/directives/${d451}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    const [before] = await children(provinceChair);
    const [{ n: tasks }] = await query<{ n: number }>(
      t.database,
      "SELECT count(*)::int AS n FROM tasks WHERE directive_id = $1 AND status <> 'cancelled'",
      [d451],
    );
    expect(before).toMatchObject({ status: 'published' });
    expect(before.progress).toMatchObject({ total: tasks, completed: 0, completionRate: null });
    expect(await children(anThiOfficer)).toHaveLength(1);

    // Xã Hồng Quang does its part and An Thi's chair accepts it.
    const commune = await t.login('xa-hong-quang.officer');
    const communeTask = await taskOfUnit(t, d451, 'xa-hong-quang');
    await moveTask(t, commune, communeTask, { status: 'received' });
    await moveTask(t, commune, communeTask, { status: 'in_progress' });
    const note = await t.request('POST', `/api/tasks/${communeTask}/evidence`, {
      token: commune,
      body: { kind: 'note', text: 'Đã tuyên truyền đến từng hộ' },
    });
    expect(note.status).toBe(201);
    await moveTask(t, commune, communeTask, { status: 'reported', report: 'Đã xong' });
    await moveTask(t, chair, communeTask, { status: 'completed' });

    const [after] = await children(provinceChair);
    expect(after.progress).toMatchObject({
      total: tasks,
      completed: 1,
      overdue: 0,
      completionRate: 1,
      onTimeRate: 1,
    });
  });

  it('should attach 451’s compliance report when An Thi reports its task, once per report', async () => {
    await moveTask(t, anThiOfficer, chain.anThiTask, { status: 'received' });
    await moveTask(t, anThiOfficer, chain.anThiTask, { status: 'in_progress' });
    await moveTask(t, anThiOfficer, chain.anThiTask, {
      status: 'reported',
      report: 'Huyện đã ban hành Công văn 451 triển khai đến 21 xã, thị trấn.',
    });

    const task = await t.request('GET', `/api/tasks/${chain.anThiTask}`, { token: provinceChair });
    // The unit's own words stay the report; the child's report is evidence beside them.
    expect(task.body.report).toBe('Huyện đã ban hành Công văn 451 triển khai đến 21 xã, thị trấn.');
    const evidence = await t.request('GET', `/api/tasks/${chain.anThiTask}/evidence`, {
      token: provinceChair,
    });
    expect(evidence.status).toBe(200);
    const files = (
      evidence.body.items as Array<{ id: string; kind: string; file: { name: string } | null }>
    ).filter((item) => item.kind === 'file');
    expect(files.map((item) => item.file?.name)).toEqual(['bao-cao-tuan-thu-451-UBND-VHTT.docx']);

    const download = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/evidence/${files[0].id}/file`,
        headers: { authorization: `Bearer ${provinceChair}` },
      });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain(DOCX);
    const text = (await mammoth.extractRawText({ buffer: download.rawPayload })).value;
    expect(text).toContain('Kết quả thực hiện Công văn số 451/UBND-VHTT');
    expect(text).toContain('Ủy ban nhân dân xã Hồng Quang');

    // Returned and reported again: the new report carries the figures of its own day.
    await moveTask(t, provinceChair, chain.anThiTask, {
      status: 'returned',
      reason: 'Bổ sung số liệu',
    });
    const [{ n: once }] = await query<{ n: number }>(
      t.database,
      "SELECT count(*)::int AS n FROM evidence WHERE task_id = $1 AND kind = 'file'",
      [chain.anThiTask],
    );
    expect(once).toBe(1);
    await moveTask(t, anThiOfficer, chain.anThiTask, {
      status: 'reported',
      report: 'Bổ sung: số liệu mới nhất kèm theo.',
    });
    const [{ n: twice }] = await query<{ n: number }>(
      t.database,
      "SELECT count(*)::int AS n FROM evidence WHERE task_id = $1 AND kind = 'file'",
      [chain.anThiTask],
    );
    expect(twice).toBe(2);
  });

  it('should link the task preset on the import form, which the letter does not cite', async () => {
    // 452 cites no directive An Thi received a task from: only the form's choice links it.
    const letter = rewritten(
      rewritten(SEED_LETTER, '2136/UBND-KGVX', '2999/UBND-KGVX'),
      'Số: 451 /UBND-VHTT',
      'Số: 452 /UBND-VHTT',
    );
    const pages = await signInToPages(t, 'clerk');
    // The task was reported: reopened by a return, it is open again for carrying down.
    await moveTask(t, provinceChair, chain.anThiTask, { status: 'returned', reason: 'Tiếp tục' });
    const form = await pages.get(`/van-ban/nhap?implementsTaskId=${chain.anThiTask}`);
    expect(form.status).toBe(200);
    expect(form.body).toContain(`<option value="${chain.anThiTask}" selected>`);

    const reply = await pages.post(
      '/van-ban/nhap',
      { text: letter, implementsTaskId: chain.anThiTask },
      `/van-ban/nhap?implementsTaskId=${chain.anThiTask}`,
    );
    expect(reply.status).toBe(303);
    const [row] = await query<{ implements_task_id: string | null }>(
      t.database,
      "SELECT implements_task_id FROM directives WHERE number = '452/UBND-VHTT'",
    );
    expect(row.implements_task_id).toBe(chain.anThiTask);
    expect((await children(clerk)).map((c) => c.number)).toEqual([
      '451/UBND-VHTT',
      '452/UBND-VHTT',
    ]);

    // Left on "automatic", the same letter renumbered links nothing.
    const auto = await pages.post(
      '/van-ban/nhap',
      {
        text: rewritten(letter, 'Số: 452 /UBND-VHTT', 'Số: 453 /UBND-VHTT'),
        implementsTaskId: 'auto',
      },
      '/van-ban/nhap',
    );
    expect(auto.status).toBe(303);
    const [unlinked] = await query<{ implements_task_id: string | null }>(
      t.database,
      "SELECT implements_task_id FROM directives WHERE number = '453/UBND-VHTT'",
    );
    expect(unlinked.implements_task_id).toBeNull();
  });
});
