import type { Browser } from 'playwright-core';
import { Clock } from '../../src/core/clock.js';
import { letter } from '../support/directives.js';
import { launchChromium, listen, personOn, screenshot, signIn } from '../support/browser.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';

/**
 * The chair's period grid (Kỳ báo cáo) in a real browser: the seed letter with a weekly report on
 * Fridays at 15:00 asked of every commune, two communes reporting, the rest silent.
 */
describe('the period grid page', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let directiveId: string;
  let leads: Array<{ task: string; code: string; name: string }>;
  const at = (iso: string) => t.app.get(Clock).set(new Date(iso));

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    const clerk = await t.login('clerk');
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter('451-UBND-VHTT-bluezone.txt'),
      headers: { 'content-type': 'text/plain' },
    });
    directiveId = imported.body.id;
    const part = imported.body.assignments[0];
    await t.request('PATCH', `/api/directives/${directiveId}/assignments/${part.id}`, {
      token: clerk,
      body: { recurrence: { frequency: 'weekly', detail: 'thứ Sáu', time: '15:00' } },
    });
    at('2026-11-23T02:00:00Z'); // Monday 23/11/2026, 09:00
    const published = await t.request('POST', `/api/directives/${directiveId}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    leads = await query(
      t.database,
      `SELECT t.id AS task, u.code, u.name FROM tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.directive_id = $1 AND t.assignment_id = $2 AND t.role = 'lead'
          AND EXISTS (SELECT 1 FROM users s WHERE s.unit_id = u.id AND s.role = 'unit_officer')
        ORDER BY u.code LIMIT 2`,
      [directiveId, part.id],
    );
    // Commune A on time both Fridays with its Bluezone count; commune B late on the first.
    for (const [i, n, when, value] of [
      [0, 0, '2026-11-27T03:00:00Z', 2000],
      [1, 0, '2026-11-28T03:00:00Z', 1000],
      [0, 1, '2026-12-04T03:00:00Z', 3000],
    ] as const) {
      at(when);
      const token = await t.login(`${leads[i].code}.officer`);
      const list = (await t.request('GET', `/api/tasks/${leads[i].task}/periods`, { token })).body;
      const reply = await t.request(
        'POST',
        `/api/tasks/${leads[i].task}/periods/${list[n].id}/report`,
        {
          token,
          body: {
            text: 'Báo cáo tuần',
            metrics: [{ indicator: 'Số người đã cài Bluezone', value }],
          },
        },
      );
      expect(reply.status).toBe(200);
    }
    at('2026-12-07T03:00:00Z'); // Monday 7/12, 10:00
    base = await listen(t);
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  it('shows the chair the grid, worst units first, in colour and words, with its range and trend', async () => {
    const { context, page } = await personOn(browser, base, 'desktop');
    try {
      await signIn(page, 'chair');
      await page.goto(`/tuan-thu/${directiveId}`);
      await page.click('#periods-link a');
      await page.waitForURL(`**/tuan-thu/${directiveId}/ky-bao-cao`);
      // The current quarter by default.
      await expect(page.inputValue('#range-from')).resolves.toBe('2026-10-01');
      await expect(page.inputValue('#range-to')).resolves.toBe('2026-12-31');
      // The legend: every cell with its symbol and its word.
      await expect(page.locator('#period-legend li').allTextContents()).resolves.toEqual([
        '✓ Đúng hạn',
        '! Muộn',
        '✗ Không báo cáo',
        '○ Đang mở',
        '· Chưa đến kỳ',
      ]);
      const rows = page.locator('#period-grid tbody tr');
      const count = await rows.count();
      expect(count).toBeGreaterThan(2);
      // A silent commune first, B before A, A last.
      const first = rows.first();
      await expect(first.locator('td[data-col="missed"]').textContent()).resolves.toBe('2');
      await expect(rows.nth(count - 2).getAttribute('data-unit')).resolves.toBe(leads[1].code);
      await expect(rows.last().getAttribute('data-unit')).resolves.toBe(leads[0].code);
      // Not colour alone: each cell has a symbol and its word for screen readers.
      const missedCell = first.locator('td[data-cell="missed"]').first();
      await expect(missedCell.innerText()).resolves.toContain('✗');
      await expect(missedCell.locator('.visually-hidden').textContent()).resolves.toBe(
        'Không báo cáo',
      );
      const b = page.locator(`#period-grid tr[data-unit="${leads[1].code}"] td[data-cell]`);
      await expect(
        b.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell'))),
      ).resolves.toEqual(['late', 'missed', 'open', 'not_due', 'not_due']);
      const colours = await page.locator('#period-legend .period-cell').evaluateAll((cells) =>
        cells.map(
          (c) =>
            (
              globalThis as unknown as {
                getComputedStyle(element: unknown): { backgroundColor: string };
              }
            ).getComputedStyle(c).backgroundColor,
        ),
      );
      expect(new Set(colours).size).toBe(5);
      // The trend of the target: the district's total per period, with an SVG line.
      await expect(page.locator('#trend-0 svg polyline').count()).resolves.toBe(1);
      await expect(
        page
          .locator('#trend-table-0 tbody tr')
          .first()
          .locator('td[data-col="value"]')
          .textContent(),
      ).resolves.toBe('3.000');
      await screenshot(page, 'chair-period-grid');

      // A narrower range through the form.
      await page.fill('#range-from', '2026-11-23');
      await page.fill('#range-to', '2026-12-06');
      await page.click('#range-form button[type=submit]');
      await page.waitForURL(/from=2026-11-23&to=2026-12-06/);
      await expect(page.locator('#period-grid thead th.period-col').count()).resolves.toBe(2);
      await expect(page.getAttribute('#periods-csv', 'href')).resolves.toBe(
        `/tuan-thu/${directiveId}/ky-bao-cao.csv?from=2026-11-23&to=2026-12-06`,
      );
      const download = page.waitForEvent('download');
      await page.click('#periods-xlsx');
      expect((await download).suggestedFilename()).toMatch(
        /^Kỳ báo cáo 451-UBND-VHTT 2026-11-23 2026-12-06\.xlsx$/,
      );
    } finally {
      await context.close();
    }
  });

  it('answers the CSV download, a bad range and another role as pages do', async () => {
    const chair = await signInToPages(t, 'chair');
    const csv = await t.request<string>(
      'GET',
      `/tuan-thu/${directiveId}/ky-bao-cao.csv?from=2026-11-23&to=2026-12-06`,
      {
        headers: { cookie: chair.cookie() },
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(
      /filename\*=UTF-8''K%E1%BB%B3%20b%C3%A1o%20c%C3%A1o/,
    );
    expect(csv.body).toContain(`${leads[1].code},`);
    const bad = await t.request<string>(
      'GET',
      `/tuan-thu/${directiveId}/ky-bao-cao?from=2026-12-31&to=2026-01-01`,
      {
        headers: { cookie: chair.cookie() },
      },
    );
    expect(bad.status).toBe(400);
    const officer = await signInToPages(t, `${leads[0].code}.officer`);
    const refused = await t.request<string>('GET', `/tuan-thu/${directiveId}/ky-bao-cao`, {
      headers: { cookie: officer.cookie() },
    });
    expect(refused.status).toBe(403);
  });
});
