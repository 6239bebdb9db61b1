import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Clock } from '../../src/core/clock.js';
import { letter, PNG } from '../support/directives.js';
import {
  launchChromium,
  listen,
  personOn,
  SCREENSHOTS,
  screenshot,
  signIn,
} from '../support/browser.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The seed letter's whole life in a real browser (Debian's Chromium): the clerk imports and
 * publishes it, a commune officer on a phone works and reports, the chair returns and then
 * accepts, and the chair's pages show it. Screenshots of each step go to test/screenshots/.
 */
describe('the seed letter in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    base = await listen(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  const statusOf = async (taskId: string) =>
    (
      await query<{ status: string }>(t.database, 'SELECT status FROM tasks WHERE id = $1', [
        taskId,
      ])
    )[0].status;

  it('goes from the letter to an accepted report', async () => {
    // The clerk pastes the letter, sets the default deadline, checks what publishing creates,
    // and publishes (the clock pinned on Friday 27/11/2026 10:00, Hanoi).
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    const clerk = await personOn(browser, base, 'desktop');
    let directiveId: string;
    try {
      const desk = clerk.page;
      await signIn(desk, 'clerk');
      await desk.goto('/van-ban/nhap');
      await desk.fill('#import-text', letter('451-UBND-VHTT-bluezone.txt'));
      await desk.click('#import-text-submit');
      await desk.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
      directiveId = /([0-9a-f-]{36})$/.exec(desk.url())![1];
      await desk.locator('#source-text').waitFor();
      await screenshot(desk, 'clerk-draft-beside-letter');
      await desk.check('#dd-mode-wd');
      await desk.fill('#dd-working-days', '5');
      await desk.click('#default-deadline-form button[type=submit]');
      await desk.locator('.flash-ok').waitFor();
      await desk.click('#to-publish');
      await expect(desk.locator('#publish-total').textContent()).resolves.toContain('46');
      await screenshot(desk, 'clerk-publish-preview');
      desk.once('dialog', (dialog) => void dialog.accept());
      await desk.click('#publish-button');
      await desk.waitForURL(`**/van-ban/${directiveId}`);
      await expect(desk.locator('#directive-status').textContent()).resolves.toContain(
        'Đã ban hành',
      );
      await screenshot(desk, 'clerk-published');
    } finally {
      await clerk.context.close();
    }
    const [{ count }] = await query<{ count: number }>(
      t.database,
      'SELECT count(*)::int AS count FROM tasks WHERE directive_id = $1',
      [directiveId],
    );
    expect(count).toBe(46);
    const [{ id: taskId }] = await query<{ id: string }>(
      t.database,
      `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = 'xa-phu-ung' AND t.directive_id = $1`,
      [directiveId],
    );
    const [{ id: otherTaskId }] = await query<{ id: string }>(
      t.database,
      `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = 'xa-bac-son' AND t.directive_id = $1`,
      [directiveId],
    );

    // A commune officer on a phone.
    const officer = await personOn(browser, base, 'phone');
    const chair = await personOn(browser, base, 'desktop');
    try {
      const phone: Page = officer.page;
      await signIn(phone, 'xa-phu-ung.officer');
      await phone.waitForURL('**/viec');
      await screenshot(phone, 'officer-inbox');
      await phone.locator(`a[href="/viec/${taskId}"]`).click();
      await phone.getByRole('button', { name: 'Tiếp nhận' }).click();
      await phone.getByText('Đã thực hiện. Đã tiếp nhận.').waitFor();
      await phone.getByRole('button', { name: 'Cập nhật tiến độ: bắt đầu thực hiện' }).click();
      await phone.getByText('Đã thực hiện. Đang thực hiện.').waitFor();
      expect(await statusOf(taskId)).toBe('in_progress');

      // A photo from the phone's camera, with a progress bar, then the figure.
      await phone.setInputFiles('#upload-file', {
        name: 'pano.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await phone.fill('#upload-caption', 'Pano tuyên truyền Bluezone tại UBND xã');
      await phone.getByRole('button', { name: 'Tải lên' }).click();
      await phone.locator('img.thumb').waitFor();
      await phone.fill('#metric-value', '4.120');
      await phone.getByRole('button', { name: 'Lưu số liệu' }).click();
      await phone.locator('.metric-value', { hasText: '4.120' }).waitFor();
      await screenshot(phone, 'officer-evidence');
      // The session runs out while the officer types a progress note: sign-in, then the note is
      // still there.
      await phone.fill('#note-text', 'Đã treo 3 pano tại chợ và trạm y tế.');
      // (The session itself ran out: both its access and its refresh cookie are gone.)
      await officer.context.clearCookies();
      expect(await officer.context.cookies()).toEqual([]);
      await phone.getByRole('button', { name: 'Lưu ghi chú' }).click();
      await phone
        .getByText('Phiên làm việc đã hết hạn')
        .waitFor()
        .catch(async (error: unknown) => {
          process.stdout.write(`DEBUG ${phone.url()} ${(await phone.content()).slice(0, 3000)}\n`);
          throw error;
        });
      await screenshot(phone, 'officer-session-expired');
      await phone.getByLabel('Tên đăng nhập').fill('xa-phu-ung.officer');
      await phone.getByLabel('Mật khẩu').fill('demo1234');
      await phone.getByRole('button', { name: 'Đăng nhập' }).click();
      await phone.waitForURL(`**/viec/${taskId}`);
      expect(await phone.inputValue('#note-text')).toBe('Đã treo 3 pano tại chợ và trạm y tế.');
      await phone.getByRole('button', { name: 'Lưu ghi chú' }).click();
      await phone.getByText('Đã lưu.').waitFor();
      expect(await phone.inputValue('#note-text')).toBe('');

      // Nothing wider than the smallest phone.
      await phone.setViewportSize({ width: 360, height: 740 });
      expect(
        await phone.evaluate<number>('document.documentElement.scrollWidth'),
      ).toBeLessThanOrEqual(360);

      await phone.fill('#report-reported', 'Đã cài đặt Bluezone cho 4.120 người.');
      await phone.getByRole('button', { name: 'Báo cáo kết quả' }).click();
      await phone.getByText('Đã thực hiện. Đã báo cáo.').waitFor();
      expect(await statusOf(taskId)).toBe('reported');

      // Editing the address to another commune's task shows the not-found page.
      const other = await phone.goto(`/viec/${otherTaskId}`);
      expect(other?.status()).toBe(404);
      await phone.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
      await screenshot(phone, 'officer-other-unit-404');

      // The chair returns it with a reason, from the review queue.
      const desk = chair.page;
      await signIn(desk, 'chair');
      await desk.goto('/duyet');
      await desk.locator(`#review-${taskId}`).waitFor();
      await screenshot(desk, 'chair-review-queue');
      await desk.fill(`#reason-${taskId}`, 'Bổ sung ảnh chụp danh sách người đã cài đặt.');
      await desk.locator(`#return-${taskId} button`).click();
      await desk.locator('.flash-ok').waitFor();
      expect(await statusOf(taskId)).toBe('returned');

      // The officer sees why, reports again; the chair accepts.
      await phone.goto(`/viec/${taskId}`);
      await phone.getByText('Bổ sung ảnh chụp danh sách người đã cài đặt.').first().waitFor();
      await phone.fill('#report-reported', 'Đã bổ sung danh sách.');
      await phone.getByRole('button', { name: 'Báo cáo kết quả' }).click();
      await phone.getByText('Đã thực hiện. Đã báo cáo.').waitFor();
      await desk.goto('/duyet');
      await desk.locator(`#accept-${taskId} button`).click();
      await desk.locator('.flash-ok').waitFor();
      expect(await statusOf(taskId)).toBe('completed');
      await desk.goto(`/viec/${taskId}`);
      await screenshot(desk, 'chair-accepted');

      // The chair's compliance page and target chart show it; an export downloads.
      await desk.goto(`/tuan-thu/${directiveId}`);
      const row = desk.locator('#compliance-table tr[data-unit="xa-phu-ung"]');
      await expect(row.textContent()).resolves.toContain('Hoàn thành');
      await desk.locator('canvas#target-chart-0').waitFor();
      await expect(
        desk
          .locator('#target-table-0 tr[data-unit="xa-phu-ung"] td[data-col=percent]')
          .textContent(),
      ).resolves.toContain('52,1%');
      // Chart.js drew the charts (a canvas that was drawn has a non-blank image).
      expect(
        await desk.evaluate<boolean>(
          "(() => { const c = document.querySelector('canvas#target-chart-0'); return !!window.Chart && !!window.Chart.getChart(c); })()",
        ),
      ).toBe(true);
      await screenshot(desk, 'chair-compliance');
      const [download] = await Promise.all([
        desk.waitForEvent('download'),
        desk.locator('#export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = await download.createReadStream().then(async (stream) => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      });
      expect(csv).toContain('Phù Ủng');

      // A chair's page is not an officer's: 403.
      const forbidden = await phone.goto('/tong-quan');
      expect(forbidden?.status()).toBe(403);
      await phone.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
      await screenshot(phone, 'officer-chair-page-403');
    } finally {
      await officer.context.close();
      await chair.context.close();
    }
  }, 120_000);
});
