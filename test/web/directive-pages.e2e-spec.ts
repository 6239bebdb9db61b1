import { Document, Packer, Paragraph } from 'docx';
import { Clock } from '../../src/core/clock.js';
import { letter, multipartBody, PNG } from '../support/directives.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages, type WebSession } from '../support/web-session.js';

const LONG = 60_000;
const SEED = letter('451-UBND-VHTT-bluezone.txt');
const DENGUE = letter('318-UBND-YT-sot-xuat-huyet.txt');
const UUID = /^\/van-ban\/([0-9a-f-]{36})$/;

describe('directive pages (HTTP level)', () => {
  let t: TestApp;
  let clerk: WebSession;
  let seedId: string;
  let dengueId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    // Friday 27/11/2026 10:00 in Hanoi: five working days later is Friday 4/12/2026.
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    clerk = await signInToPages(t, 'clerk');
  }, LONG);
  afterAll(() => t?.close(), LONG);

  const partsOf = (directiveId: string) =>
    query<{ id: string; label: string; assignee: string; deadline: string | null }>(
      t.database,
      'SELECT id, label, assignee, deadline FROM assignments WHERE directive_id = $1 ORDER BY ordinal',
      [directiveId],
    );

  /** Posts one file as a browser's plain multipart form does (saying it comes from this site). */
  const upload = async (session: WebSession, name: string, data: Buffer, type: string) => {
    const body = multipartBody({ name, data, type });
    return t.request<string>('POST', '/van-ban/nhap', {
      raw: body.raw,
      headers: {
        ...body.headers,
        cookie: session.cookie(),
        origin: 'http://localhost',
        'sec-fetch-site': 'same-origin',
        referer: 'http://localhost/van-ban/nhap',
      },
    });
  };

  it(
    'imports pasted text as a draft, keeping the bytes, and opens the draft page',
    async () => {
      const page = await clerk.get('/van-ban/nhap');
      expect(page.status).toBe(200);
      expect(page.body).toContain('id="import-text-form"');
      expect(page.body).toContain('enctype="multipart/form-data"');

      const reply = await clerk.post('/van-ban/nhap', { text: SEED }, '/van-ban/nhap');
      expect(reply.status).toBe(303);
      const match = UUID.exec(String(reply.headers.location));
      expect(match).not.toBeNull();
      seedId = match![1];
      const [row] = await query<{ source_file: Buffer; status: string; number: string }>(
        t.database,
        'SELECT source_file, status, number FROM directives WHERE id = $1',
        [seedId],
      );
      expect(row).toMatchObject({ status: 'draft', number: '451/UBND-VHTT' });
      expect(row.source_file.equals(Buffer.from(SEED, 'utf8'))).toBe(true);

      const draft = await clerk.get(`/van-ban/${seedId}`);
      expect(draft.status).toBe(200);
      expect(draft.body).toContain('Đã nhập văn bản thành bản nháp');
      // Header facts, and the letter beside them with numbered lines.
      expect(draft.body).toContain('id="fact-number">451/UBND-VHTT<');
      expect(draft.body).toContain('id="fact-issued-on">22/08/2020<');
      // The body that issued it in dondoc: the clerk's committee.
      expect(draft.body).toContain('id="fact-issuing-unit">Ủy ban nhân dân huyện An Thi<');
      expect(draft.body).toContain('Phạm Văn Huế');
      expect(draft.body).toContain('id="source-text"');
      expect(draft.body).toContain('<li id="L53">');
      // The skipped closing remark, linked to its line, and the warnings worded in Vietnamese.
      expect(draft.body).toContain('<a href="#L53">Dòng 53</a>');
      expect(draft.body).toContain('Đã bỏ qua dòng (lời kết, không phải một mục giao việc)');
      expect(draft.body).toContain(
        'Cơ quan ban hành „Ủy ban nhân dân huyện An Thi” được suy ra từ số hiệu',
      );
      expect(draft.body).not.toContain('lang="en"');
      // The target: at least 60%.
      expect(draft.body).toContain('tối thiểu 60%');
    },
    LONG,
  );

  it(
    'shows the six bodies with their matches: the communes as a group of 21',
    async () => {
      const draft = await clerk.get(`/van-ban/${seedId}`);
      const parts = await partsOf(seedId);
      expect(parts).toHaveLength(6);
      for (const part of parts) {
        expect(draft.body).toContain(`id="part-${part.id}"`);
        expect(draft.body).toContain(`class="part-assignee">${part.assignee}<`);
      }
      const first = section(draft.body, parts[0].id);
      expect(first).toContain('Nhóm đơn vị');
      expect(first).toContain('→ 21 đơn vị');
      expect(first).toContain('21 đơn vị nhận việc');
      const second = section(draft.body, parts[1].id);
      expect(second).toContain('Đã xác định đơn vị');
      expect(second).toContain('Phòng Văn hóa và Thông tin');
      // Fix forms for the clerk: a chooser of units by kind, and one of groups.
      expect(first).toContain('<optgroup label="Xã, thị trấn">');
      expect(first).toContain('name="groupIds"');
    },
    LONG,
  );

  it(
    'refuses a second import of the same letter, linking to the first',
    async () => {
      const reply = await clerk.post('/van-ban/nhap', { text: SEED }, '/van-ban/nhap');
      expect(reply.status).toBe(409);
      expect(reply.body).toContain('đã được nhập trước đó');
      expect(reply.body).toContain(`id="existing-directive" href="/van-ban/${seedId}"`);
      // The pasted text is still there to fix.
      expect(reply.body).toMatch(/Phạm Văn Huế\*\*<\/textarea>/);

      const prose = await clerk.post(
        '/van-ban/nhap',
        { text: 'Hôm nay trời đẹp.\nChúng tôi đi chơi công viên.' },
        '/van-ban/nhap',
      );
      expect(prose.status).toBe(422);
      expect(prose.body).toContain('Không nhận ra văn bản chỉ đạo');
      const [{ count }] = await query<{ count: number }>(
        t.database,
        'SELECT count(*)::int AS count FROM directives',
      );
      expect(count).toBe(1);
    },
    LONG,
  );

  it(
    'imports an uploaded .docx as a draft, keeping the file, and refuses an unreadable one',
    async () => {
      const doc = new Document({
        sections: [
          {
            children: DENGUE.split('\n').map((line) => new Paragraph(line.replace(/\*\*/g, ''))),
          },
        ],
      });
      const data = Buffer.from(await Packer.toBuffer(doc));
      const reply = await upload(
        clerk,
        '318.docx',
        data,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(reply.status).toBe(303);
      dengueId = UUID.exec(String(reply.headers.location))![1];
      const [row] = await query<{ source_file: Buffer; source_filename: string; number: string }>(
        t.database,
        'SELECT source_file, source_filename, number FROM directives WHERE id = $1',
        [dengueId],
      );
      expect(row.number).toBe('318/UBND-YT');
      expect(row.source_filename).toBe('318.docx');
      expect(row.source_file.equals(data)).toBe(true);

      const original = await clerk.get(`/van-ban/${dengueId}/ban-goc`);
      expect(original.status).toBe(200);
      expect(original.headers['content-disposition']).toContain('318.docx');

      const bad = await upload(clerk, 'cong-van.docx', PNG, 'application/octet-stream');
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('Không đọc được tệp văn bản');

      // Without the form's token the upload is refused before anything is read.
      const forged = await t.request<string>('POST', '/van-ban/nhap', {
        ...multipartBody({ name: '318.docx', data }),
        headers: {
          ...multipartBody({ name: '318.docx', data }).headers,
          cookie: clerk.cookie(),
          referer: 'http://localhost/van-ban/nhap',
        },
      });
      expect(forged.status).toBe(303);
      const flash = /dondoc_flash=([^;]+)/.exec(String(forged.headers['set-cookie']))![1];
      expect(Buffer.from(flash.split('.')[0], 'base64url').toString('utf8')).toContain(
        'Biểu mẫu đã hết hiệu lực',
      );
      const [{ count }] = await query<{ count: number }>(
        t.database,
        'SELECT count(*)::int AS count FROM directives',
      );
      expect(count).toBe(2);
    },
    LONG,
  );

  it(
    'lets the clerk fix an unmatched part with units from the directory, and remove a part',
    async () => {
      // A part naming a body the directory does not know (added through the API).
      const token = await t.login('clerk');
      const added = await t.request('POST', `/api/directives/${dengueId}/assignments`, {
        token,
        body: { assignee: 'Trạm Y tế các xã', text: 'Phun hóa chất diệt muỗi.' },
      });
      expect(added.body.resolution).toBe('unmatched');
      const partId = added.body.id as string;
      const page = await clerk.get(`/van-ban/${dengueId}`);
      const part = section(page.body, partId);
      expect(part).toContain('Chưa xác định đơn vị');
      expect(part).toContain('Gợi ý gần đúng');

      // Publishing is blocked, and the preview says why in Vietnamese.
      const preview = await clerk.get(`/van-ban/${dengueId}/ban-hanh`);
      expect(preview.status).toBe(200);
      expect(preview.body).toContain('id="publish-problems"');
      expect(preview.body).toContain(
        'Phần 5 (Trạm Y tế các xã): chưa xác định được đơn vị; hãy chọn đơn vị trong danh mục',
      );
      expect(preview.body).not.toContain('id="publish-form"');
      const blocked = await clerk.post(
        `/van-ban/${dengueId}/ban-hanh`,
        {},
        `/van-ban/${dengueId}/ban-hanh`,
      );
      expect(blocked.status).toBe(303);
      expect((await clerk.get(String(blocked.headers.location))).body).toContain(
        'Chưa thể ban hành',
      );

      // An empty choice is refused with a reason; then the communes' group is chosen.
      const empty = await clerk.post(
        `/van-ban/${dengueId}/phan-cong/${partId}/don-vi`,
        {},
        `/van-ban/${dengueId}`,
      );
      expect(empty.status).toBe(303);
      expect((await clerk.get(`/van-ban/${dengueId}`)).body).toContain(
        'Vui lòng chọn ít nhất một đơn vị hoặc một nhóm',
      );
      const [group] = await query<{ id: string }>(
        t.database,
        `SELECT id FROM unit_groups WHERE code = 'cac-xa-thi-tran'`,
      );
      const [health] = await query<{ id: string }>(
        t.database,
        `SELECT id FROM units WHERE code = 'trung-tam-y-te'`,
      );
      const fixed = await clerk.post(
        `/van-ban/${dengueId}/phan-cong/${partId}/don-vi`,
        { groupIds: group.id, unitIds: health.id },
        `/van-ban/${dengueId}`,
      );
      expect(fixed.status).toBe(303);
      expect(fixed.headers.location).toBe(`/van-ban/${dengueId}#part-${partId}`);
      const [row] = await query<{ resolution: string; resolved_by: string; unit_ids: string[] }>(
        t.database,
        'SELECT resolution, resolved_by, unit_ids FROM assignments WHERE id = $1',
        [partId],
      );
      expect(row).toMatchObject({ resolution: 'group', resolved_by: 'clerk' });
      expect(row.unit_ids).toHaveLength(22);
      expect(section((await clerk.get(`/van-ban/${dengueId}`)).body, partId)).toContain(
        '22 đơn vị nhận việc',
      );

      const removed = await clerk.post(
        `/van-ban/${dengueId}/phan-cong/${partId}/xoa`,
        {},
        `/van-ban/${dengueId}`,
      );
      expect(removed.status).toBe(303);
      expect((await partsOf(dengueId)).map((p) => p.id)).not.toContain(partId);
    },
    LONG,
  );

  it(
    'lets the clerk settle an unknown partner (phối hợp) with units, or drop one',
    async () => {
      const token = await t.login('clerk');
      const added = await t.request('POST', `/api/directives/${dengueId}/assignments`, {
        token,
        body: {
          assignee: 'Trung tâm Y tế huyện',
          text: 'Giám sát côn trùng.',
          deadline: '2021-09-30',
          coordinators: [{ name: 'Hội Không Có Thật' }, { name: 'Phòng Y tế huyện' }],
        },
      });
      expect(added.body.coordinators.map((c: { resolution: string }) => c.resolution)).toEqual([
        'unmatched',
        'matched',
      ]);
      const partId = added.body.id as string;
      const part = section((await clerk.get(`/van-ban/${dengueId}`)).body, partId);
      expect(part).toContain('Hội Không Có Thật — Chưa xác định đơn vị');
      expect(part).toContain(`id="partner-form-${partId}-0"`);

      const commune = (
        await query<{ id: string }>(t.database, `SELECT id FROM units WHERE code = 'xa-phu-ung'`)
      )[0].id;
      const chosen = await clerk.post(
        `/van-ban/${dengueId}/phan-cong/${partId}/phoi-hop`,
        { index: '0', unitIds: commune },
        `/van-ban/${dengueId}`,
      );
      expect(chosen.status).toBe(303);
      const coordinators = async () =>
        (
          await query<{
            coordinators: Array<{ name: string; resolution: string; unitIds: string[] }>;
          }>(t.database, 'SELECT coordinators FROM assignments WHERE id = $1', [partId])
        )[0].coordinators;
      const [first, second] = await coordinators();
      expect(first).toEqual({
        name: 'Hội Không Có Thật',
        resolution: 'matched',
        unitIds: [commune],
      });
      expect(second).toMatchObject({ name: 'Phòng Y tế huyện', resolution: 'matched' });

      const dropped = await clerk.post(
        `/van-ban/${dengueId}/phan-cong/${partId}/phoi-hop`,
        { index: '1', remove: 'true' },
        `/van-ban/${dengueId}`,
      );
      expect(dropped.status).toBe(303);
      expect((await coordinators()).map((c) => c.name)).toEqual(['Hội Không Có Thật']);
      const preview = await clerk.get(`/van-ban/${dengueId}/ban-hanh`);
      const previewRow = row(preview.body, partId);
      expect(previewRow).toContain('2 việc');
      expect(previewRow).toMatch(/<td class="num">1<\/td>\s*<td class="num">1<\/td>/);
    },
    LONG,
  );

  it(
    'previews what publishing creates, with the deadlines the clerk sets, then publishes 46 tasks',
    async () => {
      const blocked = await clerk.get(`/van-ban/${seedId}/ban-hanh`);
      expect(blocked.body).toContain('chưa có hạn và chưa đặt hạn chung');

      const setDefault = await clerk.post(
        `/van-ban/${seedId}/han-mac-dinh`,
        { mode: 'workingDays', workingDays: '5', date: '' },
        `/van-ban/${seedId}`,
      );
      expect(setDefault.status).toBe(303);
      const [directive] = await query<{ default_deadline: unknown }>(
        t.database,
        'SELECT default_deadline FROM directives WHERE id = $1',
        [seedId],
      );
      expect(directive.default_deadline).toEqual({ workingDays: 5 });

      const parts = await partsOf(seedId);
      const office = parts[1];
      const edited = await clerk.post(
        `/van-ban/${seedId}/phan-cong/${office.id}/han`,
        { deadline: '2026-12-10', time: '' },
        `/van-ban/${seedId}`,
      );
      expect(edited.status).toBe(303);
      expect((await partsOf(seedId))[1].deadline).toBe('2026-12-10');

      const preview = await clerk.get(`/van-ban/${seedId}/ban-hanh`);
      expect(preview.status).toBe(200);
      expect(preview.body).not.toContain('id="publish-problems"');
      expect(preview.body).toContain('Ban hành sẽ tạo 46 việc');
      expect(preview.body).toContain('id="publish-total">46<');
      expect(row(preview.body, parts[0].id)).toContain(
        'Ủy ban nhân dân các xã, thị trấn: <strong class="preview-count">21 việc</strong>',
      );
      expect(row(preview.body, parts[0].id)).toContain('04/12/2026');
      expect(row(preview.body, office.id)).toContain('1 việc');
      expect(row(preview.body, office.id)).toContain('10/12/2026');
      expect(preview.body).toContain('data-confirm="Ban hành văn bản và giao 46 việc');
      // Nothing was written by the preview.
      const none = await query<{ count: number }>(
        t.database,
        'SELECT count(*)::int AS count FROM tasks',
      );
      expect(none[0].count).toBe(0);

      const published = await clerk.post(
        `/van-ban/${seedId}/ban-hanh`,
        {},
        `/van-ban/${seedId}/ban-hanh`,
      );
      expect(published.status).toBe(303);
      expect(published.headers.location).toBe(`/van-ban/${seedId}`);
      const tasks = await query<{ count: number }>(
        t.database,
        'SELECT count(*)::int AS count FROM tasks WHERE directive_id = $1',
        [seedId],
      );
      expect(tasks[0].count).toBe(46);

      const page = await clerk.get(`/van-ban/${seedId}`);
      expect(page.body).toContain('Đã ban hành: đã giao 46 việc cho các đơn vị.');
      expect(page.body).toContain('id="directive-status">Đã ban hành<');
      expect(page.body).toContain(`href="/tuan-thu/${seedId}"`);
      expect(page.body.match(/href="\/viec\/[0-9a-f-]{36}"/g)).toHaveLength(46);
      expect(page.body).not.toContain('id="units-form-');

      // The preview of a published directive goes to its page; a second publish is refused.
      const again = await clerk.get(`/van-ban/${seedId}/ban-hanh`);
      expect(again.status).toBe(303);
      const twice = await clerk.post(`/van-ban/${seedId}/ban-hanh`, {}, `/van-ban/${seedId}`);
      expect(twice.status).toBe(303);
      expect((await clerk.get(`/van-ban/${seedId}`)).body).toContain('Văn bản đã được ban hành');
    },
    LONG,
  );

  it(
    'lists directives with search, and shows a unit only the ones that gave it a task',
    async () => {
      const list = await clerk.get('/van-ban');
      expect(list.status).toBe(200);
      expect(list.body).toContain(`href="/van-ban/${seedId}">451/UBND-VHTT<`);
      expect(list.body).toContain(`href="/van-ban/${dengueId}">318/UBND-YT<`);
      const found = await clerk.get('/van-ban?q=bluezone&status=');
      expect(found.body).toContain('451/UBND-VHTT');
      expect(found.body).not.toContain('318/UBND-YT');
      const drafts = await clerk.get('/van-ban?status=draft');
      expect(drafts.body).toContain('318/UBND-YT');
      expect(drafts.body).not.toContain('451/UBND-VHTT');

      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const theirs = await officer.get('/van-ban');
      expect(theirs.status).toBe(200);
      expect(theirs.body).toContain('451/UBND-VHTT');
      expect(theirs.body).not.toContain('318/UBND-YT');
      const hidden = await officer.get(`/van-ban/${dengueId}`);
      expect(hidden.status).toBe(404);
      const own = await officer.get(`/van-ban/${seedId}`);
      expect(own.status).toBe(200);
      expect(own.body.match(/href="\/viec\/[0-9a-f-]{36}"/g)).toHaveLength(1);
      expect(own.body).not.toContain('/tuan-thu/');
    },
    LONG,
  );

  it(
    'refuses the import and the fixes to a unit officer and a chair',
    async () => {
      const officer = await signInToPages(t, 'xa-phu-ung.officer');
      const page = await officer.get('/van-ban/nhap');
      expect(page.status).toBe(403);
      expect(page.body).toContain('Không có quyền truy cập');
      const chair = await signInToPages(t, 'chair');
      expect((await chair.get('/van-ban/nhap')).status).toBe(403);
      expect((await chair.get(`/van-ban/${dengueId}/ban-hanh`)).status).toBe(403);
      // The chair reads the draft, without the clerk's forms.
      const draft = await chair.get(`/van-ban/${dengueId}`);
      expect(draft.status).toBe(200);
      expect(draft.body).not.toContain('id="units-form-');
      const posted = await officer.post(
        `/van-ban/${dengueId}/han-mac-dinh`,
        { mode: 'none' },
        '/van-ban',
      );
      expect(posted.status).toBe(403);
      const [row] = await query<{ default_deadline: unknown }>(
        t.database,
        'SELECT default_deadline FROM directives WHERE id = $1',
        [dengueId],
      );
      expect(row.default_deadline).toBeNull();
    },
    LONG,
  );
});

/** The HTML of one part on the draft page. */
function section(html: string, assignmentId: string): string {
  const start = html.indexOf(`id="part-${assignmentId}"`);
  if (start < 0) throw new Error(`part ${assignmentId} not on the page`);
  return html.slice(start, html.indexOf('</article>', start));
}

/** The preview table's row of one part. */
function row(html: string, assignmentId: string): string {
  const start = html.indexOf(`data-assignment-id="${assignmentId}"`);
  if (start < 0) throw new Error(`part ${assignmentId} not in the preview`);
  return html.slice(start, html.indexOf('</tr>', start));
}
