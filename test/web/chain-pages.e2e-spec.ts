import mammoth from 'mammoth';
import type { Browser } from 'playwright-core';
import { Clock } from '../../src/core/clock.js';
import { launchChromium, listen, personOn, screenshot, signIn } from '../support/browser.js';
import { carryDown } from '../support/chain.js';
import { letter } from '../support/directives.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const LONG = 60_000;

/**
 * The chair drills down a chain of committees in a real browser (issue 16, part 4): the
 * province's directive P to An Thi, carried down by Công văn 451 to the communes, whose town
 * carries its task down to two villages. From P's compliance page to 451's, then to the town's;
 * the report and urging letter naming the units late at any depth.
 */
describe('the chain on the compliance pages', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let p: string;
  let d451: string;
  let c: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    const admin = await t.login('admin');
    const units = new Map(
      (await query<{ id: string; code: string }>(t.database, 'SELECT id, code FROM units')).map(
        (row) => [row.code, row.id],
      ),
    );
    const unit = async (body: object) => {
      const reply = await t.request('POST', '/api/units', { token: admin, body });
      if (reply.status !== 201) throw new Error(`unit: ${JSON.stringify(reply.body)}`);
      return reply.body.id as string;
    };
    // The demo's province, with An Thi under it.
    const province = units.get('tinh')!;
    const anThi = units.get('ubnd-huyen')!;
    const town = units.get('tt-an-thi')!;
    const villages = [
      await unit({ code: 'thon-1', name: 'Thôn Một', kind: 'other', parentId: town }),
      await unit({ code: 'thon-2', name: 'Thôn Hai', kind: 'other', parentId: town }),
    ];
    let pTasks: Map<string, string>;
    ({ directiveId: p, tasks: pTasks } = await carryDown(t, {
      taskId: null,
      bodyId: province,
      number: '2136/UBND-KGVX',
      unitIds: [anThi],
      dueAt: new Date('2026-12-04T10:00:00Z'),
    }));
    const clerk = await t.login('clerk');
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: letter('451-UBND-VHTT-bluezone.txt'),
      headers: { 'content-type': 'text/plain' },
    });
    d451 = imported.body.id;
    await query(
      t.database,
      `UPDATE directives SET implements_task_id = $1,
              implements_directive_id = (SELECT directive_id FROM tasks WHERE id = $1)
        WHERE id = $2`,
      [pTasks.get(anThi), d451],
    );
    t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
    const published = await t.request('POST', `/api/directives/${d451}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    const [townTask] = await query<{ id: string }>(
      t.database,
      'SELECT id FROM tasks WHERE directive_id = $1 AND unit_id = $2 LIMIT 1',
      [d451, town],
    );
    ({ directiveId: c } = await carryDown(t, {
      taskId: townTask.id,
      bodyId: town,
      number: '12/UBND-TT',
      unitIds: villages,
      dueAt: new Date('2026-12-03T10:00:00Z'),
    }));
    // Past every deadline: every task open is overdue.
    t.app.get(Clock).set(new Date('2026-12-10T03:00:00Z'));
    base = await listen(t);
    browser = await launchChromium();
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'drills down from the province’s page to the district’s and the town’s',
    async () => {
      const { context, page } = await personOn(browser, base, 'desktop');
      await signIn(page, 'admin');
      await page.goto(`/tuan-thu/${p}`);
      const rows = page.locator('#chain-table tbody tr');
      await expect(rows.count()).resolves.toBe(2);
      const first = page.locator(`#chain-table tr[data-chain-directive="${d451}"]`);
      await expect(first.getAttribute('data-depth')).resolves.toBe('1');
      await expect(first.textContent()).resolves.toContain('Ủy ban nhân dân huyện An Thi');
      const second = page.locator(`#chain-table tr[data-chain-directive="${c}"]`);
      await expect(second.getAttribute('data-depth')).resolves.toBe('2');
      // The level is said in words, not by indentation alone.
      await expect(second.textContent()).resolves.toContain('Cấp 2 dưới văn bản này');
      // Two villages, both overdue: the town's directive counts 2 overdue of 2.
      await expect(second.locator('td').nth(7).textContent()).resolves.toBe('2');
      await screenshot(page, 'chain-province');

      await first.getByRole('link').click();
      await page.waitForURL(`**/tuan-thu/${d451}`);
      const below = page.locator(`#chain-table tr[data-chain-directive="${c}"]`);
      await expect(below.getAttribute('data-depth')).resolves.toBe('1');
      await below.getByRole('link').click();
      await page.waitForURL(`**/tuan-thu/${c}`);
      await expect(page.locator('#chain').textContent()).resolves.toContain(
        'Chưa có đơn vị nào triển khai',
      );
      await context.close();
    },
    LONG,
  );

  it(
    'names the units late at any depth in the report and the urging letter when asked',
    async () => {
      const admin = await t.login('admin');
      const text = async (url: string) => {
        const reply = await t.app
          .getHttpAdapter()
          .getInstance()
          .inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin}` } });
        expect(reply.statusCode).toBe(200);
        return (await mammoth.extractRawText({ buffer: reply.rawPayload })).value;
      };
      const plain = await text(`/api/directives/${p}/urging-letter.docx`);
      expect(plain).not.toContain('Thôn Một');
      const deep = await text(`/api/directives/${p}/urging-letter.docx?depth=all`);
      expect(deep).toContain('Thôn Một (Văn bản số 12/UBND-TT)');
      expect(deep).toContain('Thôn Hai (Văn bản số 12/UBND-TT)');
      const report = await text(`/api/directives/${p}/report.docx?depth=all`);
      expect(report).toContain('Thôn Một');
      const bad = await t.request('GET', `/api/directives/${p}/report.docx?depth=3`, {
        token: admin,
      });
      expect(bad.status).toBe(400);
    },
    LONG,
  );
});
