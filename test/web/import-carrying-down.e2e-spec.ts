import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Clock } from '../../src/core/clock.js';
import { launchChromium, listen, personOn, screenshot, signIn } from '../support/browser.js';
import { PROVINCE_LETTER, rewritten, SEED_LETTER } from '../support/carried-down.js';
import { VACCINATION } from '../support/directives.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const LONG = 120_000;
const UUID_URL = /\/van-ban\/([0-9a-f-]{36})$/;

/** The seed letter numbered `number`, citing 2200 (which gave An Thi two tasks) for 2136. */
const citing2200 = (number: string) =>
  rewritten(
    rewritten(SEED_LETTER, 'Số: 451 /UBND-VHTT', `Số: ${number} /UBND-VHTT`),
    '2136/UBND-KGVX',
    '2200/UBND-KGVX',
  );

/**
 * Carrying a task down from Nhập văn bản (issue 16 part 3) in a real browser: the province's
 * 2200 gave An Thi two tasks (parts 4 and 5), so a letter citing it cannot link itself. The
 * clerk keeps "automatic", is told the letter cites a directive with several tasks for An Thi,
 * chooses one (or none) without pasting or uploading again, and the draft carries the choice.
 * A task is also chosen from the select when the letter cites nothing.
 */
describe('carrying a task down from the import page', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  /** An Thi's tasks from 2200: part 4, then part 5. */
  let part4: string;
  let part5: string;

  const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await query<T>(t.database, sql, params))[0];
  const directives = async () =>
    (await one<{ n: number }>('SELECT count(*)::int AS n FROM directives')).n;
  const linkOf = async (id: string) =>
    (
      await one<{ task: string | null }>(
        'SELECT implements_task_id AS task FROM directives WHERE id = $1',
        [id],
      )
    ).task;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    // The province publishes 2200 (2136 renumbered) with parts 4 and 5 both given to An Thi.
    const anThi = (await one<{ id: string }>("SELECT id FROM units WHERE code = 'ubnd-huyen'")).id;
    const provinceClerk = await t.login('tinh.clerk');
    const draft = await t.request('POST', '/api/directives/import', {
      token: provinceClerk,
      body: {
        text: rewritten(PROVINCE_LETTER, 'Số: 2136/UBND-KGVX', 'Số: 2200/UBND-KGVX'),
        implementsTaskId: null,
      },
    });
    expect(draft.status).toBe(201);
    for (const [i, part] of (draft.body.assignments as Array<{ id: string }>).entries()) {
      const path = `/api/directives/${draft.body.id}/assignments/${part.id}`;
      const reply =
        i === 3 || i === 4
          ? await t.request('PATCH', path, {
              token: provinceClerk,
              body: { unitIds: [anThi], coordinators: [], recurrence: null },
            })
          : await t.request('DELETE', path, { token: provinceClerk });
      expect(reply.status).toBeLessThan(300);
    }
    const published = await t.request('POST', `/api/directives/${draft.body.id}/publish`, {
      token: provinceClerk,
      body: { defaultDeadline: { workingDays: 10 } },
    });
    expect(published.status).toBe(200);
    const tasks = await query<{ id: string; label: string }>(
      t.database,
      `SELECT k.id, a.label FROM tasks k JOIN assignments a ON a.id = k.assignment_id
        WHERE k.directive_id = $1 AND k.unit_id = $2 ORDER BY a.ordinal`,
      [draft.body.id, anThi],
    );
    expect(tasks.map((task) => task.label)).toEqual(['4', '5']);
    [part4, part5] = tasks.map((task) => task.id);

    base = await listen(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  /** An Thi's clerk on Nhập văn bản, for `walk`; the context is closed after it. */
  const asClerk = async (walk: (page: Page) => Promise<void>) => {
    const clerk = await personOn(browser, base, 'desktop');
    try {
      await signIn(clerk.page, 'huyen-an-thi.clerk');
      await clerk.page.goto('/van-ban/nhap');
      await walk(clerk.page);
    } finally {
      await clerk.context.close();
    }
  };

  /** The refusal on the page: several tasks of 2200, parts 4 and 5 offered in `form`, none ticked. */
  const expectChoiceOffered = async (page: Page, form: string) => {
    const error = page.locator('#import-error');
    await expect(error.getAttribute('data-code')).resolves.toBe('implements_task_ambiguous');
    await expect(error.textContent()).resolves.toMatch(
      /viện dẫn văn bản số 2200\/UBND-KGVX[\s\S]*nhiều nhiệm vụ/,
    );
    const choices = page.locator(`${form} input[name=implementsTaskId]`);
    await expect(
      choices.evaluateAll((inputs) => inputs.map((input) => input.getAttribute('value'))),
    ).resolves.toEqual([part4, part5, 'none']);
    // Nothing is chosen for the clerk.
    await expect(
      page.locator(`${form} input[name=implementsTaskId]:checked`).count(),
    ).resolves.toBe(0);
    await expect(page.locator(`${form} label[for$="-${part5}"]`).textContent()).resolves.toMatch(
      /Mục 5 của văn bản số 2200\/UBND-KGVX/,
    );
    await expect(page.locator(`${form} label[for$="-none"]`).textContent()).resolves.toContain(
      'Không triển khai nhiệm vụ nào',
    );
  };

  it(
    'keeps the pasted letter when it cites a directive with several tasks, and links the one chosen',
    async () => {
      const text = citing2200('453');
      await asClerk(async (page) => {
        await expect(page.locator('#import-task').inputValue()).resolves.toBe('auto');
        await page.fill('#import-text', text);
        const before = await directives();
        const [refused] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('#import-text-submit'),
        ]);
        expect(refused.status()).toBe(409);
        await expectChoiceOffered(page, '#import-text-form');
        expect(await directives()).toBe(before);
        // What was pasted is still there, as pasted.
        await expect(page.inputValue('#import-text')).resolves.toBe(text.replace(/\r\n/g, '\n'));
        await screenshot(page, 'import-several-tasks-pasted');

        await page.check(`#import-text-form input[value="${part5}"]`);
        await page.click('#import-text-submit');
        await page.waitForURL(UUID_URL);
        const id = UUID_URL.exec(page.url())![1];
        await expect(page.locator('#fact-number').textContent()).resolves.toBe('453/UBND-VHTT');
        await expect(page.locator('#fact-implements').textContent()).resolves.toMatch(
          /Mục 5 của văn bản số 2200\/UBND-KGVX/,
        );
        await expect(page.locator('#fact-implements a').getAttribute('href')).resolves.toBe(
          `/viec/${part5}`,
        );
        await screenshot(page, 'import-several-tasks-linked-draft');
        expect(await linkOf(id)).toBe(part5);
      });
    },
    LONG,
  );

  it(
    'keeps the uploaded file when it cites a directive with several tasks, and imports it as uploaded',
    async () => {
      const file = Buffer.from(citing2200('455'), 'utf8');
      await asClerk(async (page) => {
        await page.setInputFiles('#import-file', {
          name: '455-UBND-VHTT.txt',
          mimeType: 'text/plain',
          buffer: file,
        });
        await expect(page.locator('#import-file-task').inputValue()).resolves.toBe('auto');
        const before = await directives();
        const [refused] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('#import-file-submit'),
        ]);
        expect(refused.status()).toBe(409);
        await expectChoiceOffered(page, '#import-held-form');
        expect(await directives()).toBe(before);
        // The file is held: the clerk is not asked for it again.
        await expect(page.locator('#held-file').textContent()).resolves.toContain(
          '455-UBND-VHTT.txt',
        );
        await screenshot(page, 'import-several-tasks-uploaded');

        const held = {
          _csrf: await page.locator('#import-held-form input[name=_csrf]').inputValue(),
          upload: await page.locator('#import-held-form input[name=upload]').inputValue(),
          implementsTaskId: part4,
        };
        await page.check(`#import-held-form input[value="${part4}"]`);
        await page.click('#import-held-submit');
        await page.waitForURL(UUID_URL);
        const id = UUID_URL.exec(page.url())![1];
        await expect(page.locator('#fact-implements').textContent()).resolves.toMatch(
          /Mục 4 của văn bản số 2200\/UBND-KGVX/,
        );
        expect(await linkOf(id)).toBe(part4);
        // The letter is kept as it arrived: the file's own bytes and name.
        await expect(
          one(
            'SELECT source_filename AS name, source_sha256 AS sha FROM directives WHERE id = $1',
            [id],
          ),
        ).resolves.toEqual({
          name: '455-UBND-VHTT.txt',
          sha: createHash('sha256').update(file).digest('hex'),
        });
        // The held upload is imported once: sent again, it is gone, and nothing is stored.
        const count = await directives();
        const again = await page.request.post('/van-ban/nhap/tep-da-tai', { form: held });
        expect(again.status()).toBe(404);
        await expect(again.text()).resolves.toContain('Tệp đã tải lên không còn được giữ');
        expect(await directives()).toBe(count);
      });
    },
    LONG,
  );

  it(
    'gives an unlinked draft when the clerk chooses none',
    async () => {
      await asClerk(async (page) => {
        // After the refusal…
        await page.fill('#import-text', citing2200('456'));
        await page.click('#import-text-submit');
        await page.locator('#import-error').waitFor();
        await page.check('#import-text-form input[value="none"]');
        await page.click('#import-text-submit');
        await page.waitForURL(UUID_URL);
        const id = UUID_URL.exec(page.url())![1];
        await expect(page.locator('#fact-implements').count()).resolves.toBe(0);
        await expect(page.locator('#warnings').textContent()).resolves.not.toContain(
          'triển khai mục',
        );
        expect(await linkOf(id)).toBeNull();

        // …or straight from the select, with no refusal at all.
        await page.goto('/van-ban/nhap');
        await page.fill('#import-text', citing2200('457'));
        await page.selectOption('#import-task', 'none');
        const [created] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('#import-text-submit'),
        ]);
        expect(created.status()).toBe(303);
        await page.waitForURL(UUID_URL);
        expect(await linkOf(UUID_URL.exec(page.url())![1])).toBeNull();
        await expect(page.locator('#fact-implements').count()).resolves.toBe(0);
      });
    },
    LONG,
  );

  it(
    'links the task chosen from the select when the letter cites nothing',
    async () => {
      await asClerk(async (page) => {
        await expect(
          page.locator(`#import-task option[value="${part4}"]`).textContent(),
        ).resolves.toContain('2200/UBND-KGVX · 4');
        await page.fill('#import-text', VACCINATION);
        await page.selectOption('#import-task', part4);
        await page.click('#import-text-submit');
        await page.waitForURL(UUID_URL);
        const id = UUID_URL.exec(page.url())![1];
        await expect(page.locator('#fact-number').textContent()).resolves.toBe('77/UBND-YT');
        await expect(page.locator('#fact-implements').textContent()).resolves.toMatch(
          /Mục 4 của văn bản số 2200\/UBND-KGVX/,
        );
        await screenshot(page, 'import-chosen-task-draft');
        expect(await linkOf(id)).toBe(part4);
      });
    },
    LONG,
  );
});
