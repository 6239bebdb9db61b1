import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { PNG, multipartBody, publishLetter } from '../support/directives.js';
import { startTestApp, type Reply, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';
import { databaseFingerprint, fill, parametersOf, routeTable, type Route } from './route-table.js';
import {
  carriedFromSql,
  maySeeDirective,
  maySeeTask,
  ownUnitOf,
  scopeParams,
  visibleDirectiveSql,
  visibleTaskSql,
} from '../../src/core/access/body-scope.js';
import type { Role } from '../../src/core/access/role.js';
import { bodyOf, unitBodySql } from '../../src/units/unit-body.js';
import type { UnitKind } from '../../src/units/unit-kind.js';

/**
 * Object-level authorisation, generated from the route table: every registered route that takes
 * a parameter is called by an officer of one unit (Phòng Văn hóa và Thông tin) with real objects
 * of another (xã Đa Lộc) or of nobody's unit (a directive not addressed to them, a user, a
 * channel …). Each answer must be the one a missing id gets — 404, or 403 where the route is not
 * for officers at all — with nothing of the object in it, and the database must not change.
 *
 * Then the same sweep by other bodies' chairs and clerks (issue 16): Kim Động district's chair
 * and clerk against An Thi's objects, and xã Hồng Quang's chair against a directive xã Đa Lộc
 * issued to its own police. Their roles reach most routes, so each answer must equal the one a
 * missing id gets (404 wherever the object matters), and every list must leave the objects out.
 *
 * A new route that takes a parameter and has no case here fails the test by name: add how to get
 * a foreign id for it to CASES (web pages under `/` too: they answer 404 pages, HTML allowed).
 */

/** Real objects that belong to another unit, or that an officer has no business with. */
interface Foreign {
  task: string;
  noteEvidence: string;
  fileEvidence: string;
  taskRequest: string;
  directive: string;
  assignment: string;
  notification: string;
  user: string;
  unit: string;
  group: string;
  channel: string;
  delivery: string;
  adjustmentDate: string;
  /** Trung tâm Y tế's weekly report task of Công văn 318 and one of its periods (with a file). */
  periodTask: string;
  period: string;
}

/**
 * Routes another body's chair or clerk reaches by role, so the object alone must refuse them:
 * each must answer 404 (for the roles it admits) in the committee sweeps.
 */
const BODY_404 = [
  'GET /api/directives/:id',
  'GET /api/directives/:id/source',
  'GET /api/directives/:id/tasks',
  'GET /api/directives/:id/chain',
  'GET /api/directives/:id/targets',
  'PATCH /api/directives/:id/targets',
  'GET /api/compliance/directives/:id',
  'GET /api/directives/:id/report.docx',
  'GET /api/directives/:id/urging-letter.docx',
  'GET /api/tasks/:id',
  'GET /api/tasks/:id/history',
  'GET /api/tasks/:id/evidence',
  'GET /api/tasks/:id/escalations',
  'GET /api/tasks/:id/periods',
  'PATCH /api/tasks/:id/recurrence',
  'POST /api/tasks/:id/periods/:periodId/review',
  'GET /van-ban/:id',
  'GET /tuan-thu/:id',
  'GET /tuan-thu/:id/bao-cao.docx',
];
const CLERK_404 = [
  'PATCH /api/directives/:id',
  'POST /api/directives/:id/publish',
  'POST /api/directives/:id/assignments',
  'PATCH /api/directives/:id/assignments/:assignmentId',
  'DELETE /api/directives/:id/assignments/:assignmentId',
  'PUT /api/directives/:id/implements',
  'DELETE /api/directives/:id/implements',
  'GET /van-ban/:id/ban-hanh',
  'POST /van-ban/:id/ban-hanh',
];
const CHAIR_404 = ['POST /api/task-requests/:id/decision'];

/** A commune's letter to its own police, issued by xã Đa Lộc's clerk. */
const COMMUNE_LETTER = `ỦY BAN NHÂN DÂN
XÃ ĐA LỘC
Số: 12/UBND-VP
V/v tổ chức tuyên truyền phòng chống dịch bệnh

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đa Lộc, ngày 25 tháng 11 năm 2026

Kính gửi: Công an xã Đa Lộc.

Thực hiện chỉ đạo của UBND huyện, Ủy ban nhân dân xã yêu cầu:

1. Công an xã Đa Lộc phối hợp tổ chức tuyên truyền BÍ-MẬT-XÃ-nhiệm-vụ đến từng hộ gia đình, báo cáo kết quả trước ngày 10/12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
`;

type Expected = 404 | 403 | 'directory';

interface Case {
  params: Record<string, string>;
  expect: Expected;
  body?: unknown;
  multipart?: { raw: Buffer; headers: Record<string, string> };
}

type CaseMaker = (f: Foreign) => Case | Case[];

const notFound =
  (param: keyof Foreign, body?: unknown): CaseMaker =>
  (f) => ({ params: { id: f[param] }, expect: 404, body });
const forbidden =
  (param: keyof Foreign, body?: unknown): CaseMaker =>
  (f) => ({ params: { id: f[param] }, expect: 403, body });

/** Route (method and pattern) → how to call it with a foreign id, and what it must answer. */
const CASES: Record<string, CaseMaker> = {
  // Directives: one not addressed to the officer's unit (a published letter to others).
  'GET /api/directives/:id': notFound('directive'),
  'PATCH /api/directives/:id': forbidden('directive', { subject: 'Chiếm quyền' }),
  'GET /api/directives/:id/source': notFound('directive'),
  'POST /api/directives/:id/publish': forbidden('directive', {}),
  'PUT /api/directives/:id/implements': (f) => ({
    params: { id: f.directive },
    expect: 403,
    body: { taskId: f.task },
  }),
  'DELETE /api/directives/:id/implements': forbidden('directive'),
  'GET /api/directives/:id/tasks': notFound('directive'),
  'GET /api/directives/:id/chain': notFound('directive'),
  'GET /api/directives/:id/targets': notFound('directive'),
  'PATCH /api/directives/:id/targets': forbidden('directive', { targets: [] }),
  'POST /api/directives/:id/assignments': forbidden('directive', {
    assignee: 'Phòng Y tế',
    text: 'Chiếm quyền',
  }),
  'PATCH /api/directives/:id/assignments/:assignmentId': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
    body: { text: 'x' },
  }),
  'DELETE /api/directives/:id/assignments/:assignmentId': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
  }),
  'GET /api/directives/:id/report.docx': forbidden('directive'),
  'GET /api/directives/:id/urging-letter.docx': forbidden('directive'),
  'GET /api/compliance/directives/:id': notFound('directive'),
  'GET /api/compliance/directives/:id/periods': notFound('directive'),
  'GET /api/directives/:id/targets/periods': notFound('directive'),
  // Tasks, evidence and requests of xã Đa Lộc.
  'GET /api/tasks/:id': notFound('task'),
  'POST /api/tasks/:id/status': notFound('task', { status: 'received', version: 1 }),
  'GET /api/tasks/:id/history': notFound('task'),
  'POST /api/tasks/:id/extension-requests': notFound('task', {
    deadline: '2026-12-20',
    reason: 'Xin gia hạn',
  }),
  'POST /api/tasks/:id/pause-requests': notFound('task', { reason: 'Xin tạm hoãn' }),
  'GET /api/tasks/:id/requests': notFound('task'),
  'GET /api/tasks/:id/escalations': notFound('task'),
  'GET /api/tasks/:id/evidence': notFound('task'),
  'POST /api/tasks/:id/evidence': (f) => [
    { params: { id: f.task }, expect: 404, body: { kind: 'note', text: 'x' } },
    {
      params: { id: f.task },
      expect: 404,
      multipart: multipartBody({ name: 'a.png', data: PNG, type: 'image/png' }, { kind: 'file' }),
    },
  ],
  'DELETE /api/evidence/:id': (f) => [
    { params: { id: f.noteEvidence }, expect: 404 },
    { params: { id: f.fileEvidence }, expect: 404 },
  ],
  'GET /api/evidence/:id/file': notFound('fileEvidence'),
  // Reporting periods of Trung tâm Y tế's task (kỳ báo cáo).
  'GET /api/tasks/:id/periods': notFound('periodTask'),
  'POST /api/tasks/:id/periods/:periodId/report': (f) => [
    { params: { id: f.periodTask, periodId: f.period }, expect: 404, body: { text: 'x' } },
    {
      params: { id: f.periodTask, periodId: f.period },
      expect: 404,
      multipart: multipartBody({ name: 'a.png', data: PNG, type: 'image/png' }, { text: 'x' }),
    },
  ],
  'GET /api/tasks/:id/periods/:periodId/files/:index': (f) => ({
    params: { id: f.periodTask, periodId: f.period, index: '0' },
    expect: 404,
  }),
  'POST /api/tasks/:id/periods/:periodId/review': (f) => ({
    params: { id: f.periodTask, periodId: f.period },
    expect: 403,
    body: { decision: 'accept' },
  }),
  'PATCH /api/tasks/:id/recurrence': (f) => ({
    params: { id: f.periodTask },
    expect: 403,
    body: { recurrence: null, version: 1 },
  }),
  'POST /api/task-requests/:id/decision': forbidden('taskRequest', { approve: true }),
  // Another user's inbox.
  'POST /api/me/notifications/:id/read': notFound('notification'),
  // Administration: not for officers at all.
  'GET /api/users/:id': forbidden('user'),
  'PATCH /api/users/:id': forbidden('user', { fullName: 'x' }),
  'PATCH /api/units/:id': forbidden('unit', { name: 'x' }),
  'DELETE /api/units/:id': forbidden('unit'),
  'PATCH /api/unit-groups/:id': forbidden('group', { name: 'x' }),
  'DELETE /api/unit-groups/:id': forbidden('group'),
  'GET /api/notification-channels/:id': forbidden('channel'),
  'PATCH /api/notification-channels/:id': forbidden('channel', { active: false }),
  'DELETE /api/notification-channels/:id': forbidden('channel'),
  'POST /api/outbound-deliveries/:id/retry': forbidden('delivery'),
  'PUT /api/calendar/adjustments/:date': (f) => ({
    params: { date: f.adjustmentDate },
    expect: 403,
    body: { kind: 'working_day', note: 'x' },
  }),
  'DELETE /api/calendar/adjustments/:date': (f) => ({
    params: { date: f.adjustmentDate },
    expect: 403,
  }),
  // Web pages: another unit's task answers the same 404 page as a missing one.
  'GET /viec/:id': notFound('task'),
  'POST /viec/:id/trang-thai': notFound('task', { status: 'received', version: 1 }),
  'POST /viec/:id/so-lieu': notFound('task', { indicator: 'x', value: 1, asOf: '2026-11-27' }),
  'POST /viec/:id/ghi-chu': notFound('task', { text: 'x' }),
  'POST /viec/:id/gia-han': notFound('task', { deadline: '2026-12-20', reason: 'x' }),
  // Kỳ báo cáo on the task page: Trung tâm Y tế's period answers as a missing one.
  'POST /viec/:id/ky/:periodId/bao-cao': (f) => [
    { params: { id: f.periodTask, periodId: f.period }, expect: 404, body: { text: 'x' } },
    {
      params: { id: f.periodTask, periodId: f.period },
      expect: 404,
      multipart: multipartBody({ name: 'a.png', data: PNG, type: 'image/png' }, { text: 'x' }),
    },
  ],
  'GET /van-ban/:id': notFound('directive'),
  'GET /van-ban/:id/ban-goc': notFound('directive'),
  'POST /thong-bao/:id/da-doc': notFound('notification'),
  // Web pages of other roles: the 403 page, whatever the id.
  'POST /duyet/:id': forbidden('task', { decision: 'accept', version: '1' }),
  'POST /van-ban/:id/phan-cong/:assignmentId/don-vi': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
    body: { unitIds: f.unit },
  }),
  'POST /van-ban/:id/phan-cong/:assignmentId/phoi-hop': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
    body: { name: 'x', unitIds: f.unit },
  }),
  'POST /van-ban/:id/phan-cong/:assignmentId/han': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
    body: { deadline: '2026-12-20' },
  }),
  'POST /van-ban/:id/phan-cong/:assignmentId/xoa': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
  }),
  'POST /van-ban/:id/phan-cong/:assignmentId/dinh-ky': (f) => ({
    params: { id: f.directive, assignmentId: f.assignment },
    expect: 403,
    body: { frequency: 'none' },
  }),
  'POST /viec/:id/ky/:periodId/duyet': (f) => ({
    params: { id: f.periodTask, periodId: f.period },
    expect: 403,
    body: { decision: 'accept' },
  }),
  'POST /viec/:id/dinh-ky': forbidden('periodTask', { frequency: 'none', version: 1 }),
  'POST /van-ban/:id/han-mac-dinh': forbidden('directive', { mode: 'none' }),
  'GET /van-ban/:id/ban-hanh': forbidden('directive'),
  'POST /van-ban/:id/ban-hanh': forbidden('directive', {}),
  'GET /tuan-thu/:id': forbidden('directive'),
  'GET /tuan-thu/:id/in': forbidden('directive'),
  'GET /tuan-thu/:id/xuat.csv': forbidden('directive'),
  'GET /tuan-thu/:id/xuat.xlsx': forbidden('directive'),
  'GET /tuan-thu/:id/bao-cao.docx': forbidden('directive'),
  'GET /tuan-thu/:id/ky-bao-cao': forbidden('directive'),
  'GET /tuan-thu/:id/ky-bao-cao.csv': forbidden('directive'),
  'GET /tuan-thu/:id/ky-bao-cao.xlsx': forbidden('directive'),
  'GET /quan-tri/don-vi/:id': forbidden('unit'),
  'POST /quan-tri/don-vi/:id': forbidden('unit', { name: 'x' }),
  'GET /quan-tri/nhom/:id': forbidden('group'),
  'POST /quan-tri/nhom/:id': forbidden('group', { name: 'x' }),
  'POST /quan-tri/nguoi-dung/:id/trang-thai': forbidden('user', { active: 'false' }),
  'POST /quan-tri/nguoi-dung/:id/mat-khau': forbidden('user', { password: 'x' }),
  // The unit directory (danh mục đơn vị) is read by everyone signed in, by design.
  'GET /api/units/:id': (f) => ({ params: { id: f.unit }, expect: 'directory' }),
  'GET /api/unit-groups/:id': (f) => ({ params: { id: f.group }, expect: 'directory' }),
};

/**
 * Bull Board's routes (a plugin: their list changes with its version) sit behind one admin-only
 * hook for the whole prefix, so every one of them answers an officer 403 whatever the ids.
 */
const ADMIN_ONLY_PREFIXES = ['/admin/queues'];
const BOARD_PARAMS: Record<string, string> = {
  queueName: 'escalation',
  jobId: 'esc-job',
  queueStatus: 'failed',
  schedulerId: 'escalation-reconcile',
  '*': 'static/main.js',
};

/** Static assets and API documentation: no objects behind them. Listed one by one. */
const SKIPPED = new Set([
  'GET /api/docs/*',
  'HEAD /api/docs/*',
  // The pages' asset server (@fastify/static: /static/…, Chart.js under /static/vendor/).
  'GET /*',
  'HEAD /*',
]);

/** Tables that may record a refused attempt (an audit trail); everything else must not change. */
const MAY_CHANGE = /^audit/;

describe('object-level access, swept over the route table', () => {
  let t: TestApp;
  let intruder: string;
  let owner: string;
  let foreign: Foreign;
  /** Xã Đa Lộc's own letter to its police, its part and that task. */
  let commune: Pick<Foreign, 'directive' | 'assignment' | 'task'>;
  /** The province's letter to An Thi, and An Thi's letter carrying that task down to xã Đa Lộc. */
  let chain: { province: string; carried: string };
  /** Xã Hồng Quang's unit (its chair's body). */
  let hongQuang: string;
  /** Strings only xã Đa Lộc's objects (and the others above) contain. */
  const markers = [
    'BÍ-MẬT-ĐA-LỘC-ghi-chú',
    'BÍ-MẬT-ĐA-LỘC-gia-hạn',
    'BÍ-MẬT-ĐA-LỘC-thông-báo',
    'bi-mat-da-loc.png',
    'da-loc-secret@example.org',
    'BÍ-MẬT-lịch',
    'BÍ-MẬT-TTYT-báo-cáo-kỳ',
    'bi-mat-ttyt.png',
    'BÍ-MẬT-XÃ-nhiệm-vụ',
  ];

  const call = (method: string, url: string, token: string, c: Case): Promise<Reply> =>
    t.request(method, url, {
      token,
      headers: { cookie: `dondoc_token=${token}`, ...(c.multipart?.headers ?? {}) },
      ...(c.multipart ? { raw: c.multipart.raw } : c.body !== undefined ? { body: c.body } : {}),
    });

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login('admin');
    const clerk = await t.login('clerk');
    await publishLetter(t);
    // Công văn 318 goes to health bodies and the communes, not to Phòng Văn hóa và Thông tin.
    const directive = await publishLetter(t, { file: '318-UBND-YT-sot-xuat-huyet.txt' });
    intruder = await t.login('phong-vhtt.officer');
    owner = await t.login('xa-da-loc.officer');

    const ownerTasks = await t.request('GET', '/api/me/tasks?limit=200', { token: owner });
    const task = ownerTasks.body.items[0];
    const note = await t.request('POST', `/api/tasks/${task.id}/evidence`, {
      token: owner,
      body: { kind: 'note', text: markers[0] },
    });
    const file = await t.request('POST', `/api/tasks/${task.id}/evidence`, {
      token: owner,
      ...multipartBody({ name: markers[3], data: PNG, type: 'image/png' }, { kind: 'file' }),
    });
    const request = await t.request('POST', `/api/tasks/${task.id}/extension-requests`, {
      token: owner,
      body: { deadline: '2026-12-24', reason: markers[1] },
    });
    const me = await t.request('GET', '/api/me', { token: owner });
    const unitId: string = task.unit.id;
    const channel = await t.request('POST', '/api/notification-channels', {
      token: admin,
      body: { kind: 'email', unitId, address: markers[4] },
    });
    // An inbox row for the owner (and a delivery on the unit's channel), the way escalations
    // write them.
    await t.app.get(DataSource).transaction((manager) =>
      t.app.get(NotificationsService).notify(manager, {
        userIds: [me.body.id],
        taskId: task.id,
        escalationId: null,
        kind: 'reminder',
        title: markers[2],
        body: markers[2],
      }),
    );
    const [notification] = await query<{ id: string }>(
      t.database,
      'SELECT id FROM notifications WHERE user_id = $1',
      [me.body.id],
    );
    const [delivery] = await query<{ id: string }>(
      t.database,
      'SELECT id FROM outbound_deliveries WHERE channel_id = $1',
      [channel.body.id],
    );
    // A period of the health centre's weekly report (sub-item c), reported with a file.
    const ttyt = await t.login('trung-tam-y-te.officer');
    const ttytTasks = await t.request('GET', '/api/me/tasks?limit=50', { token: ttyt });
    const periodTask = ttytTasks.body.items.find((item: { role: string }) => item.role === 'lead');
    const periods = await t.request('GET', `/api/tasks/${periodTask.id}/periods`, { token: ttyt });
    const periodReport = await t.request(
      'POST',
      `/api/tasks/${periodTask.id}/periods/${periods.body[0].id}/report`,
      {
        token: ttyt,
        ...multipartBody({ name: markers[7], data: PNG, type: 'image/png' }, { text: markers[6] }),
      },
    );
    const adjustment = await t.request('PUT', '/api/calendar/adjustments/2031-01-06', {
      token: admin,
      body: { kind: 'day_off', note: markers[5] },
    });
    const groups = await t.request('GET', '/api/unit-groups', { token: admin });
    const draft = await t.request('GET', `/api/directives/${directive}`, { token: clerk });
    for (const [what, reply] of Object.entries({
      note,
      file,
      request,
      channel,
      adjustment,
      periodReport,
    })) {
      if (reply.status >= 300) throw new Error(`${what}: ${JSON.stringify(reply.body)}`);
    }
    foreign = {
      task: task.id,
      noteEvidence: note.body.id,
      fileEvidence: file.body.id,
      taskRequest: request.body.id,
      directive,
      assignment: draft.body.assignments[0].id,
      notification: notification.id,
      user: me.body.id,
      unit: unitId,
      group: groups.body.items[0].id,
      channel: channel.body.id,
      delivery: delivery.id,
      adjustmentDate: '2031-01-06',
      periodTask: periodTask.id,
      period: periods.body[0].id,
    };
    // The premise: the officer's unit has tasks of its own, but none from Công văn 318.
    const own = await t.request('GET', '/api/me/tasks?limit=200', { token: intruder });
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.map((item: { directiveId: string }) => item.directiveId)).not.toContain(
      directive,
    );

    // Other bodies (issue 16): the province above An Thi, a sibling district (Kim Động) with its
    // chair and clerk, xã Hồng Quang's chair, and xã Đa Lộc's clerk, who issues a letter of the
    // commune's own to its police.
    const unit = async (body: object) => {
      const reply = await t.request('POST', '/api/units', { token: admin, body });
      if (reply.status !== 201) throw new Error(`unit: ${JSON.stringify(reply.body)}`);
      return reply.body.id as string;
    };
    const unitsByCode = new Map(
      (await query<{ id: string; code: string }>(t.database, 'SELECT id, code FROM units')).map(
        (row) => [row.code, row.id],
      ),
    );
    // The demo's province, with An Thi and Kim Động under it.
    const province = unitsByCode.get('tinh')!;
    const anThi = unitsByCode.get('ubnd-huyen')!;
    const kimDong = unitsByCode.get('huyen-kim-dong')!;
    const police = await unit({
      code: 'cong-an-xa-da-loc',
      name: 'Công an xã Đa Lộc',
      kind: 'police_military',
      parentId: unitsByCode.get('xa-da-loc'),
    });
    hongQuang = unitsByCode.get('xa-hong-quang')!;
    // The demo has every committee's chair and clerk, the communes' included; this is the
    // police officer of the commune's own police, a unit the demo does not have.
    // The demo password's hash, so `t.login` signs them in like the demo users.
    expect(province && kimDong).toBeTruthy();
    for (const [username, role, unitId] of [
      ['cong-an-xa-da-loc.officer', 'unit_officer', police],
    ]) {
      await query(
        t.database,
        `INSERT INTO users (username, full_name, role, unit_id, password_hash)
         SELECT $1, $1, $2, $3, password_hash FROM users WHERE username = 'chair'`,
        [username, role, unitId],
      );
    }
    const daLocClerk = await t.login('xa-da-loc.clerk');
    const letterReply = await t.request('POST', '/api/directives/import', {
      token: daLocClerk,
      raw: COMMUNE_LETTER,
      headers: { 'content-type': 'text/plain' },
    });
    const published = await t.request('POST', `/api/directives/${letterReply.body.id}/publish`, {
      token: daLocClerk,
      body: {},
    });
    if (letterReply.status !== 201 || published.status !== 200)
      throw new Error(`commune letter: ${JSON.stringify([letterReply.body, published.body])}`);
    const policeTasks = await t.request('GET', '/api/me/tasks', {
      token: await t.login('cong-an-xa-da-loc.officer'),
    });
    commune = {
      directive: letterReply.body.id,
      assignment: letterReply.body.assignments[0].id,
      task: policeTasks.body.items[0].id,
    };
    expect(letterReply.body.issuingUnit.code).toBe('xa-da-loc');

    // The chain (issue 16, part 3): the province gives An Thi a task, which An Thi carries down
    // to xã Đa Lộc by a letter of its own.
    const toOne = async (token: string, text: string, unitId: string, link?: string) => {
      const draft = await t.request('POST', '/api/directives/import', {
        token,
        body: {
          text: text.replace('BÍ-MẬT-XÃ-nhiệm-vụ', 'theo chuỗi'),
          ...(link ? { implementsTaskId: link } : { implementsTaskId: null }),
        },
      });
      if (draft.status !== 201) throw new Error(`chain import: ${JSON.stringify(draft.body)}`);
      for (const [i, part] of (draft.body.assignments as Array<{ id: string }>).entries()) {
        const path = `/api/directives/${draft.body.id}/assignments/${part.id}`;
        const edited =
          i === 0
            ? await t.request('PATCH', path, { token, body: { unitIds: [unitId] } })
            : await t.request('DELETE', path, { token });
        if (edited.status >= 300) throw new Error(`chain part: ${JSON.stringify(edited.body)}`);
      }
      const done = await t.request('POST', `/api/directives/${draft.body.id}/publish`, {
        token,
        body: { defaultDeadline: { workingDays: 5 } },
      });
      if (done.status !== 200) throw new Error(`chain publish: ${JSON.stringify(done.body)}`);
      return draft.body.id as string;
    };
    const provinceLetter = await toOne(
      await t.login('tinh.clerk'),
      COMMUNE_LETTER.replace('XÃ ĐA LỘC', 'TỈNH HƯNG YÊN').replace(
        'Số: 12/UBND-VP',
        'Số: 88/UBND-KGVX',
      ),
      anThi,
    );
    const [anThiTask] = await query<{ id: string }>(
      t.database,
      'SELECT id FROM tasks WHERE directive_id = $1 AND unit_id = $2',
      [provinceLetter, anThi],
    );
    chain = {
      province: provinceLetter,
      carried: await toOne(
        clerk,
        COMMUNE_LETTER.replace('XÃ ĐA LỘC', 'HUYỆN AN THI').replace(
          'Số: 12/UBND-VP',
          'Số: 89/UBND-VP',
        ),
        unitsByCode.get('xa-da-loc')!,
        anThiTask.id,
      ),
    };
    expect(policeTasks.body.items.map((item: { directiveId: string }) => item.directiveId)).toEqual(
      [commune.directive],
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  /** The case(s) for a route with the given objects' ids, or why none applies. */
  const casesFor = (route: Route, objects: Foreign = foreign): Case[] | 'skipped' | 'missing' => {
    const key = `${route.method} ${route.pattern}`;
    if (SKIPPED.has(key)) return 'skipped';
    if (ADMIN_ONLY_PREFIXES.some((prefix) => route.pattern.startsWith(prefix))) {
      return [{ params: BOARD_PARAMS, expect: 403 }];
    }
    // HEAD answers as GET does, without a body.
    const maker =
      CASES[key] ?? (route.method === 'HEAD' ? CASES[`GET ${route.pattern}`] : undefined);
    if (!maker) return 'missing';
    const made = maker(objects);
    return Array.isArray(made) ? made : [made];
  };

  /**
   * Calls every route that takes a parameter as `token`, with `objects`' ids and with ids that do
   * not exist. `expected` says what a case must answer: a status, or `as-missing` — whatever the
   * missing ids get, which must itself be a refusal (403, 404, or a page's form sent back with a
   * flash, 303). Either way the two answers must be the same text, and none may carry a marker. Returns the failures and the routes covered.
   */
  const sweep = async (
    token: string,
    objects: Foreign,
    expected: (key: string, c: Case) => Expected | 'as-missing',
  ): Promise<{ failures: string[]; covered: string[]; routes: Route[] }> => {
    const routes = routeTable(t.app).filter((route) => parametersOf(route.pattern).length > 0);
    const covered: string[] = [];
    const failures: string[] = [];
    for (const route of routes) {
      const cases = casesFor(route, objects);
      if (cases === 'skipped' || cases === 'missing') continue;
      const key = `${route.method} ${route.pattern}`;
      for (const c of cases) {
        const url = fill(route.pattern, c.params);
        const reply = await call(route.method, url, token, c);
        const label = `${route.method} ${url}`;
        const expect = expected(key, c);
        if (expect === 'directory') {
          if (reply.status !== 200 && reply.status !== 204)
            failures.push(`${label}: ${reply.status}`);
          covered.push(key);
          continue;
        }
        // The control: the same call with ids that do not exist.
        const missingParams = Object.fromEntries(
          Object.entries(c.params).map(([name, value]) => [
            name,
            /^[0-9a-f-]{36}$/.test(value)
              ? randomUUID()
              : value === objects.adjustmentDate
                ? '2031-01-07'
                : value,
          ]),
        );
        const control = await call(route.method, fill(route.pattern, missingParams), token, c);
        const text = (r: Reply, params: Record<string, string>) => {
          let body =
            typeof r.body === 'string' ? r.body : JSON.stringify({ ...r.body, requestId: 'R' });
          // A page's form refused by redirecting back with a flash: where to, and what it says.
          if (r.status === 303)
            body += JSON.stringify([r.headers.location, r.headers['set-cookie']]);
          body = body.replaceAll(
            String((r.headers['x-request-id'] as string | undefined) ?? '\u0000'),
            'R',
          );
          for (const value of Object.values(params)) body = body.replaceAll(value, 'ID');
          // Web pages: per-response nonces and form tokens are not data of the object.
          body = body.replace(/\b(nonce|csrf[\w-]*|_csrf)(=|"\s*value=)"[^"]*"/gi, '$1$2"N"');
          return body;
        };
        const status = expect === 'as-missing' ? control.status : expect;
        if (expect === 'as-missing' && ![303, 403, 404].includes(control.status)) {
          failures.push(`${label}: control with missing ids answered ${control.status}`);
        } else if (reply.status !== status) {
          failures.push(
            `${label}: ${reply.status} (expected ${status}) ${text(reply, c.params).slice(0, 200)}`,
          );
        } else if (control.status !== status) {
          failures.push(`${label}: control with missing ids answered ${control.status}`);
        } else if (text(reply, c.params) !== text(control, missingParams)) {
          failures.push(
            `${label}: differs from a missing id: ${text(reply, c.params)} vs ${text(control, missingParams)}`,
          );
        }
        const raw = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        for (const marker of markers) {
          if (raw.includes(marker)) failures.push(`${label}: leaks "${marker}"`);
        }
        covered.push(key);
      }
    }
    return { failures, covered, routes };
  };

  it('should have a case for every route that takes a parameter', () => {
    const withParameters = routeTable(t.app).filter(
      (route) => parametersOf(route.pattern).length > 0,
    );
    const missing = withParameters
      .filter((route) => casesFor(route) === 'missing')
      .map((route) => `${route.method} ${route.pattern}`);
    expect(missing).toEqual([]);
    // And no case left behind for a route that no longer exists.
    const registered = new Set(withParameters.map((route) => `${route.method} ${route.pattern}`));
    expect(Object.keys(CASES).filter((key) => !registered.has(key))).toEqual([]);
    expect([...BODY_404, ...CLERK_404, ...CHAIR_404].filter((key) => !registered.has(key))).toEqual(
      [],
    );
  }, 30_000);

  it('should answer another unit’s ids exactly as missing ones, leak nothing and change nothing', async () => {
    const before = await databaseFingerprint(t.database, MAY_CHANGE);
    const { failures, covered, routes } = await sweep(intruder, foreign, (_, c) => c.expect);
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
    const distinct = new Set(covered);
    // Printed for the report: how many routes the sweep covered.
    process.stdout.write(`access sweep: ${distinct.size} routes, ${covered.length} calls\n`);
    expect(distinct.size).toBe(routes.filter((route) => casesFor(route) !== 'skipped').length);
  }, 120_000);

  /** What another body's chair or clerk must get: 404 where the object alone refuses them. */
  const bodyExpected =
    (role: 'chair' | 'clerk') =>
    (key: string, c: Case): Expected | 'as-missing' => {
      if (c.expect === 'directory') return 'directory';
      const headless = key.replace(/^HEAD /, 'GET ');
      const must = [...BODY_404, ...(role === 'clerk' ? CLERK_404 : CHAIR_404)];
      return must.includes(headless) ? 404 : 'as-missing';
    };

  it.each([
    ['Kim Động district’s chair', 'huyen-kim-dong.chair', 'chair'],
    ['Kim Động district’s clerk', 'huyen-kim-dong.clerk', 'clerk'],
  ] as const)(
    'should answer %s An Thi’s ids exactly as missing ones, leak nothing and change nothing',
    async (_, username, role) => {
      const token = await t.login(username);
      const before = await databaseFingerprint(t.database, MAY_CHANGE);
      const { failures, covered } = await sweep(token, foreign, bodyExpected(role));
      expect(failures).toEqual([]);
      expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
      process.stdout.write(`access sweep (${username}): ${covered.length} calls\n`);
    },
    120_000,
  );

  it('should answer a sibling commune’s chair the commune’s own directive exactly as a missing one', async () => {
    const token = await t.login('xa-hong-quang.chair');
    const objects = { ...foreign, ...commune };
    const before = await databaseFingerprint(t.database, MAY_CHANGE);
    const { failures } = await sweep(token, objects, bodyExpected('chair'));
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
  }, 120_000);

  it('should leave another body’s directives and tasks out of every list', async () => {
    const anThi = [foreign.directive, commune.directive];
    for (const username of ['huyen-kim-dong.chair', 'huyen-kim-dong.clerk']) {
      const token = await t.login(username);
      const get = async (url: string) => {
        const reply = await t.request('GET', url, { token });
        expect([url, reply.status]).toEqual([url, 200]);
        return reply.body;
      };
      // Nothing but Kim Động's own (a draft a later test may import).
      const listed = await get('/api/directives?limit=100');
      expect(
        listed.items.filter(
          (item: { issuingUnit: { code: string } }) => item.issuingUnit.code !== 'huyen-kim-dong',
        ),
      ).toEqual([]);
      expect((await get('/api/tasks?limit=100')).total).toBe(0);
      expect((await get(`/api/tasks?directiveId=${foreign.directive}`)).total).toBe(0);
      const overview = await get('/api/compliance/overview');
      expect([overview.openDirectives, overview.overdueTasks, overview.recentEscalations]).toEqual([
        [],
        [],
        [],
      ]);
      const ranking = await get('/api/compliance/units?from=2026-01-01&to=2026-12-31');
      expect(ranking.items).toEqual([]);
      expect(await get('/api/escalations/attention')).toEqual([]);
      const page = await t.request('GET', '/van-ban', {
        headers: { cookie: `dondoc_token=${token}` },
      });
      for (const id of anThi) expect(page.body).not.toContain(id);
    }
    // The sibling commune's chair sees what its commune received from the district, never the
    // other commune's own directive nor its tasks.
    const chair = await t.login('xa-hong-quang.chair');
    const directives = await t.request('GET', '/api/directives?limit=100', { token: chair });
    const ids = directives.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(foreign.directive);
    expect(ids).not.toContain(commune.directive);
    const tasks = await t.request('GET', '/api/tasks?limit=200', { token: chair });
    expect(tasks.body.total).toBeGreaterThan(0);
    expect(new Set(tasks.body.items.map((item: { unit: { id: string } }) => item.unit.id))).toEqual(
      new Set([hongQuang]),
    );
    const compliance = await t.request('GET', `/api/compliance/directives/${foreign.directive}`, {
      token: chair,
    });
    expect(compliance.body.units.map((row: { unit: { id: string } }) => row.unit.id)).toEqual([
      hongQuang,
    ]);
  }, 60_000);

  it('should agree in SQL and TypeScript on every user’s body and on who sees which task and directive', async () => {
    const units = await query<{
      id: string;
      kind: UnitKind;
      parent_id: string | null;
      body: string;
    }>(t.database, `SELECT u.id, u.kind, u.parent_id, ${unitBodySql('u.id')} AS body FROM units u`);
    const tree = new Map(units.map((u) => [u.id, { kind: u.kind, parentId: u.parent_id }]));
    expect(units.map((u) => [u.id, bodyOf(u.id, tree)])).toEqual(units.map((u) => [u.id, u.body]));
    expect(new Set(units.map((u) => u.body)).size).toBeGreaterThan(20);

    const users = await query<{ role: Role; unitId: string; bodyId: string }>(
      t.database,
      `SELECT u.role, u.unit_id AS "unitId", ${unitBodySql('u.unit_id')} AS "bodyId" FROM users u
        WHERE u.username IN ('admin', 'chair', 'clerk', 'huyen-kim-dong.clerk', 'xa-hong-quang.chair',
                             'xa-da-loc.clerk', 'xa-da-loc.officer', 'cong-an-xa-da-loc.officer')`,
    );
    expect(users).toHaveLength(8);
    const tasks = await query<{
      id: string;
      unitId: string;
      directiveId: string;
      issuingUnitId: string;
      carriedFrom: string[];
    }>(
      t.database,
      `SELECT t.id, t.unit_id AS "unitId", t.directive_id AS "directiveId",
              d.issuing_unit_id AS "issuingUnitId", ${carriedFromSql('d')} AS "carriedFrom"
         FROM tasks t JOIN directives d ON d.id = t.directive_id`,
    );
    const directives = await query<{
      id: string;
      issuingUnitId: string;
      status: string;
      carriedFrom: string[];
    }>(
      t.database,
      `SELECT d.id, d.issuing_unit_id AS "issuingUnitId", d.status,
              ${carriedFromSql('d')} AS "carriedFrom" FROM directives d`,
    );
    // The chain is in the data: a directive carried down, so the twins walk it.
    expect(directives.some((d) => d.carriedFrom.length > 0)).toBe(true);
    const sorted = (ids: string[]) => [...ids].sort();
    for (const user of users) {
      const own = ownUnitOf(user);
      const bySql = await query<{ id: string }>(
        t.database,
        `SELECT t.id FROM tasks t WHERE ${visibleTaskSql(user, 't', '$1')}`,
        scopeParams(user),
      );
      const byTs = tasks.filter((task) => maySeeTask(user, task, task));
      expect(sorted(bySql.map((r) => r.id))).toEqual(sorted(byTs.map((r) => r.id)));
      const directivesBySql = await query<{ id: string }>(
        t.database,
        `SELECT d.id FROM directives d WHERE ${visibleDirectiveSql(user, 'd', '$1')}`,
        scopeParams(user),
      );
      const directivesByTs = directives.filter((d) =>
        maySeeDirective(
          user,
          d,
          tasks.some((task) => task.unitId === own && task.directiveId === d.id),
        ),
      );
      expect(sorted(directivesBySql.map((r) => r.id))).toEqual(
        sorted(directivesByTs.map((r) => r.id)),
      );
    }
  }, 60_000);

  it('should let every body up the chain see a directive carried down, and no sibling', async () => {
    const get = async (username: string) =>
      (
        await t.request('GET', `/api/directives/${chain.carried}/tasks`, {
          token: await t.login(username),
        })
      ).status;
    // The province governs An Thi's letter carrying its task down, An Thi issued it…
    expect(await get('tinh.chair')).toBe(200);
    expect(await get('chair')).toBe(200);
    // …Kim Động, a sibling district, and xã Hồng Quang, a commune it did not reach, see nothing.
    expect(await get('huyen-kim-dong.chair')).toBe(404);
    expect(await get('xa-hong-quang.chair')).toBe(404);
    const provinceTasks = await t.request('GET', `/api/directives/${chain.carried}/tasks`, {
      token: await t.login('tinh.chair'),
    });
    expect(provinceTasks.body.total).toBe(1);
    // The province's chair is no issuer of another district's letters.
    expect(
      (
        await t.request('GET', `/api/directives/${foreign.directive}`, {
          token: await t.login('tinh.chair'),
        })
      ).status,
    ).toBe(404);
  });

  it('should let each body act on its own directives (the ids are real)', async () => {
    // An Thi's chair and clerk govern 318; xã Đa Lộc's clerk its own letter, whose tasks the
    // commune's police sees; Kim Động's clerk sees its own draft.
    const anThiChair = await t.login('chair');
    expect(
      (
        await t.request('GET', `/api/compliance/directives/${foreign.directive}`, {
          token: anThiChair,
        })
      ).body.units.length,
    ).toBeGreaterThan(1);
    const daLoc = await t.login('xa-da-loc.clerk');
    const own = await t.request('GET', `/api/directives/${commune.directive}/tasks`, {
      token: daLoc,
    });
    expect(own.body.total).toBe(1);
    const got = await t.request('GET', `/api/directives/${commune.directive}`, { token: daLoc });
    expect(got.body.issuingUnit.code).toBe('xa-da-loc');
    // …and An Thi's clerk, who governs An Thi's directives, not the commune's own.
    const anThiClerk = await t.login('clerk');
    expect(
      (await t.request('GET', `/api/directives/${commune.directive}`, { token: anThiClerk }))
        .status,
    ).toBe(404);
    const kimDong = await t.login('huyen-kim-dong.clerk');
    const draft = await t.request('POST', '/api/directives/import', {
      token: kimDong,
      raw: COMMUNE_LETTER.replace('Số: 12/UBND-VP', 'Số: 7/UBND-VP').replace(
        'XÃ ĐA LỘC',
        'HUYỆN KIM ĐỘNG',
      ),
      headers: { 'content-type': 'text/plain' },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.issuingUnit.code).toBe('huyen-kim-dong');
    expect(
      (await t.request('GET', `/api/directives/${draft.body.id}`, { token: anThiClerk })).status,
    ).toBe(404);
  }, 60_000);

  it('should refuse every cookie-signed form without its anti-forgery token, whatever Authorization header rides along', async () => {
    // Every role's session as a cookie: a route refuses a role before it checks the form, so the
    // form routes are found with whichever role each admits.
    const cookies = await Promise.all(
      ['admin', 'clerk', 'chair', 'phong-vhtt.officer'].map((user) => t.login(user)),
    );
    const mutating = routeTable(t.app).filter(
      (route) =>
        !['GET', 'HEAD', 'OPTIONS'].includes(route.method) &&
        !ADMIN_ONLY_PREFIXES.some((prefix) => route.pattern.startsWith(prefix)),
    );
    const send = (route: Route, cookie: string, authorization?: string) =>
      t.request(
        route.method,
        fill(
          route.pattern,
          Object.fromEntries(parametersOf(route.pattern).map((name) => [name, randomUUID()])),
        ),
        {
          headers: {
            cookie: `dondoc_token=${cookie}`,
            // The pages answer a script asking for JSON with the API's error body.
            accept: 'application/json',
            ...(authorization ? { authorization } : {}),
          },
        },
      );
    const isCsrf = (reply: Reply) => reply.status === 403 && reply.body?.code === 'csrf';
    const before = await databaseFingerprint(t.database, MAY_CHANGE);
    const forms: string[] = [];
    const failures: string[] = [];
    for (const route of mutating) {
      // A form route: one a cookie session reaches, refused without the token.
      let cookie: string | undefined;
      for (const candidate of cookies) {
        if (isCsrf(await send(route, candidate))) {
          cookie = candidate;
          break;
        }
      }
      if (!cookie) continue;
      const label = `${route.method} ${route.pattern}`;
      forms.push(label);
      for (const authorization of [
        'Basic YWRtaW46ZGVtbzEyMzQ=',
        'Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==',
        'Bearer',
        'bearer-ish',
      ]) {
        const reply = await send(route, cookie, authorization);
        if (!isCsrf(reply)) {
          failures.push(
            `${label} with Authorization: ${authorization.split(' ')[0]}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 160)}`,
          );
        }
      }
      // A valid Bearer token is the credential: the cookie is not consulted, no token needed
      // (the control that the header is read at all; the random ids then answer 404 or 400).
      const bearer = await send(route, cookie, `Bearer ${cookie}`);
      if (isCsrf(bearer)) failures.push(`${label} with a valid Bearer token: refused as a form`);
    }
    expect(failures).toEqual([]);
    // The pages' forms and the evidence upload (the one API route a cookie session may post to).
    expect(forms).toEqual(
      expect.arrayContaining([
        'POST /api/tasks/:id/evidence',
        'POST /viec/:id/ghi-chu',
        'POST /quan-tri/nguoi-dung/:id/mat-khau',
        'POST /van-ban/:id/ban-hanh',
      ]),
    );
    expect(forms.length).toBeGreaterThan(20);
    expect(await databaseFingerprint(t.database, MAY_CHANGE)).toEqual(before);
    process.stdout.write(`form sweep: ${forms.length} cookie-signed form routes\n`);
  }, 120_000);

  it('should let the owning unit reach the same objects (the ids are real)', async () => {
    const reads: Array<[string, number]> = [
      [`/api/tasks/${foreign.task}`, 200],
      [`/api/tasks/${foreign.task}/requests`, 200],
      [`/api/evidence/${foreign.fileEvidence}/file`, 200],
      [`/api/compliance/directives/${foreign.directive}`, 200],
      [`/api/compliance/directives/${foreign.directive}/periods`, 200],
      [`/api/directives/${foreign.directive}`, 200],
      [`/api/directives/${foreign.directive}/chain`, 200],
    ];
    const ttyt = await t.login('trung-tam-y-te.officer');
    for (const url of [
      `/api/tasks/${foreign.periodTask}/periods`,
      `/api/tasks/${foreign.periodTask}/periods/${foreign.period}/files/0`,
    ]) {
      expect([url, (await t.request('GET', url, { token: ttyt })).status]).toEqual([url, 200]);
    }
    for (const [url, status] of reads) {
      expect([url, (await t.request('GET', url, { token: owner })).status]).toEqual([url, status]);
    }
    const inbox = await t.request('GET', '/api/me/notifications', { token: owner });
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toContain(foreign.notification);
  }, 30_000);
});
