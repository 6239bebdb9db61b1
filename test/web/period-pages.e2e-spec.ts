import type { Browser, Page } from 'playwright-core';
import { Clock } from '../../src/core/clock.js';
import { toVietnamDateTime } from '../../src/tasks/deadlines.js';
import { launchChromium, listen, personOn, screenshot, signIn } from '../support/browser.js';
import { multipartBody, PNG, publishLetter, VACCINATION } from '../support/directives.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';

const LONG = 90_000;
const DENGUE = '318-UBND-YT-sot-xuat-huyet.txt';

interface PeriodRow {
  number: number;
  from: string;
  to: string;
  due: string;
  status: string;
  late: boolean;
}

/**
 * Kỳ báo cáo in a real browser (Debian's Chromium) and over HTTP: the health centre's weekly
 * dengue report (Công văn 318, part 2 c) on its officer's phone — the week's periods in the
 * inbox, a report with a figure and a file, a return with its reason, a late report — and the
 * clerk fixing a part's recurrence, its start day included, on the draft, then changing it on
 * the published task. The clock is driven, never slept.
 */
describe('reporting periods on the pages', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let taskId: string;
  const clock = () => t.app.get(Clock);

  const periodsOf = (task: string) =>
    query<PeriodRow>(
      t.database,
      `SELECT number, to_char(starts_on, 'YYYY-MM-DD') AS "from", to_char(ends_on, 'YYYY-MM-DD') AS "to",
              due_at AS due, status, late
         FROM task_periods WHERE task_id = $1 ORDER BY number`,
      [task],
    );
  const shown = (rows: PeriodRow[]) =>
    rows.map(
      (p) =>
        `${p.number} ${p.from}..${p.to} ${toVietnamDateTime(new Date(p.due)).slice(0, 16)} ${p.status}`,
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    // Tuesday 24 November 2026, 09:00 in Hà Nội.
    const directiveId = await publishLetter(t, {
      file: DENGUE,
      publishedAt: new Date('2026-11-24T02:00:00Z'),
    });
    const [task] = await query<{ id: string }>(
      t.database,
      `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.directive_id = $1 AND u.code = 'trung-tam-y-te' AND t.role = 'lead'`,
      [directiveId],
    );
    taskId = task.id;
    base = await listen(t);
    browser = await launchChromium();
  }, LONG);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  it(
    'lets the officer report a period from the phone, the reviewer return and accept it, and a late one be kept',
    async () => {
      // Wednesday 25 November, 10:00: this week's period is due on Friday 27 at 15:00.
      clock().set(new Date('2026-11-25T03:00:00Z'));
      const officer = await personOn(browser, base, 'phone');
      const chair = await personOn(browser, base, 'desktop');
      try {
        const phone: Page = officer.page;
        await signIn(phone, 'trung-tam-y-te.officer');
        await phone.waitForURL('**/viec');
        const week = phone.locator('#period-list > li');
        await expect(week.count()).resolves.toBe(1);
        await expect(week.first().textContent()).resolves.toMatch(
          /318\/UBND-YT · 2 · Kỳ 1[\s\S]*27\/11\/2026 15:00[\s\S]*Chưa báo cáo \(còn hạn\)/,
        );
        await screenshot(phone, 'periods-officer-inbox');

        await week.first().locator('a').click();
        await phone.waitForURL(`**/viec/${taskId}#ky-bao-cao`);
        await expect(phone.locator('#period-current-title').textContent()).resolves.toBe('Kỳ 1');
        await expect(phone.locator('#period-span').textContent()).resolves.toBe(
          'từ 24/11/2026 đến 27/11/2026',
        );
        await expect(phone.locator('#period-due').textContent()).resolves.toBe('27/11/2026 15:00');
        await expect(phone.locator('#period-status').textContent()).resolves.toContain(
          'Chưa báo cáo (còn hạn)',
        );

        await phone.fill('#period-text', 'Tuần 48: 12 ca mắc mới, không có ổ dịch mới');
        await phone.fill('#period-indicator1', 'Số ca mắc mới');
        await phone.fill('#period-value1', '12');
        await phone.setInputFiles('#period-file', {
          name: 'bieu-do-tuan-48.png',
          mimeType: 'image/png',
          buffer: PNG,
        });
        await phone.click('#period-submit');
        await phone.getByText('Đã gửi báo cáo kỳ 1.').waitFor();
        const first = phone.locator('#period-1');
        await expect(first.textContent()).resolves.toMatch(
          /Đã gửi, chờ duyệt[\s\S]*Đúng hạn[\s\S]*Số ca mắc mới: 12/,
        );
        // Now the next week's period is the one awaited.
        await expect(phone.locator('#period-current-title').textContent()).resolves.toBe('Kỳ 2');
        await screenshot(phone, 'periods-officer-reported');
        const [download] = await Promise.all([
          phone.waitForEvent('download'),
          first.getByRole('link', { name: 'Tải về bieu-do-tuan-48.png' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('bieu-do-tuan-48.png');

        // The chair returns it with a reason.
        const desk = chair.page;
        await signIn(desk, 'chair');
        await desk.goto(`/viec/${taskId}`);
        await desk.fill('#period-reason-1', 'Thiếu số ca theo từng xã');
        await desk.getByRole('button', { name: 'Trả lại báo cáo kỳ 1' }).click();
        await desk.getByText('Đã trả lại báo cáo kỳ 1.').waitFor();

        // The officer sees the reason on the period awaited again, with the report to fix.
        await phone.reload();
        await expect(phone.locator('#period-current-title').textContent()).resolves.toBe('Kỳ 1');
        await expect(phone.locator('#period-status').textContent()).resolves.toContain(
          'Bị trả lại',
        );
        await expect(phone.locator('#period-return-reason').textContent()).resolves.toContain(
          'Thiếu số ca theo từng xã',
        );
        await expect(phone.inputValue('#period-text')).resolves.toContain('Tuần 48');
        await screenshot(phone, 'periods-officer-returned');
        await phone.fill('#period-text', 'Tuần 48: 12 ca mắc mới (Phù Ủng 5, Bắc Sơn 7)');
        await phone.click('#period-submit');
        await phone.getByText('Đã gửi báo cáo kỳ 1.').waitFor();

        await desk.reload();
        await desk.getByRole('button', { name: 'Chấp nhận báo cáo kỳ 1' }).click();
        await desk.getByText('Đã chấp nhận báo cáo kỳ 1.').waitFor();
        await expect(desk.locator('#period-1').textContent()).resolves.toContain('Đã chấp nhận');

        // Friday 4 December, 16:00: period 2 passed its 15:00 without a report. It is awaited
        // (late allowed) and listed this week; period 3 (due on 11 December) is not yet.
        clock().set(new Date('2026-12-04T09:00:00Z'));
        await phone.goto('/viec');
        await expect(week.count()).resolves.toBe(1);
        await expect(week.first().textContent()).resolves.toMatch(
          /Kỳ 2[\s\S]*04\/12\/2026 15:00[\s\S]*Quá hạn, chưa báo cáo/,
        );
        await week.first().locator('a').click();
        await expect(phone.locator('#period-late-note').textContent()).resolves.toContain(
          'nộp muộn',
        );
        await phone.fill('#period-text', 'Tuần 49: 9 ca mắc mới (gửi muộn)');
        await phone.click('#period-submit');
        await phone.getByText('Đã gửi báo cáo kỳ 2 (nộp muộn).').waitFor();
        await expect(phone.locator('#period-2 .period-timeliness').textContent()).resolves.toBe(
          'Nộp muộn',
        );
        await screenshot(phone, 'periods-officer-late');
      } finally {
        await officer.context.close();
        await chair.context.close();
      }
      expect(shown(await periodsOf(taskId)).slice(0, 3)).toEqual([
        '1 2026-11-24..2026-11-27 2026-11-27T15:00 accepted',
        '2 2026-11-28..2026-12-04 2026-12-04T15:00 submitted',
        '3 2026-12-05..2026-12-11 2026-12-11T15:00 open',
      ]);
      const [late] = await periodsOf(taskId).then((rows) => rows.filter((r) => r.number === 2));
      expect(late.late).toBe(true);
    },
    LONG,
  );

  it(
    "lets the clerk set a part's recurrence with its start on the draft, and change it on the published task",
    async () => {
      // Monday 7 December 2026, 10:00.
      clock().set(new Date('2026-12-07T03:00:00Z'));
      const clerk = await personOn(browser, base, 'desktop');
      let directiveId: string;
      try {
        const desk = clerk.page;
        await signIn(desk, 'clerk');
        await desk.goto('/van-ban/nhap');
        await desk.fill('#import-text', VACCINATION);
        await desk.click('#import-text-submit');
        await desk.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
        directiveId = /([0-9a-f-]{36})$/.exec(desk.url())![1];
        const part = desk.locator('article.part').first();
        const partId = (await part.getAttribute('data-assignment-id'))!;
        await expect(part.locator('.recurrence').count()).resolves.toBe(0);
        await part.locator(`#recurrence-${partId} summary`).click();
        await desk.selectOption(`#recurrence-${partId}-frequency`, 'weekly');
        await desk.fill(`#recurrence-${partId}-detail`, 'thứ Năm');
        await desk.fill(`#recurrence-${partId}-time`, '10:00');
        await desk.fill(`#recurrence-${partId}-from`, '2026-12-14');
        await desk.fill(`#recurrence-${partId}-until`, '2027-03-31');
        await desk.click(`#recurrence-form-${partId} button[type=submit]`);
        await desk.getByText('Đã lưu định kỳ báo cáo.').waitFor();
        await expect(desk.locator(`#part-${partId} .recurrence`).textContent()).resolves.toBe(
          'Định kỳ: Hằng tuần, thứ Năm, lúc 10:00, bắt đầu từ ngày 14/12/2026, đến hết ngày 31/03/2027',
        );
        // The form shows what is set.
        await expect(desk.inputValue(`#recurrence-${partId}-from`)).resolves.toBe('2026-12-14');
        await screenshot(desk, 'periods-clerk-draft-recurrence');

        await desk.click('#to-publish');
        desk.once('dialog', (dialog) => void dialog.accept());
        await desk.click('#publish-button');
        await desk.waitForURL(`**/van-ban/${directiveId}`);
      } finally {
        await clerk.context.close();
      }
      const [task] = await query<{ id: string }>(
        t.database,
        'SELECT id FROM tasks WHERE directive_id = $1',
        [directiveId],
      );
      // Thursdays at 10:00 from the start day (not from publication), up to the horizon.
      expect(shown(await periodsOf(task.id))).toEqual([
        '1 2026-12-14..2026-12-17 2026-12-17T10:00 open',
        '2 2026-12-18..2026-12-24 2026-12-24T10:00 open',
        '3 2026-12-25..2026-12-31 2026-12-31T10:00 open',
        '4 2027-01-01..2027-01-07 2027-01-07T10:00 open',
        '5 2027-01-08..2027-01-14 2027-01-14T10:00 open',
      ]);

      // After publication: monthly on the 25th from January, on the task page.
      const again = await personOn(browser, base, 'desktop');
      try {
        const desk = again.page;
        await signIn(desk, 'clerk');
        await desk.goto(`/viec/${task.id}`);
        await expect(desk.locator('#period-current-title').textContent()).resolves.toBe('Kỳ 1');
        await expect(desk.locator('#period-report-form').count()).resolves.toBe(0);
        await desk.locator('#recurrence-change summary').click();
        await expect(desk.inputValue('#task-recurrence-from')).resolves.toBe('2026-12-14');
        await desk.selectOption('#task-recurrence-frequency', 'monthly');
        await desk.fill('#task-recurrence-detail', 'ngày 25');
        await desk.fill('#task-recurrence-time', '');
        await desk.fill('#task-recurrence-from', '2027-01-01');
        await desk.fill('#task-recurrence-until', '');
        await desk.click('#recurrence-form button[type=submit]');
        await desk.getByText('Đã lưu định kỳ báo cáo.').waitFor();
        await expect(desk.locator('#period-current-title').textContent()).resolves.toBe('Kỳ 6');
        await expect(desk.locator('#period-span').textContent()).resolves.toBe(
          'từ 01/01/2027 đến 25/01/2027',
        );
        await expect(desk.locator('#period-1').textContent()).resolves.toContain('Đã hủy');
        await screenshot(desk, 'periods-clerk-task-recurrence');
      } finally {
        await again.context.close();
      }
      expect(shown(await periodsOf(task.id)).slice(4)).toEqual([
        '5 2027-01-08..2027-01-14 2027-01-14T10:00 cancelled',
        '6 2027-01-01..2027-01-25 2027-01-25T23:59 open',
      ]);
    },
    LONG,
  );

  it(
    'answers bad input with the form again and a Vietnamese message, never a 500, changing nothing',
    async () => {
      clock().set(new Date('2026-12-08T03:00:00Z'));
      const officer = await signInToPages(t, 'trung-tam-y-te.officer');
      const page = `/viec/${taskId}`;
      const [open] = await query<{ id: string }>(
        t.database,
        `SELECT id FROM task_periods WHERE task_id = $1 AND number = 3`,
        [taskId],
      );
      const url = `${page}/ky/${open.id}/bao-cao`;
      const refusedWith = async (fields: Record<string, string>, message: string) => {
        const reply = await officer.post(url, fields, page);
        expect([reply.status, reply.headers.location]).toEqual([303, page]);
        const shownPage = await officer.get(page);
        expect(shownPage.status).toBe(200);
        expect(shownPage.body).toContain(message);
      };
      await refusedWith({ text: '  ' }, 'Vui lòng nhập nội dung báo cáo.');
      await refusedWith(
        { text: 'Tuần 50', indicator1: 'Số ca mắc mới' },
        'Mỗi số liệu cần có cả chỉ tiêu và giá trị',
      );
      await refusedWith(
        { text: 'Tuần 50', indicator1: 'Số ca mắc mới', value1: '-3' },
        'Mỗi số liệu cần có cả chỉ tiêu và giá trị',
      );
      await refusedWith({ text: 'Tuần 50', other: 'x' }, 'Thông tin nhập chưa hợp lệ.');
      // A multipart form from another site (no token, Origin elsewhere) is refused before it is
      // read; from this site it is taken.
      const form = multipartBody(
        { name: 'a.png', data: PNG, type: 'image/png' },
        { text: 'Tuần 50: 4 ca', indicator1: 'Số ca mắc mới', value1: '4' },
      );
      const post = (origin: string) =>
        t.request('POST', url, {
          raw: form.raw,
          headers: {
            ...form.headers,
            cookie: officer.cookie(),
            origin,
            referer: `${origin}${page}`,
          },
        });
      const forged = await post('https://evil.example');
      expect(forged.status).toBe(303);
      expect((await periodsOf(taskId))[2].status).toBe('open');
      const taken = await post('http://localhost:80');
      expect([taken.status, taken.headers.location]).toEqual([303, `${page}#ky-bao-cao`]);
      expect((await periodsOf(taskId))[2].status).toBe('submitted');
      // Submitted already: said in Vietnamese.
      await refusedWith({ text: 'Lần nữa' }, 'Kỳ này đã được gửi hoặc đã đóng');

      // The officer neither reviews nor changes the recurrence: the 403 page.
      const review = await officer.post(
        `${page}/ky/${open.id}/duyet`,
        { decision: 'accept' },
        page,
      );
      expect(review.status).toBe(403);
      const change = await officer.post(
        `${page}/dinh-ky`,
        { frequency: 'none', version: '1' },
        page,
      );
      expect(change.status).toBe(403);

      // The reviewer must give a reason to return; a stale version of the task is explained.
      const chair = await signInToPages(t, 'chair');
      const noReason = await chair.post(
        `${page}/ky/${open.id}/duyet`,
        { decision: 'return', reason: ' ' },
        page,
      );
      expect(noReason.status).toBe(303);
      expect((await chair.get(page)).body).toContain('Vui lòng nhập lý do trả lại.');
      const stale = await chair.post(
        `${page}/dinh-ky`,
        { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00', version: '99' },
        page,
      );
      expect(stale.status).toBe(303);
      expect((await chair.get(page)).body).toContain('vừa được người khác cập nhật');
      const [{ version }] = await query<{ version: number }>(
        t.database,
        'SELECT version FROM tasks WHERE id = $1',
        [taskId],
      );
      const badTime = await chair.post(
        `${page}/dinh-ky`,
        { frequency: 'weekly', time: '25:00', version: String(version) },
        page,
      );
      expect(badTime.status).toBe(303);
      expect((await chair.get(page)).body).toContain('Định kỳ chưa hợp lệ');
      expect((await periodsOf(taskId))[3].status).toBe('open');

      // On the draft: an end before the start is refused in Vietnamese, the part unchanged.
      const clerk = await signInToPages(t, 'clerk');
      const imported = await clerk.post(
        '/van-ban/nhap',
        { text: VACCINATION.replace('77/UBND-YT', '78/UBND-YT') },
        '/van-ban/nhap',
      );
      const draft = String(imported.headers.location);
      const [part] = await query<{ id: string }>(
        t.database,
        `SELECT a.id FROM assignments a JOIN directives d ON d.id = a.directive_id
          WHERE d.number = '78/UBND-YT'`,
      );
      const refused = await clerk.post(
        `${draft}/phan-cong/${part.id}/dinh-ky`,
        { frequency: 'weekly', from: '2027-03-01', until: '2027-02-01' },
        draft,
      );
      expect(refused.status).toBe(303);
      expect((await clerk.get(draft)).body).toContain('Định kỳ chưa hợp lệ');
      const [unchanged] = await query<{ recurrence: unknown }>(
        t.database,
        'SELECT recurrence FROM assignments WHERE id = $1',
        [part.id],
      );
      expect(unchanged.recurrence).toBeNull();
      const cleared = await clerk.post(
        `${draft}/phan-cong/${part.id}/dinh-ky`,
        { frequency: 'none' },
        draft,
      );
      expect(cleared.status).toBe(303);
    },
    LONG,
  );
});
