import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { directiveProblems, parseDirective } from './directive-parser.js';
import type { ParsedDirective } from './parsed-directive.js';

/**
 * Fuzzing the directive parser: the seed letters and the fixture letters, mutated the way
 * typists, converters and attackers mangle them, and plain random text. The parser promises
 * never to throw on text, so every run must return a draft whose shape holds. Seeded, so a failure
 * replays; fast-check prints the seed and the shrunk input. That it is linear in its input, on
 * these long runs of one piece too, is timed where timings belong: `npm run bench:parse`.
 */

const SHARED = resolve(import.meta.dirname, '../../../../shared/directives');
const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/directives');
const SEEDS = [
  ...readdirSync(SHARED).map((name) => resolve(SHARED, name)),
  ...readdirSync(FIXTURES).map((name) => resolve(FIXTURES, name)),
].map((path) => readFileSync(path, 'utf8'));

const SEED = 20_261_128;

/** Pieces of the genre that steer the parser into its branches. */
const TOKENS = [
  '\n',
  '\n\n',
  '\r\n',
  '\t',
  ' ',
  '1.',
  '2)',
  'a)',
  'II.',
  '- ',
  '+ ',
  '•',
  '**',
  '###',
  '\\.',
  ':',
  ';',
  ',',
  '(',
  ')',
  '/',
  'Số:',
  'V/v',
  'Kính gửi:',
  'Giao',
  'Đề nghị',
  'UBND',
  'Ủy ban nhân dân',
  'các xã, thị trấn',
  'Phòng Văn hóa và Thông tin',
  'phối hợp với',
  'chủ trì',
  'trước ngày 31/12/2026',
  'chậm nhất 16 giờ 00 ngày 15/9/2020',
  'trong 5 ngày làm việc',
  'định kỳ hằng tuần vào thứ Sáu',
  'tối thiểu 60%',
  '15.277 người',
  '(15277/134.494)',
  'Nơi nhận:',
  'CHỦ TỊCH',
  'Căn cứ',
  'ngày 32 tháng 13 năm 99999',
  '9'.repeat(40),
  '\u0301', // a lone combining tone mark
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u0000',
  '\ud800', // a lone surrogate
];

type Mutation = (text: string) => string;

const position = (text: string, at: number) => Math.floor(at * (text.length + 1));

/** One edit of a letter: insert, delete, duplicate, reorder, re-case, re-encode, repeat. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS))
    .map(([at, token]): Mutation => (text) => {
      const i = position(text, at);
      return text.slice(0, i) + token + text.slice(i);
    }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ unit: 'binary', maxLength: 40 }))
    .map(([at, junk]): Mutation => (text) => {
      const i = position(text, at);
      return text.slice(0, i) + junk + text.slice(i);
    }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 400 }))
    .map(([at, length]): Mutation => (text) => {
      const i = position(text, at);
      return text.slice(0, i) + text.slice(i + length);
    }),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.nat({ max: 400 }),
      fc.integer({ min: 2, max: 20 }),
    )
    .map(([at, length, times]): Mutation => (text) => {
      const i = position(text, at);
      return text.slice(0, i) + text.slice(i, i + length).repeat(times) + text.slice(i);
    }),
  fc.constant<Mutation>((text) => text.split('\n').reverse().join('\n')),
  fc.integer().map((seed): Mutation => (text) => {
    const lines = text.split('\n');
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.abs(seed * (i + 7)) % (i + 1);
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    return lines.join('\n');
  }),
  fc.constant<Mutation>((text) => text.toUpperCase()),
  fc.constant<Mutation>((text) => text.normalize('NFD')),
  fc.constant<Mutation>((text) => text.normalize('NFD').replace(/\p{M}/gu, '')),
  fc.constant<Mutation>((text) => text.replace(/\n/g, '\r\n')),
  fc.constant<Mutation>((text) => text.replace(/\n+/g, ' ')),
  fc.constant<Mutation>((text) => text.replace(/ /g, '\n')),
  fc.nat({ max: 4000 }).map(
    (length): Mutation =>
      (text) =>
        text.slice(0, length),
  ),
);

const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 }))
  .map(([seed, edits]) => edits.reduce((text, edit) => edit(text), seed));

/** Text made of the genre's pieces in random order: every branch, none of the sense. */
const tokenSoup = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })), { maxLength: 400 })
  .map((pieces) => pieces.join(' '));

/**
 * Long runs of one piece: where a backtracking pattern or a quadratic loop would show (the bench
 * times the same runs: `pathologicalRuns` in bench/parse.bench.ts).
 */
const runs = fc
  .tuple(
    fc.constantFrom(...TOKENS, 'a', '.', '1', 'Giao ', '1. ', '- Phòng ', 'ngày '),
    fc.integer({ min: 1_000, max: 20_000 }),
  )
  .map(([token, times]) => token.repeat(times).slice(0, 100_000));

function checkDraft(input: string): void {
  let parsed: ParsedDirective;
  try {
    parsed = parseDirective(input);
  } catch (error) {
    throw new Error(
      `the parser threw on ${JSON.stringify(input.slice(0, 200))}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  // The draft is data: serialisable, its lists lists, its line numbers inside the text.
  expect(() => JSON.stringify(parsed)).not.toThrow();
  expect(Array.isArray(parsed.assignments)).toBe(true);
  expect(Array.isArray(parsed.warnings)).toBe(true);
  expect(Array.isArray(parsed.recipients)).toBe(true);
  const lineCount = input.split(/\r\n|\r|\n/).length;
  for (const warning of parsed.warnings) {
    expect(typeof warning).toBe('string');
    const line = /^line (\d+)/.exec(warning)?.[1];
    if (line !== undefined) {
      expect(Number(line)).toBeGreaterThanOrEqual(1);
      expect(Number(line)).toBeLessThanOrEqual(lineCount);
    }
  }
  expect(Array.isArray(directiveProblems(parsed))).toBe(true);
}

describe(`${parseDirective.name} under fuzzing`, () => {
  it('should read every seed letter as a directive (the corpus the mutations start from)', () => {
    expect(SEEDS.length).toBeGreaterThanOrEqual(15);
    for (const seed of SEEDS) {
      checkDraft(seed);
      expect(directiveProblems(parseDirective(seed))).toEqual([]);
    }
  });

  it('should survive mutated letters: no throw, no hang, a well-formed draft', () => {
    fc.assert(fc.property(mutated, checkDraft), { seed: SEED, numRuns: 1_000 });
  }, 120_000);

  it('should survive random text and the genre’s pieces in random order', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), checkDraft), {
      seed: SEED,
      numRuns: 500,
    });
    fc.assert(fc.property(tokenSoup, checkDraft), { seed: SEED, numRuns: 500 });
  }, 120_000);

  it('should read long runs of one piece', () => {
    fc.assert(fc.property(runs, checkDraft), { seed: SEED, numRuns: 100 });
  }, 120_000);

  it('should give the same draft for the same text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        expect(parseDirective(text)).toEqual(parseDirective(text));
      }),
      { seed: SEED, numRuns: 50 },
    );
  }, 120_000);
});
