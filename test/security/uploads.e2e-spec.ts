import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { multipartBody, publishLetter } from '../support/directives.js';
import { expectError } from '../support/expect-error.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { query } from '../support/test-database.js';

/**
 * Hostile uploads against the real API: a 1 GB body is cut off at the stream without being held
 * in memory, types come from the bytes, names never choose where a file goes, and zip bombs and
 * polyglots are refused — for evidence and for directive import alike — in bounded time and
 * memory, leaving nothing behind.
 */

const MB = 1024 * 1024;
const GB = 1024 * MB;

// ---- files built here ---------------------------------------------------------------------------

function png(): Buffer {
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
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 9, 9, 9]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG header and end marker around filler: enough for the magic-number check. */
function jpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
    Buffer.alloc(64, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
}

async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont('Helvetica');
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 800 - i * 16, size: 11, font }));
  return Buffer.from(await doc.save());
}

async function docx(text = 'UY BAN NHAN DAN HUYEN AN THI'): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** A small zip (no markup in it) to glue onto other formats. */
async function smallZip(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('payload.js', 'fetch("/api/me").then((r) => r.text()).then(console.log);');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A real .docx with an extra entry of `bytes` zeros: tiny on the wire, huge inflated. */
async function docxWithZeros(bytes: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await docx());
  zip.file('word/media/image1.bin', Buffer.alloc(bytes));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * A .docx whose directory lies: the zeros entry says it holds 1 KiB (so ratio and total checks
 * pass) but inflates to `bytes`. Readers that trust the directory allocate by it and get more.
 */
async function lyingDocx(bytes: number): Promise<Buffer> {
  const data = await docxWithZeros(bytes);
  const name = Buffer.from('word/media/image1.bin');
  // Patch the declared size in both the local header and the central directory entry.
  for (let at = data.indexOf(name); at >= 0; at = data.indexOf(name, at + 1)) {
    if (data.readUInt32LE(at - 30) === 0x04034b50) data.writeUInt32LE(1024, at - 30 + 22);
    if (data.readUInt32LE(at - 46) === 0x02014b50) data.writeUInt32LE(1024, at - 46 + 24);
  }
  return data;
}

/**
 * The non-recursive bomb (Fifield 2019): one deflated block of zeros, and many directory entries
 * all pointing at it. Each entry alone is modest; together they expand `count` times over.
 */
function overlappingZip(count: number, entryBytes: number): Buffer {
  const compressed = deflateRawSync(Buffer.alloc(entryBytes));
  const crc = crc32(Buffer.alloc(entryBytes));
  const local = Buffer.alloc(30);
  const firstName = Buffer.from('[Content_Types].xml');
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed.byteLength, 18);
  local.writeUInt32LE(entryBytes, 22);
  local.writeUInt16LE(firstName.byteLength, 26);
  const body = Buffer.concat([local, firstName, compressed]);
  const entries: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const name = i === 0 ? firstName : Buffer.from(`word/part${i}.xml`);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.byteLength, 20);
    central.writeUInt32LE(entryBytes, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(0, 42); // every entry at offset 0
    entries.push(central, name);
  }
  const directory = Buffer.concat(entries);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(body.byteLength, 16);
  return Buffer.concat([body, directory, end]);
}

// ---- helpers ------------------------------------------------------------------------------------

/** Samples this process's RSS (the API runs in it) while `work` runs; returns the peak growth. */
async function rssGrowthDuring<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

interface StreamedReply {
  status: number;
  body: string;
  bytesSent: number;
  elapsedMs: number;
}

/**
 * POSTs a body of `total` bytes over a real socket, generated chunk by chunk (never in memory),
 * and stops sending as soon as the server answers.
 */
function streamUpload(
  port: number,
  path: string,
  headers: Record<string, string>,
  prefix: Buffer,
  total: number,
): Promise<StreamedReply> {
  const started = Date.now();
  const filler = Buffer.alloc(256 * 1024, 0x41);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { ...headers, 'transfer-encoding': 'chunked', connection: 'close' },
        agent: false,
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            bytesSent: sent,
            elapsedMs: Date.now() - started,
          });
          request.destroy();
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server may hang up right after refusing, and our next write then fails before its
      // answer is read: that is a cut-off too. Give the answer a moment to arrive first.
      setTimeout(() => {
        if (answered) return;
        if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
          answered = true;
          resolve({
            status: 0,
            body: error.code,
            bytesSent: sent,
            elapsedMs: Date.now() - started,
          });
        } else reject(error);
      }, 500);
    });
    const pump = () => {
      while (!answered && sent < total) {
        const chunk =
          sent === 0 ? prefix : filler.subarray(0, Math.min(filler.byteLength, total - sent));
        sent += chunk.byteLength;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      if (!answered) request.end();
    };
    pump();
  });
}

/** Prints what a 1 GB upload cost, for the record. */
function report(what: string, result: StreamedReply, growth: number): void {
  process.stdout.write(
    `1 GB ${what} upload: ${result.status || result.body} after ${(result.bytesSent / MB).toFixed(1)} MB sent, ` +
      `${result.elapsedMs} ms, RSS +${(growth / MB).toFixed(1)} MB\n`,
  );
}

/** Refused with 413 and the code — or the connection closed under the client after refusing. */
function expectCutOff(result: StreamedReply, code?: string): void {
  if (result.status === 0) {
    expect(['EPIPE', 'ECONNRESET']).toContain(result.body);
    return;
  }
  expect(result.status).toBe(413);
  expect(JSON.parse(result.body)).toMatchObject({ statusCode: 413, ...(code ? { code } : {}) });
}

describe('hostile uploads', () => {
  let t: TestApp;
  let port: number;
  let officer: string;
  let clerk: string;
  let taskId: string;

  const counts = async () =>
    (
      await query(
        t.database,
        `SELECT (SELECT count(*) FROM evidence)::int AS evidence,
                (SELECT count(*) FROM directives)::int AS directives,
                (SELECT count(*) FROM task_events)::int AS events`,
      )
    )[0];
  /** Every file under EVIDENCE_DIR, temporary uploads included. */
  const storedFiles = async () =>
    (await readdir(t.env.EVIDENCE_DIR, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));

  const uploadEvidence = (name: string, data: Buffer, type = 'application/octet-stream') =>
    t.request('POST', `/api/tasks/${taskId}/evidence`, {
      token: officer,
      ...multipartBody({ name, data, type }, { kind: 'file' }),
    });
  const importDirective = (name: string, data: Buffer, type = 'application/octet-stream') =>
    t.request('POST', '/api/directives/import', {
      token: clerk,
      ...multipartBody({ name, data, type }),
    });

  beforeAll(async () => {
    t = await startTestApp({ env: { EVIDENCE_MAX_BYTES: String(2 * MB) } });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    await publishLetter(t);
    officer = await t.login('xa-hong-quang.officer');
    clerk = await t.login('clerk');
    taskId = (await t.request('GET', '/api/me/tasks', { token: officer })).body.items[0].id;
  }, 60_000);
  afterAll(async () => {
    // The refused uploads' sockets may still be half-open on the server side.
    (t?.app.getHttpServer() as import('node:http').Server | undefined)?.closeAllConnections();
    await t?.close();
  }, 30_000);

  describe('size at the stream', () => {
    const boundary = '----dondoc-hostile';
    const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const filePart = (name: string, magic: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
            'Content-Type: application/pdf\r\n\r\n',
        ),
        magic,
      ]);

    it('should cut a 1 GB evidence upload off with 413 quickly, without buffering it', async () => {
      const before = await counts();
      const { result, growth } = await rssGrowthDuring(() =>
        streamUpload(
          port,
          `/api/tasks/${taskId}/evidence`,
          { ...multipartHeaders, authorization: `Bearer ${officer}` },
          filePart('huge.pdf', Buffer.from('%PDF-1.7\n')),
          GB,
        ),
      );
      expectCutOff(result, 'file_too_large');
      report('evidence', result, growth);
      // Refused one byte past the 2 MB limit: the client had sent a sliver of the gigabyte.
      expect(result.bytesSent).toBeLessThan(64 * MB);
      expect(result.elapsedMs).toBeLessThan(20_000);
      expect(growth).toBeLessThan(128 * MB);
      expect(await counts()).toEqual(before);
      expect(await storedFiles()).toEqual([]);
    }, 60_000);

    it('should cut a 1 GB directive file off with 413 at the 10 MB import limit', async () => {
      const before = await counts();
      const { result, growth } = await rssGrowthDuring(() =>
        streamUpload(
          port,
          '/api/directives/import',
          { ...multipartHeaders, authorization: `Bearer ${clerk}` },
          filePart('cong-van.pdf', Buffer.from('%PDF-1.7\n')),
          GB,
        ),
      );
      expectCutOff(result, 'document_too_large');
      report('directive', result, growth);
      expect(result.bytesSent).toBeLessThan(128 * MB);
      expect(result.elapsedMs).toBeLessThan(20_000);
      expect(growth).toBeLessThan(160 * MB);
      expect(await counts()).toEqual(before);
    }, 60_000);

    it('should cut a 1 GB JSON body off with 413 at the 1 MB body limit', async () => {
      const before = await counts();
      const { result, growth } = await rssGrowthDuring(() =>
        streamUpload(
          port,
          `/api/tasks/${taskId}/evidence`,
          { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
          Buffer.from('{"kind":"note","text":"'),
          GB,
        ),
      );
      expectCutOff(result, 'payload_too_large');
      report('json', result, growth);
      expect(result.bytesSent).toBeLessThan(64 * MB);
      expect(growth).toBeLessThan(128 * MB);
      expect(await counts()).toEqual(before);
    }, 60_000);
  });

  describe('types and names', () => {
    it('should refuse what the bytes say is not an accepted type, whatever the name', async () => {
      const before = await counts();
      const cases: Array<[string, Buffer]> = [
        [
          'bao-cao.pdf',
          Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
        ],
        ['anh.png', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])],
        [
          'anh.png',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
        ],
        ['bang.xlsx', await smallZip()],
      ];
      for (const [name, data] of cases) {
        expectError(
          await uploadEvidence(name, data, 'application/pdf'),
          400,
          'unsupported_file_type',
        );
      }
      expect(await counts()).toEqual(before);
      expect(await storedFiles()).toEqual([]);
    }, 30_000);

    it('should store under the content hash, never under a name the client chose', async () => {
      const hostileNames = [
        '../../../../tmp/dondoc-owned.png',
        '..\\..\\windows\\system32\\anh.png',
        '/etc/passwd.png',
        '%2e%2e%2fencoded.png',
        '\u202egnp.exe',
      ];
      const data = png();
      for (const name of hostileNames) {
        const reply = await uploadEvidence(name, data, 'image/png');
        expect(reply.status).toBe(201);
        expect(reply.body.file.name).not.toMatch(/[/\\]|\u202e/);
        expect(reply.body).not.toHaveProperty('storagePath');
      }
      const files = await storedFiles();
      // One copy of the content, at <dir>/<sha[0:2]>/<sha[2:4]>/<sha>, nothing else anywhere.
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      expect(files[0].startsWith(t.env.EVIDENCE_DIR)).toBe(true);
      await expect(readdir('/tmp')).resolves.not.toContain('dondoc-owned.png');
      const names = await query<{ file_name: string }>(
        t.database,
        'SELECT file_name FROM evidence WHERE file_name IS NOT NULL ORDER BY created_at',
      );
      expect(names.map((row) => row.file_name).slice(0, 3)).toEqual([
        'dondoc-owned.png',
        'anh.png',
        'passwd.png',
      ]);
      for (const { file_name } of names) expect(file_name).not.toMatch(/[/\\\u202e]|^\.\./);
    }, 30_000);
  });

  describe('zip bombs', () => {
    const bombs: Array<[string, () => Promise<Buffer>, string]> = [
      [
        'a .docx with 50 MB of zeros in one entry',
        () => docxWithZeros(50 * MB),
        'compression_ratio',
      ],
      [
        'a .docx whose directory lies about 64 MB of zeros',
        () => lyingDocx(64 * MB),
        'size_mismatch',
      ],
      [
        'overlapping entries (400 × 512 KiB from one block)',
        () => Promise.resolve(overlappingZip(400, 512 * 1024)),
        'overlapping_entries',
      ],
    ];

    it.each(bombs)(
      'should refuse %s as evidence, fast and in bounded memory',
      async (_, make, problem) => {
        const data = await make();
        expect(data.byteLength).toBeLessThan(2 * MB);
        const before = await counts();
        const started = Date.now();
        const { result, growth } = await rssGrowthDuring(() =>
          uploadEvidence('bao-cao.docx', data),
        );
        expectError(result, 400, 'unsafe_archive');
        expect(result.body.problem).toBe(problem);
        // A hang guard (a loaded 2-core machine is slow); the work is bounded by the checks.
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(growth).toBeLessThan(96 * MB);
        expect(await counts()).toEqual(before);
        expect((await storedFiles()).filter((file) => file.includes('.upload-'))).toEqual([]);
      },
      60_000,
    );

    it.each(bombs)(
      'should refuse %s as a directive, before mammoth opens it',
      async (_, make) => {
        const data = await make();
        const before = await counts();
        const started = Date.now();
        const { result, growth } = await rssGrowthDuring(() =>
          importDirective('cong-van.docx', data),
        );
        expectError(result, 400, 'unreadable_document');
        expect(['unsafe_archive', 'damaged']).toContain(result.body.reason);
        // A hang guard (a loaded 2-core machine is slow); the work is bounded by the checks.
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(growth).toBeLessThan(96 * MB);
        expect(await counts()).toEqual(before);
      },
      60_000,
    );

    it('should still accept real Office files: a Word report and an Excel export', async () => {
      const chair = await t.login('chair');
      // The workbook as bytes (the test client decodes bodies as text).
      const xlsx = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'GET',
          url: '/api/compliance/overview?format=xlsx',
          headers: { authorization: `Bearer ${chair}` },
        });
      expect(xlsx.statusCode).toBe(200);
      const word = await uploadEvidence('bao-cao.docx', await docx('Báo cáo kết quả'));
      expect(word.status).toBe(201);
      const excel = await uploadEvidence('so-lieu.xlsx', xlsx.rawPayload);
      expect([excel.status, excel.body.file?.mediaType]).toEqual([
        201,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
      const imported = await importDirective(
        'cong-van.docx',
        await docx('ỦY BAN NHÂN DÂN HUYỆN AN THI\n\nSố: 77/UBND-VP'),
      );
      expect([201, 422]).toContain(imported.status);
    }, 30_000);
  });

  describe('polyglots', () => {
    it('should refuse files that are two formats at once as evidence', async () => {
      const zip = await smallZip();
      const html = Buffer.from('<html><body><script>fetch("/api/me")</script></body></html>');
      const cases: Array<[string, Buffer]> = [
        ['bao-cao.pdf', Buffer.concat([await pdf(['Bao cao']), zip])],
        ['anh.png', Buffer.concat([png(), zip])],
        ['anh.png', Buffer.concat([png(), html])],
        ['anh.jpg', Buffer.concat([jpeg(), zip])],
        ['anh.jpg', Buffer.concat([jpeg(), html])],
        ['bao-cao.pdf', Buffer.concat([await pdf(['Bao cao']), html])],
      ];
      const before = await counts();
      for (const [name, data] of cases) {
        const reply = await uploadEvidence(name, data);
        expect([name, reply.status, reply.body.code]).toEqual([name, 400, 'polyglot_file']);
      }
      expect(await counts()).toEqual(before);
      // The clean originals are fine.
      expect((await uploadEvidence('bao-cao.pdf', await pdf(['Bao cao']))).status).toBe(201);
      expect((await uploadEvidence('anh.jpg', jpeg())).status).toBe(201);
    }, 30_000);

    it('should refuse a PDF that is also a zip, and an HTML page named .pdf, as a directive', async () => {
      const before = await counts();
      const letter = await pdf(['UY BAN NHAN DAN HUYEN AN THI', 'So: 12/UBND-VP']);
      const polyglot = await importDirective(
        'cong-van.pdf',
        Buffer.concat([letter, await smallZip()]),
      );
      expectError(polyglot, 400, 'unreadable_document');
      expect(polyglot.body.reason).toBe('polyglot');
      const page = await importDirective(
        'cong-van.pdf',
        Buffer.from('<!doctype html><html><body>UBND huyện An Thi</body></html>'),
        'application/pdf',
      );
      expectError(page, 400, 'unreadable_document');
      expect(await counts()).toEqual(before);
    }, 30_000);
  });
});
