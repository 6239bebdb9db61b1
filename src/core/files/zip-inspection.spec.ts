import { crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import JSZip from 'jszip';
import { polyglotProblem } from './file-polyglots.js';
import {
  bufferReader,
  endsWithZip,
  inspectZip,
  OFFICE_ZIP_LIMITS,
  ZipInspectionError,
  type ZipProblem,
  type ZipReader,
} from './zip-inspection.js';

const MB = 1024 * 1024;

async function zipOf(entries: Record<string, Buffer | string>, store = false): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: store ? 'STORE' : 'DEFLATE' });
}

async function problemOf(data: Buffer): Promise<ZipProblem | null> {
  try {
    await inspectZip(bufferReader(data), data.byteLength);
    return null;
  } catch (error) {
    if (error instanceof ZipInspectionError) return error.problem;
    throw error;
  }
}

describe(inspectZip.name, () => {
  it('should pass an ordinary archive, deflated or stored, and sum its sizes', async () => {
    const data = await zipOf({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': 'x'.repeat(5000),
    });
    const summary = await inspectZip(bufferReader(data), data.byteLength);
    expect(summary.entries.map((entry) => entry.name)).toEqual([
      '[Content_Types].xml',
      'word/',
      'word/document.xml',
    ]);
    expect(summary.totalUncompressed).toBe(5008);
    await expect(problemOf(await zipOf({ a: 'b' }, true))).resolves.toBeNull();
  });

  it('should refuse an entry that expands more than the ratio allows', async () => {
    await expect(problemOf(await zipOf({ 'zeros.bin': Buffer.alloc(8 * MB) }))).resolves.toBe(
      'compression_ratio',
    );
  });

  it('should refuse an archive whose declared total passes the cap', async () => {
    const data = await zipOf({ a: 'x', b: 'y' });
    await expect(
      inspectZip(bufferReader(data), data.byteLength, { ...OFFICE_ZIP_LIMITS, maxTotalBytes: 1 }),
    ).rejects.toMatchObject({ problem: 'too_large_uncompressed' });
  });

  it('should refuse a directory that understates what an entry inflates to', async () => {
    const data = await zipOf({ 'word/document.xml': 'x'.repeat(100_000) });
    const name = Buffer.from('word/document.xml');
    for (let at = data.indexOf(name); at >= 0; at = data.indexOf(name, at + 1)) {
      if (data.readUInt32LE(at - 46) === 0x02014b50) data.writeUInt32LE(10, at - 46 + 24);
    }
    await expect(problemOf(data)).resolves.toBe('size_mismatch');
  });

  it('should refuse entries that share their compressed bytes', async () => {
    const compressed = deflateRawSync(Buffer.from('hello'));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32('hello'), 14);
    local.writeUInt32LE(compressed.byteLength, 18);
    local.writeUInt32LE(5, 22);
    local.writeUInt16LE(1, 26);
    const body = Buffer.concat([local, Buffer.from('a'), compressed]);
    const central = (name: string) => {
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(compressed.byteLength, 20);
      entry.writeUInt32LE(5, 24);
      entry.writeUInt16LE(1, 28);
      return Buffer.concat([entry, Buffer.from(name)]);
    };
    const directory = Buffer.concat([central('a'), central('b')]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(directory.byteLength, 12);
    end.writeUInt32LE(body.byteLength, 16);
    await expect(problemOf(Buffer.concat([body, directory, end]))).resolves.toBe(
      'overlapping_entries',
    );
  });

  it('should refuse bytes in front of the first entry and behind the directory', async () => {
    const data = await zipOf({ a: 'b' });
    await expect(problemOf(Buffer.concat([Buffer.from('junk'), data]))).resolves.not.toBeNull();
    await expect(problemOf(Buffer.concat([data, Buffer.from('<html>')]))).resolves.toBe('not_zip');
  });

  // The cost is counted, not timed (a timing depends on the machine's load): bytes read stay
  // within a small multiple of the archive, so no mutation sends the inspection into a loop.
  it('should end any mutation of an archive in a verdict or its own error, reading it about once', async () => {
    const seed = await zipOf({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': 'Giao '.repeat(2000),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: seed.byteLength - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.nat({ max: seed.byteLength }),
        async (flips, cut) => {
          const data = Buffer.from(seed.subarray(0, Math.max(cut, seed.byteLength - 40)));
          for (const [at, byte] of flips) if (at < data.byteLength) data[at] = byte;
          let read = 0;
          const reader = bufferReader(data);
          const counting: ZipReader = (offset, length) => {
            read += length;
            return reader(offset, length);
          };
          // Anything but a ZipInspectionError propagates and fails.
          await inspectZip(counting, data.byteLength).catch((error: unknown) => {
            if (!(error instanceof ZipInspectionError)) throw error;
          });
          expect(read).toBeLessThanOrEqual(4 * data.byteLength + 66_000);
        },
      ),
      { seed: 20_261_128, numRuns: 300 },
    );
  });
});

describe(polyglotProblem.name, () => {
  const reader = (data: Buffer) => bufferReader(data);

  it('should see a zip behind a PDF and markup at either end', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const zip = await zipOf({ a: 'b' });
    const withZip = Buffer.concat([pdf, zip]);
    await expect(endsWithZip(reader(withZip), withZip.byteLength)).resolves.toBe(true);
    await expect(polyglotProblem(reader(withZip), withZip.byteLength, 'pdf')).resolves.toMatch(
      /zip/,
    );
    const withHtml = Buffer.concat([pdf, Buffer.from('<script>alert(1)</script>')]);
    await expect(polyglotProblem(reader(withHtml), withHtml.byteLength, 'pdf')).resolves.toMatch(
      /HTML/,
    );
    await expect(polyglotProblem(reader(pdf), pdf.byteLength, 'pdf')).resolves.toBeNull();
  });
});
