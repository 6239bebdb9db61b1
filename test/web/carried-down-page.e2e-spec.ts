import type { Browser } from 'playwright-core';
import { Clock } from '../../src/core/clock.js';
import { launchChromium, listen, personOn, screenshot, signIn } from '../support/browser.js';
import {
  moveTask,
  provinceChain,
  type ProvinceChain,
  SEED_LETTER,
  taskOfUnit,
} from '../support/carried-down.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';

const LONG = 120_000;

/**
 * Triển khai in the browser (issue 16 part 3): An Thi's clerk opens the task the province gave,
 * carries it down from its page (the import form comes with the task chosen), and the province's
 * chair sees 451 under the task with its progress.
 */
describe('carrying a task down (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let chain: ProvinceChain;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    chain = await provinceChain(t);
    base = await listen(t);
    browser = await launchChromium();
  }, LONG);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  it(
    'carries the task down from its page and shows the child with its progress above',
    async () => {
      const clerk = await personOn(browser, base, 'desktop');
      const province = await personOn(browser, base, 'desktop');
      try {
        const page = clerk.page;
        await signIn(page, 'clerk');
        await page.goto(`/viec/${chain.anThiTask}`);
        await expect(page.locator('#carried-down-none').textContent()).resolves.toContain(
          'Chưa có văn bản nào triển khai',
        );
        await page.getByRole('link', { name: 'Triển khai văn bản' }).click();
        await page.waitForURL(`**/van-ban/nhap?implementsTaskId=${chain.anThiTask}`);
        await expect(page.locator('#import-task').inputValue()).resolves.toBe(chain.anThiTask);
        await expect(
          page.getByLabel('Triển khai nhiệm vụ được giao').first().isVisible(),
        ).resolves.toBe(true);
        await screenshot(page, 'carry-down-import-preset');
        await page.fill('#import-text', SEED_LETTER);
        await page.click('#import-text-submit');
        await page.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
        const id = page.url().split('/').pop()!;
        const [row] = await query<{ implements_task_id: string }>(
          t.database,
          'SELECT implements_task_id FROM directives WHERE id = $1',
          [id],
        );
        expect(row.implements_task_id).toBe(chain.anThiTask);

        // Published, and a commune's task accepted: the province sees it under An Thi's task.
        const clerkToken = await t.login('clerk');
        const published = await t.request('POST', `/api/directives/${id}/publish`, {
          token: clerkToken,
          body: { defaultDeadline: { workingDays: 5 } },
        });
        expect(published.status).toBe(200);
        const commune = await t.login('xa-hong-quang.officer');
        const communeTask = await taskOfUnit(t, id, 'xa-hong-quang');
        await moveTask(t, commune, communeTask, { status: 'received' });
        await moveTask(t, commune, communeTask, { status: 'in_progress' });
        await t.request('POST', `/api/tasks/${communeTask}/evidence`, {
          token: commune,
          body: { kind: 'note', text: 'Đã tuyên truyền' },
        });
        await moveTask(t, commune, communeTask, { status: 'reported', report: 'Xong' });
        await moveTask(t, await t.login('chair'), communeTask, { status: 'completed' });

        const desk = province.page;
        await signIn(desk, 'tinh.chair');
        await desk.goto(`/viec/${chain.anThiTask}`);
        const child = desk.locator(`#carried-down-table tr[data-directive-id="${id}"]`);
        await expect(child.textContent()).resolves.toMatch(/451\/UBND-VHTT[\s\S]*Đã ban hành/);
        await expect(child.locator('[data-field="completed"]').textContent()).resolves.toBe('1');
        await expect(
          child.locator('[data-field="completion-rate"]').textContent(),
        ).resolves.toMatch(/^100/);
        // The province oversees An Thi's letter but does not carry An Thi's task down.
        await expect(desk.locator('#carry-down').count()).resolves.toBe(0);
        await screenshot(desk, 'carry-down-province-sees-child');
        await child.getByRole('link', { name: '451/UBND-VHTT' }).click();
        await desk.waitForURL(`**/van-ban/${id}`);
      } finally {
        await clerk.context.close();
        await province.context.close();
      }
    },
    LONG,
  );
});
