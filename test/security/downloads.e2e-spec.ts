import { letter, multipartBody, PNG, publishLetter } from '../support/directives.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages } from '../support/web-session.js';
import { windows1258 } from '../support/windows-1258.js';

const SLOW = 60_000;

/**
 * What every stored file is served with, whatever its uploader claimed: an attachment (never
 * rendered in the site's origin), the type its bytes show, no sniffing, and a sandbox should a
 * browser render it anyway.
 */
function expectSafeDownload(headers: Record<string, unknown>, type: string, name: RegExp) {
  expect(headers['content-type']).toBe(type);
  expect(headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]*"; /);
  expect(headers['content-disposition']).toMatch(name);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-security-policy']).toBe('sandbox');
}

describe('downloads of stored files', () => {
  let t: TestApp;
  let clerk: string;

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.login('clerk');
  }, SLOW);
  afterAll(() => t?.close(), SLOW);

  const importFile = async (name: string, data: Buffer, type: string) => {
    const reply = await t.request('POST', '/api/directives/import', {
      token: clerk,
      ...multipartBody({ name, data, type }),
    });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };

  it(
    "should serve a letter uploaded as text/html as a text attachment, not the uploader's type",
    async () => {
      const text = Buffer.from(letter('318-UBND-YT-sot-xuat-huyet.txt'), 'utf8');
      const id = await importFile('Công văn 451.html', text, 'text/html');
      const api = await t.request<string>('GET', `/api/directives/${id}/source`, { token: clerk });
      expect(api.status).toBe(200);
      expect(api.body).toBe(text.toString('utf8'));
      // The name keeps the Vietnamese (RFC 5987) and gains the extension its bytes deserve, so
      // a saved copy does not open as a web page either.
      expectSafeDownload(
        api.headers,
        'text/plain; charset=utf-8',
        /filename\*=UTF-8''C%C3%B4ng%20v%C4%83n%20451\.html\.txt$/,
      );
      const page = await (await signInToPages(t, 'clerk')).get(`/van-ban/${id}/ban-goc`);
      expect(page.status).toBe(200);
      expectSafeDownload(page.headers, 'text/plain; charset=utf-8', /451\.html\.txt$/);
    },
    SLOW,
  );

  it(
    'should name the charset a Windows-1258 letter is in, and serve pasted text the same way',
    async () => {
      const legacy = windows1258(letter('2136-UBND-KGVX-bluezone-tinh.txt'));
      const id = await importFile('cv.txt', legacy, 'text/plain');
      const reply = await t.request('GET', `/api/directives/${id}/source`, { token: clerk });
      expectSafeDownload(reply.headers, 'text/plain; charset=windows-1258', /cv\.txt$/);

      const pasted = await t.request('POST', '/api/directives/import', {
        token: clerk,
        // Another number than the sample's, which a later test publishes.
        raw: letter('451-UBND-VHTT-bluezone.txt').replace('Số: 451', 'Số: 452'),
        headers: { 'content-type': 'text/plain' },
      });
      expect(pasted.status).toBe(201);
      const source = await t.request('GET', `/api/directives/${pasted.body.id}/source`, {
        token: clerk,
      });
      expectSafeDownload(source.headers, 'text/plain; charset=utf-8', /\.txt$/);
    },
    SLOW,
  );

  it(
    'should serve evidence files the same way',
    async () => {
      await publishLetter(t);
      const officer = await t.login('xa-phu-ung.officer');
      const tasks = await t.request('GET', '/api/me/tasks', { token: officer });
      const taskId = tasks.body.items[0].id as string;
      const added = await t.request('POST', `/api/tasks/${taskId}/evidence`, {
        token: officer,
        ...multipartBody({ name: 'ảnh.html', data: PNG, type: 'text/html' }),
      });
      expect(added.status).toBe(201);
      const file = await t.request('GET', `/api/evidence/${added.body.id}/file`, {
        token: officer,
      });
      expect(file.status).toBe(200);
      expectSafeDownload(file.headers, 'image/png', /filename\*=UTF-8''%E1%BA%A3nh\.html\.png$/);
    },
    SLOW,
  );
});
