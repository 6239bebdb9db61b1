import { multipartBody } from './support/directives.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument } from 'pdf-lib';
import { sanitizeFileName } from '../src/tasks/evidence-storage.js';
import { contentDisposition } from '../src/core/http/file-download.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

const SEED = readFileSync(
  resolve(import.meta.dirname, '../../shared/directives/451-UBND-VHTT-bluezone.txt'),
  'utf8',
);
const MAX_BYTES = 64 * 1024;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// ---- files built here, byte by byte -------------------------------------------------------------

/** A 1×1 PNG of one colour (different colours, different content). */
function png(red = 255): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, red, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
}

async function docx(text: string): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** A ZIP archive with stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xlsx = () =>
  zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
  });

/** The start of a Windows executable: MZ header pointing at a PE signature. */
function exe(): Buffer {
  const data = Buffer.alloc(512);
  data.write('MZ', 0, 'ascii');
  data.writeUInt32LE(0x80, 0x3c);
  data.write('PE\0\0', 0x80, 'ascii');
  return data;
}

/** A multipart/form-data body with text fields and at most one file. */
const form = (
  fields: Record<string, string>,
  file?: { name: string; data: Buffer; type?: string; field?: string },
) => multipartBody(file ?? null, fields);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe(sanitizeFileName.name, () => {
  it('should keep the last path segment only, whichever separator', () => {
    expect(sanitizeFileName('../../etc/passwd', 'pdf')).toBe('passwd');
    expect(sanitizeFileName('..\\..\\Windows\\báo cáo.pdf', 'pdf')).toBe('báo cáo.pdf');
    expect(sanitizeFileName('a/b\\c/d.png', 'png')).toBe('d.png');
  });

  it('should drop control and formatting characters and collapse whitespace', () => {
    expect(sanitizeFileName(' Báo\t\n  cáo\u0000\u202Efdp.exe ', 'pdf')).toBe('Báo cáofdp.exe');
  });

  it('should name a file that has no usable name after its type', () => {
    expect(sanitizeFileName('', 'png')).toBe('minh-chung.png');
    expect(sanitizeFileName(null, 'pdf')).toBe('minh-chung.pdf');
    expect(sanitizeFileName('../..', 'docx')).toBe('minh-chung.docx');
  });

  it('should cut a long name to 200 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'ả'.repeat(300)}.xlsx`, 'xlsx');
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('ả.xlsx')).toBe(true);
  });
});

describe(contentDisposition.name, () => {
  it('should give an ASCII fallback and the exact name per RFC 5987', () => {
    expect(contentDisposition('Báo cáo "số" 12 (đã ký)\'s.pdf')).toBe(
      `attachment; filename="Bao cao _so_ 12 (da ky)'s.pdf"; ` +
        `filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22s%E1%BB%91%22%2012%20%28%C4%91%C3%A3%20k%C3%BD%29%27s.pdf`,
    );
  });
});

describe('evidence (minh chứng)', () => {
  let t: TestApp;
  let dir: string;
  let clerk: string;
  let chair: string;
  let officer: string;
  let head: string;
  let stranger: string;
  let taskId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dondoc-evidence-'));
    t = await startTestApp({ env: { EVIDENCE_DIR: dir, EVIDENCE_MAX_BYTES: String(MAX_BYTES) } });
    clerk = await t.login('clerk');
    chair = await t.login('chair');
    officer = await t.login('xa-hong-quang.officer');
    head = await t.login('xa-hong-quang.head');
    stranger = await t.login('xa-da-loc.officer');
    const imported = await t.request('POST', '/api/directives/import', {
      token: clerk,
      raw: SEED,
      headers: { 'content-type': 'text/plain' },
    });
    expect(imported.status).toBe(201);
    const published = await t.request('POST', `/api/directives/${imported.body.id}/publish`, {
      token: clerk,
      body: { defaultDeadline: { workingDays: 5 } },
    });
    expect(published.status).toBe(200);
    const tasks = await t.request('GET', `/api/directives/${imported.body.id}/tasks`, {
      token: officer,
    });
    expect(tasks.body.total).toBe(1);
    taskId = tasks.body.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = async (table: string) =>
    (
      await query<{ n: number }>(
        t.database,
        `SELECT count(*)::int AS n FROM ${table} WHERE task_id = $1`,
        [taskId],
      )
    )[0].n;
  const taskRow = async () =>
    (
      await query<{ version: number; status: string; last_unit_activity_at: Date }>(
        t.database,
        'SELECT version, status, last_unit_activity_at FROM tasks WHERE id = $1',
        [taskId],
      )
    )[0];
  const setStatus = (status: string, extra = '') =>
    query(t.database, `UPDATE tasks SET status = $2 ${extra} WHERE id = $1`, [taskId, status]);
  const post = (options: Parameters<TestApp['request']>[2], id = taskId) =>
    t.request('POST', `/api/tasks/${id}/evidence`, options);
  /** Everything a refusal must leave as it was. */
  const snapshot = async () => ({
    evidence: await count('evidence'),
    events: await count('task_events'),
    version: (await taskRow()).version,
  });
  const download = async (id: string, token: string) => {
    const response = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/evidence/${id}/file`,
        headers: { authorization: `Bearer ${token}` },
      });
    return {
      status: response.statusCode,
      headers: response.headers,
      data: response.rawPayload,
      json: () => JSON.parse(response.body) as Record<string, unknown>,
    };
  };

  const ids: Record<string, string> = {};
  let documentPdf: Buffer;

  describe('adding each kind', () => {
    it('should add a note, bump the version and append history in the same change', async () => {
      // In the past, so the evidence sorts first and predates the report set below.
      const instant = new Date('2020-08-28T02:00:00Z');
      const { Clock } = await import('../src/core/clock.js');
      t.app.get(Clock).set(instant);
      try {
        const reply = await post({
          token: officer,
          body: { kind: 'note', text: '  Đã tuyên truyền trên loa phát thanh xã 3 buổi.  ' },
        });
        expect(reply.status).toBe(201);
        expect(reply.body).toMatchObject({
          taskId,
          kind: 'note',
          text: 'Đã tuyên truyền trên loa phát thanh xã 3 buổi.',
          file: null,
          withdrawnAt: null,
          version: 2,
          createdAt: instant.toISOString(),
        });
        expect(reply.body.createdBy.fullName).toEqual(expect.any(String));
        expect(reply.body).not.toHaveProperty('url');
        ids.note = reply.body.id;
        const task = await taskRow();
        expect(task.version).toBe(2);
        expect(new Date(task.last_unit_activity_at).toISOString()).toBe(instant.toISOString());
        const events = await query<{ kind: string; actor_id: string; data: unknown }>(
          t.database,
          `SELECT kind, actor_id, data FROM task_events WHERE task_id = $1 AND kind <> 'assigned'`,
          [taskId],
        );
        expect(events).toEqual([
          {
            kind: 'evidence_added',
            actor_id: expect.any(String),
            data: { evidenceId: ids.note, kind: 'note' },
          },
        ]);
      } finally {
        t.app.get(Clock).set(null);
      }
    });

    it('should add a link, checking a version sent as If-Match', async () => {
      const reply = await post({
        token: head,
        body: { kind: 'link', url: 'https://anthi.example.vn/tin-tuc/bluezone', text: 'Bài đăng' },
        headers: { 'if-match': '"2"' },
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        kind: 'link',
        url: 'https://anthi.example.vn/tin-tuc/bluezone',
        text: 'Bài đăng',
        version: 3,
      });
      ids.link = reply.body.id;
    });

    it('should add a metric with a version field', async () => {
      const reply = await post({
        token: officer,
        body: {
          kind: 'metric',
          indicator: 'Số người đã cài đặt Bluezone',
          value: 4120,
          asOf: '2020-08-28',
          version: 3,
        },
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        kind: 'metric',
        indicator: 'Số người đã cài đặt Bluezone',
        value: 4120,
        asOf: '2020-08-28',
        version: 4,
      });
      ids.metric = reply.body.id;
    });

    it('should add a document without a file (JSON) and with one (multipart)', async () => {
      const plain = await post({
        token: officer,
        body: {
          kind: 'document',
          documentType: 'Báo cáo',
          documentNumber: '12/BC-UBND',
          documentDate: '2020-08-28',
        },
      });
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({
        kind: 'document',
        documentType: 'Báo cáo',
        documentNumber: '12/BC-UBND',
        documentDate: '2020-08-28',
        file: null,
      });
      const data = await pdf('Báo cáo số 13/BC-UBND');
      documentPdf = data;
      const withFile = await post({
        token: officer,
        ...form(
          {
            kind: 'document',
            documentType: 'Kế hoạch',
            documentNumber: '13/KH-UBND',
            documentDate: '2020-08-29',
          },
          { name: 'Kế hoạch 13.pdf', data, type: 'application/pdf' },
        ),
      });
      expect(withFile.status).toBe(201);
      expect(withFile.body).toMatchObject({
        kind: 'document',
        documentNumber: '13/KH-UBND',
        file: {
          name: 'Kế hoạch 13.pdf',
          mediaType: 'application/pdf',
          size: data.length,
          sha256: sha256(data),
        },
      });
      ids.document = withFile.body.id;

      // A form sent with no file chosen: an empty part with an empty name, i.e. no file.
      const noFileChosen = await post({
        token: officer,
        ...form(
          {
            kind: 'document',
            documentType: 'Công văn',
            documentNumber: '14/UBND',
            documentDate: '2020-08-30',
          },
          { name: '', data: Buffer.alloc(0) },
        ),
      });
      expect(noFileChosen.status).toBe(201);
      expect(noFileChosen.body).toMatchObject({ documentNumber: '14/UBND', file: null });
    });

    it('should add files, typed from their content and stored under their SHA-256', async () => {
      const image = png();
      const reply = await post({
        token: officer,
        ...form(
          { text: 'Ảnh buổi tuyên truyền' },
          { name: 'anh.png', data: image, type: 'image/png' },
        ),
      });
      expect(reply.status).toBe(201);
      const hash = sha256(image);
      expect(reply.body).toMatchObject({
        kind: 'file',
        text: 'Ảnh buổi tuyên truyền',
        file: { name: 'anh.png', mediaType: 'image/png', size: image.length, sha256: hash },
      });
      ids.png = reply.body.id;
      const stored = await readFile(join(dir, hash.slice(0, 2), hash.slice(2, 4), hash));
      expect(sha256(stored)).toBe(hash);

      // The client's media type is ignored: the bytes decide.
      const word = await docx('Báo cáo kết quả');
      const docxReply = await post({
        token: officer,
        ...form({ kind: 'file' }, { name: 'bao-cao.docx', data: word, type: 'text/plain' }),
      });
      expect(docxReply.status).toBe(201);
      expect(docxReply.body.file).toMatchObject({ mediaType: DOCX_TYPE, sha256: sha256(word) });

      const sheet = xlsx();
      const xlsxReply = await post({
        token: officer,
        ...form({}, { name: 'so-lieu.xlsx', data: sheet }),
      });
      expect(xlsxReply.status).toBe(201);
      expect(xlsxReply.body.file).toMatchObject({ mediaType: XLSX_TYPE, name: 'so-lieu.xlsx' });

      const rows = await query<{ sha256: string; size_bytes: string }>(
        t.database,
        'SELECT sha256, size_bytes FROM evidence WHERE id = $1',
        [ids.png],
      );
      expect(rows).toEqual([{ sha256: hash, size_bytes: String(image.length) }]);
    });

    it('should keep identical content once on disk', async () => {
      const before = await filesUnder(dir);
      const again = await post({ token: officer, ...form({}, { name: 'lai.png', data: png() }) });
      expect(again.status).toBe(201);
      expect(again.body.file.sha256).toBe(sha256(png()));
      expect(await filesUnder(dir)).toEqual(before);
    });

    it('should list the evidence with the task version', async () => {
      const reply = await t.request('GET', `/api/tasks/${taskId}/evidence`, { token: chair });
      expect(reply.status).toBe(200);
      expect(reply.body.total).toBe(await count('evidence'));
      expect(reply.body.version).toBe((await taskRow()).version);
      expect(reply.body.items[0]).toMatchObject({ id: ids.note, kind: 'note' });
      expect(reply.body.items.map((item: { kind: string }) => item.kind)).toEqual([
        'note',
        'link',
        'metric',
        'document',
        'document',
        'document',
        'file',
        'file',
        'file',
        'file',
      ]);
    });
  });

  describe('files', () => {
    it('should refuse what the bytes say is not an accepted type, whatever the name', async () => {
      const before = await snapshot();
      const files = await filesUnder(dir);
      const cases: Array<[string, Buffer, RegExp]> = [
        ['bao-cao.pdf', exe(), /EXE/],
        ['bao-cao.docx', zip({ 'readme.txt': 'not a document' }), /ZIP/],
        ['anh.png', Buffer.from('just some text, not an image\n'), /could not be recognised/],
      ];
      for (const [name, data, message] of cases) {
        const reply = await post({ token: officer, ...form({}, { name, data }) });
        expectError(reply, 400, 'unsupported_file_type');
        expect(reply.body.message).toMatch(message);
      }
      expectError(
        await post({ token: officer, ...form({}, { name: 'rong.pdf', data: Buffer.alloc(0) }) }),
        400,
        'empty_file',
      );
      expect(await snapshot()).toEqual(before);
      // Refused uploads leave nothing behind, not even a temporary file.
      expect(await filesUnder(dir)).toEqual(files);
    });

    it('should accept a file of exactly EVIDENCE_MAX_BYTES and refuse one byte more with 413', async () => {
      const base = await pdf('padding');
      const exact = Buffer.concat([base, Buffer.alloc(MAX_BYTES - base.length, 0x20)]);
      const ok = await post({ token: officer, ...form({}, { name: 'du.pdf', data: exact }) });
      expect(ok.status).toBe(201);
      expect(ok.body.file.size).toBe(MAX_BYTES);

      const before = await snapshot();
      const files = await filesUnder(dir);
      const over = Buffer.concat([exact, Buffer.from(' ')]);
      const reply = await post({ token: officer, ...form({}, { name: 'lon.pdf', data: over }) });
      expectError(reply, 413, 'file_too_large');
      expect(reply.body.maxBytes).toBe(MAX_BYTES);
      const huge = Buffer.concat([base, Buffer.alloc(4 * MAX_BYTES, 0x20)]);
      expectError(
        await post({ token: officer, ...form({}, { name: 'rat-lon.pdf', data: huge }) }),
        413,
        'file_too_large',
      );
      expect(await snapshot()).toEqual(before);
      expect(await filesUnder(dir)).toEqual(files);
    });

    it('should sanitise the name and never let it choose the stored path', async () => {
      const data = await pdf('traversal');
      const reply = await post({ token: officer, ...form({}, { name: '../../etc/passwd', data }) });
      expect(reply.status).toBe(201);
      expect(reply.body.file.name).toBe('passwd');
      const hash = sha256(data);
      const files = await filesUnder(dir);
      expect(files).toContain(join(dir, hash.slice(0, 2), hash.slice(2, 4), hash));
      expect(files.every((file) => file.startsWith(`${dir}/`))).toBe(true);
      expect(files.some((file) => file.includes('passwd'))).toBe(false);

      const windows = await post({
        token: officer,
        ...form({}, { name: 'C:\\Users\\ubnd\\Báo   cáo\u202E\u0007 số 12.pdf', data: png(7) }),
      });
      expect(windows.body.file.name).toBe('Báo cáo số 12.pdf');

      const long = await post({
        token: officer,
        ...form({}, { name: `${'dài '.repeat(100)}.png`, data: png(9) }),
      });
      expect(Array.from(long.body.file.name as string).length).toBeLessThanOrEqual(200);
      expect(Array.from(long.body.file.name as string).length).toBeGreaterThan(190);
      expect(long.body.file.name).toMatch(/^dài dài .*\.png$/);
    });

    it('should stream a file to the task unit and the chair, with a safe disposition', async () => {
      const image = png();
      for (const token of [officer, chair, clerk]) {
        const reply = await download(ids.png, token);
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('image/png');
        expect(Number(reply.headers['content-length'])).toBe(image.length);
        expect(reply.headers['x-content-type-options']).toBe('nosniff');
        expect(reply.data.equals(image)).toBe(true);
      }
      const named = await download(ids.document, officer);
      expect(named.headers['content-disposition']).toBe(
        `attachment; filename="Ke hoach 13.pdf"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2013.pdf`,
      );
      expect(named.data.equals(documentPdf)).toBe(true);
    });

    it('should answer 404 for evidence without a file and to another unit', async () => {
      const noFile = await download(ids.note, officer);
      expect(noFile.status).toBe(404);
      expect(noFile.json().code).toBe('evidence_file_not_found');
      const foreign = await download(ids.png, stranger);
      expect(foreign.status).toBe(404);
      expect(foreign.json().code).toBe('evidence_not_found');
    });
  });

  describe('who may add', () => {
    it('should answer 404 to another unit on every evidence route and change nothing', async () => {
      const before = await snapshot();
      const files = await filesUnder(dir);
      expectError(
        await post({ token: stranger, body: { kind: 'note', text: 'x' } }),
        404,
        'task_not_found',
      );
      expectError(
        await post({ token: stranger, ...form({}, { name: 'x.png', data: png(11) }) }),
        404,
        'task_not_found',
      );
      expectError(
        await t.request('GET', `/api/tasks/${taskId}/evidence`, { token: stranger }),
        404,
        'task_not_found',
      );
      expectError(
        await t.request('DELETE', `/api/evidence/${ids.link}`, { token: stranger }),
        404,
        'evidence_not_found',
      );
      expectError(
        await t.request('DELETE', '/api/evidence/00000000-0000-4000-8000-000000000001', {
          token: officer,
        }),
        404,
        'evidence_not_found',
      );
      expectError(
        await t.request('DELETE', '/api/evidence/not-a-uuid', { token: officer }),
        400,
        'invalid_id',
      );
      expect(await snapshot()).toEqual(before);
      expect(await filesUnder(dir)).toEqual(files);
    });

    it('should let only the unit add or withdraw, not the chair', async () => {
      const before = await snapshot();
      expectError(
        await post({ token: chair, body: { kind: 'note', text: 'x' } }),
        403,
        'not_task_unit',
      );
      expectError(
        await post({ token: clerk, ...form({}, { name: 'x.png', data: png(12) }) }),
        403,
        'not_task_unit',
      );
      expectError(
        await t.request('DELETE', `/api/evidence/${ids.link}`, { token: chair }),
        403,
        'not_task_unit',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('should refuse a stale version with 409 and store nothing in the database', async () => {
      const before = await snapshot();
      const json = await post({ token: officer, body: { kind: 'note', text: 'x', version: 1 } });
      expectError(json, 409, 'stale_version');
      expect(json.body.currentVersion).toBe(before.version);
      expectError(
        await post({
          token: officer,
          ...form({}, { name: 'x.png', data: png(13) }),
          headers: { ...form({}).headers, 'if-match': '"1"' },
        }),
        409,
        'stale_version',
      );
      // A version among the form fields is checked in the transaction, after the upload.
      expectError(
        await post({ token: officer, ...form({ version: '2' }, { name: 'x.png', data: png(14) }) }),
        409,
        'stale_version',
      );
      expectError(
        await t.request('DELETE', `/api/evidence/${ids.link}`, {
          token: officer,
          headers: { 'if-match': '2' },
        }),
        409,
        'stale_version',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('should let only one of two changes made at the same version through', async () => {
      const { version } = await taskRow();
      const replies = await Promise.all(
        ['một', 'hai'].map((text) =>
          post({ token: officer, body: { kind: 'note', text, version } }),
        ),
      );
      expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409]);
      expect((await taskRow()).version).toBe(version + 1);
    });

    it('should refuse bad input with a clear 400 and change nothing', async () => {
      const before = await snapshot();
      const bad: Array<[unknown, string]> = [
        [{ kind: 'link', url: 'ftp://example.vn/x' }, 'validation_failed'],
        [{ kind: 'link', url: 'javascript:alert(1)' }, 'validation_failed'],
        [{ kind: 'link', url: 'example.vn/no-protocol' }, 'validation_failed'],
        [{ kind: 'note', text: '   ' }, 'validation_failed'],
        [{ kind: 'note', text: 'x'.repeat(20_001) }, 'validation_failed'],
        [{ kind: 'note', text: 'x', url: 'https://example.vn' }, 'validation_failed'],
        [
          { kind: 'metric', indicator: 'Số cài đặt', value: -1, asOf: '2020-08-28' },
          'validation_failed',
        ],
        [
          { kind: 'metric', indicator: 'Số cài đặt', value: '12', asOf: '2020-08-28' },
          'validation_failed',
        ],
        [{ kind: 'metric', indicator: 'Số cài đặt', value: 12 }, 'validation_failed'],
        [
          { kind: 'metric', indicator: 'Số cài đặt', value: 12, asOf: '2020-02-30' },
          'validation_failed',
        ],
        [{ kind: 'metric', indicator: '', value: 12, asOf: '2020-08-28' }, 'validation_failed'],
        [
          { kind: 'document', documentType: 'Báo cáo', documentNumber: '12/BC' },
          'validation_failed',
        ],
        [{ kind: 'photo' }, 'validation_failed'],
        [{ text: 'no kind' }, 'validation_failed'],
        [{ kind: 'note', text: 'x', version: 'two' }, 'validation_failed'],
        [{ kind: 'file' }, 'file_required'],
        [[{ kind: 'note', text: 'x' }], 'invalid_body'],
      ];
      for (const [body, code] of bad) {
        expectError(await post({ token: officer, body }), 400, code);
      }
      expectError(
        await post({ token: officer, raw: '{"kind": "note", ', headers: {} }),
        400,
        'malformed_json',
      );
      expectError(
        await post({
          token: officer,
          body: { kind: 'note', text: 'x' },
          headers: { 'if-match': 'abc' },
        }),
        400,
        'invalid_if_match',
      );
      expectError(
        await post({ token: officer, ...form({ kind: 'note', text: 'x' }) }),
        400,
        'json_only_kind',
      );
      expectError(await post({ token: officer, ...form({ kind: 'file' }) }), 400, 'file_required');
      expectError(
        await post({
          token: officer,
          ...form({}, { name: 'a.png', data: png(15), field: 'upload' }),
        }),
        400,
        'unexpected_file_field',
      );
      expectError(
        await post({
          token: officer,
          ...form({ kind: 'document', documentType: 'Báo cáo' }, { name: 'a.png', data: png(16) }),
        }),
        400,
        'validation_failed',
      );
      expectError(
        await post({
          token: officer,
          raw: Buffer.from(
            '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-',
          ),
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        }),
        400,
        'malformed_upload',
      );
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('withdrawing', () => {
    it('should withdraw, keeping the row and leaving a history entry', async () => {
      const version = (await taskRow()).version;
      const reply = await t.request('DELETE', `/api/evidence/${ids.link}`, {
        token: officer,
        headers: { 'if-match': `"${version}"` },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: ids.link, version: version + 1 });
      expect(reply.body.withdrawnAt).toEqual(expect.any(String));
      expect(reply.body.withdrawnById).toEqual(expect.any(String));
      const events = await query<{ kind: string; data: unknown }>(
        t.database,
        `SELECT kind, data FROM task_events WHERE task_id = $1 AND kind = 'evidence_withdrawn'`,
        [taskId],
      );
      expect(events).toEqual([
        { kind: 'evidence_withdrawn', data: { evidenceId: ids.link, kind: 'link' } },
      ]);
      const list = await t.request('GET', `/api/tasks/${taskId}/evidence?limit=200`, {
        token: officer,
      });
      const link = list.body.items.find((item: { id: string }) => item.id === ids.link);
      expect(link).toMatchObject({ url: 'https://anthi.example.vn/tin-tuc/bluezone' });
      expect(link.withdrawnAt).toEqual(reply.body.withdrawnAt);

      const before = await snapshot();
      expectError(
        await t.request('DELETE', `/api/evidence/${ids.link}`, { token: officer }),
        409,
        'evidence_withdrawn',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('should lock evidence once the task is reported', async () => {
      await setStatus('reported', ', reported_at = now()');
      let before = await snapshot();
      expectError(
        await t.request('DELETE', `/api/evidence/${ids.note}`, { token: officer }),
        409,
        'evidence_locked',
      );
      expectError(
        await post({ token: officer, body: { kind: 'note', text: 'muộn' } }),
        409,
        'evidence_locked',
      );
      expectError(
        await post({ token: officer, ...form({}, { name: 'muon.png', data: png(17) }) }),
        409,
        'evidence_locked',
      );
      expect(await snapshot()).toEqual(before);

      // Returned: what the report included stays; what is added since can be withdrawn.
      await setStatus('returned');
      before = await snapshot();
      expectError(
        await t.request('DELETE', `/api/evidence/${ids.note}`, { token: officer }),
        409,
        'evidence_locked',
      );
      expect(await snapshot()).toEqual(before);
      const added = await post({ token: officer, body: { kind: 'note', text: 'Bổ sung' } });
      expect(added.status).toBe(201);
      const withdrawn = await t.request('DELETE', `/api/evidence/${added.body.id}`, {
        token: head,
      });
      expect(withdrawn.status).toBe(200);

      for (const status of ['completed', 'cancelled']) {
        await setStatus(status);
        before = await snapshot();
        expectError(
          await post({ token: officer, body: { kind: 'note', text: 'x' } }),
          409,
          'task_closed',
        );
        expectError(
          await t.request('DELETE', `/api/evidence/${ids.metric}`, { token: officer }),
          409,
          'evidence_locked',
        );
        expect(await snapshot()).toEqual(before);
      }
      // The record stays readable.
      expect((await download(ids.png, chair)).status).toBe(200);
    });

    it('should treat a paused task as the status it left', async () => {
      await setStatus('paused', `, paused_from = 'in_progress', paused_at = now()`);
      const added = await post({
        token: officer,
        body: { kind: 'note', text: 'Trong khi tạm hoãn' },
      });
      expect(added.status).toBe(201);
      await setStatus('paused', `, paused_from = 'reported'`);
      const before = await snapshot();
      expectError(
        await post({ token: officer, body: { kind: 'note', text: 'x' } }),
        409,
        'evidence_locked',
      );
      expect(await snapshot()).toEqual(before);
    });
  });
});
