import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { Clock } from '../../src/core/clock.js';
import { formatDate, formatNumber, formatPercent } from '../../src/web/format.js';
import { publishLetter } from '../support/directives.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages, type WebSession } from '../support/web-session.js';

const LONG = 60_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MISSING = '00000000-0000-4000-8000-000000000000';

interface TaskRow {
  id: string;
  code: string;
}

/** The cells of a table row marked `data-unit="<code>"` (orders row), by `data-col`. */
function rowCells(html: string, tableId: string, code: string): Record<string, string> {
  const table = new RegExp(`<table id="${tableId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const row = new RegExp(`<tr data-unit="${code}">([\\s\\S]*?)</tr>`).exec(table)?.[1];
  if (!row) throw new Error(`no row ${code} in #${tableId}`);
  return Object.fromEntries(
    [...row.matchAll(/data-col="(\w+)">([^<]*)</g)].map(([, key, value]) => [key, value.trim()]),
  );
}

/** The one-shot message a redirect carries (the flash cookie), decoded. */
function flashOf(headers: Record<string, unknown>): { kind: string; text: string } | null {
  const lines = headers['set-cookie'];
  const all = typeof lines === 'string' ? [lines] : ((lines as string[] | undefined) ?? []);
  const line = all.find((candidate) => candidate.startsWith('dondoc_flash='));
  if (!line) return null;
  // The message, then a dot and its signature.
  const value = line.split(';')[0].slice('dondoc_flash='.length).split('.')[0];
  return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as {
    kind: string;
    text: string;
  };
}

describe('chair pages: overview, compliance, exports, review (HTTP level)', () => {
  let t: TestApp;
  let directiveId: string;
  let chairToken: string;
  let chair: WebSession;
  let communes: TaskRow[];
  let phuUng: string;
  const now = new Date('2026-12-10T03:00:00Z'); // Thursday 10/12/2026, 10:00 in Hanoi
  const at = (iso: string) => t.app.get(Clock).set(new Date(iso));

  const version = async (id: string) =>
    (
      await query<{ version: number }>(t.database, 'SELECT version FROM tasks WHERE id = $1', [id])
    )[0].version;
  const statusOf = async (id: string) =>
    (await query<{ status: string }>(t.database, 'SELECT status FROM tasks WHERE id = $1', [id]))[0]
      .status;

  async function move(token: string, id: string, body: Record<string, unknown>): Promise<void> {
    const reply = await t.request('POST', `/api/tasks/${id}/status`, {
      token,
      body: { version: await version(id), ...body },
    });
    if (reply.status !== 200)
      throw new Error(`${String(body.status)}: ${JSON.stringify(reply.body)}`);
  }

  /** The unit receives, works, attaches a note (or a metric) and reports at `reportAt`. */
  async function report(
    code: string,
    id: string,
    reportAt: string,
    metric?: { value: number; asOf: string },
  ): Promise<void> {
    const token = await t.login(`${code}.officer`);
    at(reportAt);
    await move(token, id, { status: 'received' });
    await move(token, id, { status: 'in_progress' });
    const evidence = await t.request('POST', `/api/tasks/${id}/evidence`, {
      token,
      body: metric
        ? { kind: 'metric', indicator: 'Số người đã cài Bluezone', ...metric }
        : { kind: 'note', text: 'Đã tuyên truyền tới các thôn' },
    });
    expect(evidence.status).toBe(201);
    await move(token, id, { status: 'reported', report: `Báo cáo của ${code}` });
  }

  /** A urlencoded form with repeated fields (checkboxes), posted as a browser does. */
  async function postForm(session: WebSession, url: string, fields: Array<[string, string]>) {
    const csrf = await session.csrf('/duyet');
    return t.request<string>('POST', url, {
      raw: new URLSearchParams([['_csrf', csrf], ...fields]).toString(),
      headers: {
        cookie: session.cookie(),
        'content-type': 'application/x-www-form-urlencoded',
        referer: 'http://localhost/duyet',
      },
    });
  }

  const download = (session: WebSession, url: string) =>
    t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url, headers: { cookie: session.cookie() } });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    directiveId = await publishLetter(t); // due Friday 4/12/2026
    chairToken = await t.login('chair');
    const leads = await query<TaskRow>(
      t.database,
      `SELECT t.id, u.code FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.directive_id = $1 AND t.role = 'lead' AND NOT t.requested AND u.code LIKE 'xa-%'
        ORDER BY u.code`,
      [directiveId],
    );
    phuUng = leads.find((task) => task.code === 'xa-phu-ung')!.id;
    communes = leads.filter((task) => task.code !== 'xa-phu-ung');
    expect(communes.length).toBeGreaterThanOrEqual(6);

    // On time; late (reported after the deadline); received then silent (overdue).
    await report(communes[0].code, communes[0].id, '2026-12-02T03:00:00Z');
    at('2026-12-03T03:00:00Z');
    await move(chairToken, communes[0].id, { status: 'completed' });
    await report(communes[1].code, communes[1].id, '2026-12-07T03:00:00Z');
    at('2026-12-08T03:00:00Z');
    await move(chairToken, communes[1].id, { status: 'completed' });
    at('2026-12-01T03:00:00Z');
    await move(await t.login(`${communes[2].code}.officer`), communes[2].id, {
      status: 'received',
      note: 'Xã thiếu cán bộ, xin lùi hạn',
    });
    // Three reports waiting for review (oldest first: 5, 3, 4), and Phù Ủng's figure.
    await report(communes[5].code, communes[5].id, '2026-12-01T02:00:00Z');
    await report(communes[3].code, communes[3].id, '2026-12-02T02:00:00Z');
    await report(communes[4].code, communes[4].id, '2026-12-03T02:00:00Z');
    await report('xa-phu-ung', phuUng, '2026-12-03T05:00:00Z', {
      value: 4120,
      asOf: '2026-12-03',
    });
    // An escalation the worker would have fired: level 2 on the silent commune.
    await query(
      t.database,
      `INSERT INTO escalations (task_id, step, level, deadline_version, due_at, fired_at)
       VALUES ($1, 'level-2', 2, 1, '2026-12-08T03:00:00Z', '2026-12-08T03:00:00Z')`,
      [communes[2].id],
    );
    at(now.toISOString());
    chair = await signInToPages(t, 'chair');
  }, LONG);
  afterAll(() => t?.close());

  it(
    'shows the compliance table with the API’s figures, formatted in Vietnamese, and its chart',
    async () => {
      const api = await t.request('GET', `/api/compliance/directives/${directiveId}`, {
        token: chairToken,
      });
      const page = await chair.get(`/tuan-thu/${directiveId}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Tuân thủ: 451/UBND-VHTT');
      expect(page.body).toContain('src="/static/vendor/chart.umd.min.js"');
      for (const row of api.body.units.filter((unit: { requested: boolean }) => !unit.requested)) {
        expect(rowCells(page.body, 'compliance-table', row.unit.code)).toEqual({
          total: formatNumber(row.total),
          completedOnTime: formatNumber(row.completedOnTime),
          completedLate: formatNumber(row.completedLate),
          inProgressOnTime: formatNumber(row.inProgressOnTime),
          overdue: formatNumber(row.overdue),
          daysLate: row.daysOverdueMax > 0 ? formatNumber(row.daysOverdueMax) : '—',
        });
      }
      expect(rowCells(page.body, 'compliance-table', communes[0].code)).toMatchObject({
        completedOnTime: '1',
        daysLate: '—',
      });
      expect(rowCells(page.body, 'compliance-table', communes[1].code).completedLate).toBe('1');
      expect(rowCells(page.body, 'compliance-table', communes[2].code)).toMatchObject({
        overdue: '1',
        daysLate: '6',
      });
      // Totals: the rates as Vietnamese percentages (66,7% …), the deadline as dd/mm/yyyy.
      const totals = api.body.totals.orders;
      const totalsRow = /<tr data-totals="orders">([\s\S]*?)<\/tr>/.exec(page.body)![1];
      expect(totalsRow).toContain(`>${formatPercent(totals.completionRate)}<`);
      expect(totalsRow).toContain(`>${formatPercent(totals.onTimeRate)}<`);
      expect(formatPercent(totals.onTimeRate)).toMatch(/^\d+,\d%$/);
      expect(page.body).toContain(formatDate('2026-12-04'));
      // The stacked bar chart's data are the table's figures.
      const config = JSON.parse(
        /<script type="application\/json" id="units-chart-cfg">([\s\S]*?)<\/script>/.exec(
          page.body,
        )![1],
      );
      expect(page.body).toContain('<canvas id="units-chart" data-chart="units-chart-cfg"');
      expect(config.type).toBe('bar');
      expect(config.data.datasets.map((d: { label: string }) => d.label)).toEqual([
        'Hoàn thành đúng hạn',
        'Hoàn thành quá hạn',
        'Đang thực hiện trong hạn',
        'Quá hạn chưa hoàn thành',
      ]);
      expect(config.data.labels).toHaveLength(api.body.units.length);
      const index = api.body.units.findIndex(
        (row: { unit: { code: string } }) => row.unit.code === communes[2].code,
      );
      expect(config.data.datasets[3].data[index]).toBe(1);
      // Late units with their stated reason, and the escalation.
      expect(page.body).toMatch(
        new RegExp(`<tr data-unit="${communes[2].code}">[\\s\\S]*?Xã thiếu cán bộ, xin lùi hạn`),
      );
      expect(/<table id="escalations">[\s\S]*?Đôn đốc mức 2/.test(page.body)).toBe(true);
    },
    LONG,
  );

  it(
    'shows each commune’s target percentage against 60%, as a chart and a table',
    async () => {
      const page = await chair.get(`/tuan-thu/${directiveId}`);
      // 4.120 of 7.912 residents: 52,1%, below the 60% target.
      const cells = rowCells(page.body, 'target-table-0', 'xa-phu-ung');
      expect(cells.percent).toBe('52,1%');
      const row = /<tr data-unit="xa-phu-ung">[\s\S]*?<\/tr>/.exec(
        /<table id="target-table-0">[\s\S]*?<\/table>/.exec(page.body)![0],
      )![0];
      expect(row).toContain('4.120');
      expect(row).toContain('7.912');
      expect(row).toContain('Chưa đạt');
      expect(row).toContain('03/12/2026');
      expect(page.body).toContain('<canvas id="target-chart-0"');
      const config = JSON.parse(
        /<script type="application\/json" id="target-chart-cfg-0">([\s\S]*?)<\/script>/.exec(
          page.body,
        )![1],
      );
      const at = config.data.labels.indexOf('xã Phù Ủng');
      expect(config.data.datasets[0].data[at]).toBe(52.07);
      expect(config.data.datasets[1]).toMatchObject({ type: 'line', label: 'Chỉ tiêu 60%' });
      expect(new Set(config.data.datasets[1].data)).toEqual(new Set([60]));
      // The district over time: the letter's baseline (21/08/2020), then the report date.
      const history = /<table id="target-history-table-0">[\s\S]*?<\/table>/.exec(page.body)![0];
      expect(history).toContain('21/08/2020');
      expect(history).toContain('11,3%');
      expect(history).toContain('03/12/2026');
      expect(page.body).toContain('<canvas id="target-history-0"');
    },
    LONG,
  );

  it(
    'downloads the CSV, XLSX and report DOCX with Vietnamese file names, and a printable page',
    async () => {
      const csv = await download(chair, `/tuan-thu/${directiveId}/xuat.csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="Tuan-thu-451-UBND-VHTT.csv"; filename*=UTF-8''Tu%C3%A2n%20th%E1%BB%A7%20451-UBND-VHTT.csv`,
      );
      const apiCsv = await t.request(
        'GET',
        `/api/compliance/directives/${directiveId}?format=csv`,
        {
          token: chairToken,
        },
      );
      expect(csv.body).toBe(apiCsv.body);
      expect(csv.body.startsWith('\uFEFFTheo đơn vị\r\nMã đơn vị,Đơn vị,')).toBe(true);
      expect(csv.body).toContain(`${communes[2].code},`);

      const xlsx = await download(chair, `/tuan-thu/${directiveId}/xuat.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe(XLSX);
      expect(xlsx.headers['content-disposition']).toContain(
        "filename*=UTF-8''Tu%C3%A2n%20th%E1%BB%A7%20451-UBND-VHTT.xlsx",
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as never);
      const sheet = workbook.getWorksheet('Theo đơn vị')!;
      const api = await t.request('GET', `/api/compliance/directives/${directiveId}`, {
        token: chairToken,
      });
      expect(sheet.rowCount).toBe(api.body.units.length + 1);
      const codes = sheet.getColumn(1).values.slice(2);
      expect(codes).toContain(communes[2].code);

      const docx = await download(chair, `/tuan-thu/${directiveId}/bao-cao.docx`);
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toBe(DOCX);
      expect(docx.headers['content-disposition']).toBe(
        `attachment; filename="Bao-cao-451-UBND-VHTT.docx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20451-UBND-VHTT.docx`,
      );
      const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
      expect(text).toContain('451/UBND-VHTT');

      const printable = await chair.get(`/tuan-thu/${directiveId}/in`);
      expect(printable.status).toBe(200);
      expect(printable.body).toContain('Báo cáo tình hình thực hiện 451/UBND-VHTT');
      expect(printable.body).toContain('<table id="compliance-table">');
      expect(printable.body).not.toContain('<canvas');
      expect(printable.body).not.toContain('chart.umd.min.js');
      const page = await chair.get(`/tuan-thu/${directiveId}`);
      for (const href of ['xuat.csv', 'xuat.xlsx', 'bao-cao.docx', 'in']) {
        expect(page.body).toContain(`href="/tuan-thu/${directiveId}/${href}"`);
      }
    },
    LONG,
  );

  it(
    'shows the overview: directives in force, late units most days first, escalations',
    async () => {
      const api = await t.request('GET', '/api/compliance/overview', { token: chairToken });
      const page = await chair.get('/tong-quan');
      expect(page.status).toBe(200);
      const open = api.body.openDirectives[0];
      const row = new RegExp(`<tr data-directive="${directiveId}">([\\s\\S]*?)</tr>`).exec(
        page.body,
      )![1];
      expect(row).toContain(`href="/tuan-thu/${directiveId}"`);
      expect(row).toContain('Có quá hạn');
      expect(row).toContain(`>${formatNumber(open.total)}<`);
      expect(row).toContain(`>${formatNumber(open.overdue)}<`);
      expect(row).toContain(`>${formatPercent(open.onTimeRate)}<`);
      const late = /<table id="overview-late-units">([\s\S]*?)<\/table>/.exec(page.body)![1];
      const silent = await query<{ name: string }>(
        t.database,
        'SELECT name FROM units WHERE code = $1',
        [communes[2].code],
      );
      expect(late).toContain(silent[0].name);
      const days = [...late.matchAll(/<td class="num late">(\d+)<\/td>/g)].map((m) => +m[1]);
      expect(days.length).toBeGreaterThan(0);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      expect(days[0]).toBe(6);
      const escalations = /<table id="overview-escalations">([\s\S]*?)<\/table>/.exec(
        page.body,
      )![1];
      expect(escalations).toContain('Đôn đốc mức 2');
      expect(escalations).toContain('08/12/2026 10:00');
      expect(escalations).toContain(`href="/viec/${communes[2].id}"`);
    },
    LONG,
  );

  it(
    'keeps the chair’s pages from officers (403) and answers a missing directive with 404',
    async () => {
      const officer = await signInToPages(t, `${communes[2].code}.officer`);
      for (const url of [
        '/tong-quan',
        '/duyet',
        `/tuan-thu/${directiveId}`,
        `/tuan-thu/${directiveId}/xuat.csv`,
        `/tuan-thu/${directiveId}/bao-cao.docx`,
      ]) {
        const reply = await officer.get(url);
        expect(reply.status).toBe(403);
        expect(reply.body).toContain('Không có quyền truy cập');
      }
      const missing = await chair.get(`/tuan-thu/${MISSING}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('Không tìm thấy trang');
      expect((await chair.get(`/tuan-thu/${MISSING}/xuat.csv`)).status).toBe(404);
    },
    LONG,
  );

  it(
    'lists reports oldest first and reviews in bulk: accepts two, returns one with a reason',
    async () => {
      const page = await chair.get('/duyet');
      expect(page.status).toBe(200);
      const listed = [
        ...page.body.matchAll(/<li class="card review-item[^"]*" id="review-([^"]+)"/g),
      ].map((m) => m[1]);
      const waiting = [communes[5].id, communes[3].id, communes[4].id, phuUng];
      expect(listed).toEqual(waiting);
      expect(page.body).toContain('data-select-all="task"');
      expect(page.body).toContain('Báo cáo của xa-phu-ung');
      const phuUngItem = new RegExp(`id="review-${phuUng}"[\\s\\S]*?</li>`).exec(page.body)![0];
      expect(phuUngItem).toContain('1 minh chứng');
      expect(phuUngItem).toContain('Báo cáo trong hạn');
      expect(phuUngItem).toContain('4.120');
      expect(phuUngItem).toContain(`href="/viec/${phuUng}"`);

      // Accept two; a third box with an old version fails on its own, and says why.
      const [first, second, third] = [communes[5].id, communes[3].id, communes[4].id];
      const accepted = await postForm(chair, '/duyet/hang-loat', [
        ['task', `${first}:${await version(first)}`],
        ['task', `${second}:${await version(second)}`],
        ['task', `${third}:1`],
        ['status', 'completed'],
        ['reason', ''],
      ]);
      expect(accepted.status).toBe(303);
      expect(accepted.headers.location).toBe('/duyet');
      const flash = flashOf(accepted.headers);
      expect(flash?.kind).toBe('error');
      expect(flash?.text).toContain('Đã chấp nhận 2 báo cáo.');
      expect(flash?.text).toContain('1 báo cáo không thực hiện được');
      expect(flash?.text).toContain('vừa được người khác cập nhật');
      expect(await statusOf(first)).toBe('completed');
      expect(await statusOf(second)).toBe('completed');
      expect(await statusOf(third)).toBe('reported');

      // Return the third with a shared reason (one box: a single field).
      const returned = await postForm(chair, '/duyet/hang-loat', [
        ['task', `${third}:${await version(third)}`],
        ['status', 'returned'],
        ['reason', 'Thiếu ảnh minh chứng'],
      ]);
      expect(returned.status).toBe(303);
      expect(flashOf(returned.headers)).toMatchObject({
        kind: 'ok',
        text: 'Đã trả lại 1 báo cáo.',
      });
      expect(await statusOf(third)).toBe('returned');
      const [event] = await query<{ note: string; username: string }>(
        t.database,
        `SELECT e.note, u.username FROM task_events e JOIN users u ON u.id = e.actor_id
          WHERE e.task_id = $1 AND e.to_status = 'returned'`,
        [third],
      );
      expect(event).toEqual({ note: 'Thiếu ảnh minh chứng', username: 'chair' });

      // Nothing selected: a message, nothing moved.
      const none = await postForm(chair, '/duyet/hang-loat', [['status', 'completed']]);
      expect(flashOf(none.headers)?.text).toBe('Chưa chọn báo cáo nào.');

      const after = await chair.get('/duyet');
      expect(after.body).not.toContain(`id="review-${first}"`);
      expect(after.body).not.toContain(`id="review-${third}"`);
      expect(after.body).toContain(`id="review-${phuUng}"`);
    },
    LONG,
  );

  it(
    'returns one report with a reason, then accepts it once reported again',
    async () => {
      const returned = await chair.post(
        `/duyet/${phuUng}`,
        { status: 'returned', version: String(await version(phuUng)), reason: 'Số liệu chưa khớp' },
        '/duyet',
      );
      expect(returned.status).toBe(303);
      expect(flashOf(returned.headers)?.text).toBe(
        'Đã trả lại báo cáo của Ủy ban nhân dân xã Phù Ủng.',
      );
      expect(await statusOf(phuUng)).toBe('returned');

      const officer = await t.login('xa-phu-ung.officer');
      await move(officer, phuUng, { status: 'reported', report: 'Đã bổ sung số liệu' });
      const queue = await chair.get('/duyet');
      expect(queue.body).toContain('Đã bổ sung số liệu');

      const accepted = await chair.post(
        `/duyet/${phuUng}`,
        { status: 'completed', version: String(await version(phuUng)) },
        '/duyet',
      );
      expect(accepted.status).toBe(303);
      expect(await statusOf(phuUng)).toBe('completed');
      // A clerk may not review this directive (clerkMayReview is off): nothing to list.
      const clerk = await signInToPages(t, 'clerk');
      const clerkQueue = await clerk.get('/duyet');
      expect(clerkQueue.status).toBe(200);
      expect(clerkQueue.body).toContain('Không có báo cáo nào chờ duyệt.');
    },
    LONG,
  );
});
