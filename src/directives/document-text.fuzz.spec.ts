import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { DomainError } from '../core/errors/domain-error.js';
import { extractDocumentText } from './document-text.js';
import {
  DocumentTooLargeError,
  EmptyDocumentError,
  UnreadableDocumentError,
} from './document-text.errors.js';

/**
 * Fuzzing file intake: real .docx, .pdf and text letters with bytes flipped, cut, spliced and
 * repeated, and random bytes under every name. Extraction must end in text or in one of its own
 * errors (never a library's); its own time bound (`timeoutMs`, which ends a slow read in an
 * `UnreadableDocumentError`) is given, and not timed here: a wall-clock check fails on a busy
 * machine, not on a bug.
 */

const SEED = 20_261_128;
const MS_PER_INPUT = 5_000;
const LETTER = readFileSync(
  resolve(import.meta.dirname, '../../../shared/directives/451-UBND-VHTT-bluezone.txt'),
  'utf8',
);

let samples: Array<{ name: string; data: Buffer }>;

beforeAll(async () => {
  const docx = await Packer.toBuffer(
    new Document({
      sections: [
        {
          children: LETTER.split('\n')
            .slice(0, 40)
            .map((line) => new Paragraph(line)),
        },
      ],
    }),
  );
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont('Helvetica');
  page.drawText('UY BAN NHAN DAN HUYEN AN THI So: 451/UBND-VHTT', {
    x: 40,
    y: 800,
    size: 11,
    font,
  });
  samples = [
    { name: 'cong-van.docx', data: Buffer.from(docx) },
    { name: 'cong-van.pdf', data: Buffer.from(await pdf.save()) },
    { name: 'cong-van.txt', data: Buffer.from(LETTER) },
  ];
});

type Edit = (data: Buffer) => Buffer;
const at = (data: Buffer, where: number) => Math.floor(where * data.byteLength);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 }))
    .map(([where, byte]): Edit => (data) => {
      const copy = Buffer.from(data);
      if (copy.byteLength) copy[Math.min(at(copy, where), copy.byteLength - 1)] = byte;
      return copy;
    }),
  fc.double({ min: 0, max: 1, noNaN: true }).map(
    (where): Edit =>
      (data) =>
        data.subarray(0, at(data, where)),
  ),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ maxLength: 64 }))
    .map(([where, junk]): Edit => (data) => {
      const i = at(data, where);
      return Buffer.concat([data.subarray(0, i), junk, data.subarray(i)]);
    }),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.nat({ max: 2_000 }),
      fc.integer({ min: 2, max: 30 }),
    )
    .map(([where, length, times]): Edit => (data) => {
      const i = at(data, where);
      const piece = data.subarray(i, i + length);
      return Buffer.concat([
        data.subarray(0, i),
        ...Array<Buffer>(times).fill(piece),
        data.subarray(i),
      ]);
    }),
);

const NAMES = ['cong-van.docx', 'cong-van.pdf', 'cong-van.txt', 'cong-van.md', 'cong-van', 'a.png'];

async function checkExtraction(data: Uint8Array, filename: string): Promise<void> {
  try {
    const result = await extractDocumentText({ data, filename }, { timeoutMs: MS_PER_INPUT });
    expect(typeof result.text).toBe('string');
    expect(result.text).toBe(result.text.normalize('NFC'));
  } catch (error) {
    const own =
      error instanceof UnreadableDocumentError ||
      error instanceof EmptyDocumentError ||
      error instanceof DocumentTooLargeError;
    if (!own) {
      throw new Error(
        `${filename} (${data.byteLength} bytes) threw ${error instanceof DomainError ? error.code : String(error)}`,
        { cause: error },
      );
    }
  }
}

describe(`${extractDocumentText.name} under fuzzing`, () => {
  it('should end damaged .docx, .pdf and text in text or its own error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 2 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...NAMES),
        async (which, edits, name) => {
          const data = edits.reduce((bytes, change) => change(bytes), samples[which].data);
          await checkExtraction(data, name);
        },
      ),
      { seed: SEED, numRuns: 250 },
    );
  }, 120_000);

  it('should end random bytes under any name in its own error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4_096 }),
        fc.constantFrom(...NAMES),
        (bytes, name) => checkExtraction(bytes, name),
      ),
      { seed: SEED, numRuns: 250 },
    );
  }, 120_000);
});
