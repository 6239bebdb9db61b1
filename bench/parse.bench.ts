import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDirective } from '../src/directives/parser/directive-parser.js';
import { saveResults } from './bench-kit.js';
import { singlePartDirective, syntheticDirective, syntheticPlan } from './synthetic-directive.js';

/**
 * `npm run bench:parse`: documents per second on the three sample letters and on synthetic
 * letters of 0.5, 1 and 2 MB. Ratios are to a baseline measured in the same run — a pass that
 * only normalises and splits the text into lines — and between sizes (linear: ×2 size ≈ ×2 time).
 * Then long runs of one piece (the parser fuzz test's pathological inputs), 50,000 and 100,000
 * characters each: where a backtracking pattern or a quadratic loop would show.
 */
const SAMPLES = resolve(import.meta.dirname, '../../../shared/directives');

function measure(label: string, work: () => unknown, minMs = 1000): number {
  for (let i = 0; i < 3; i++) work(); // warm-up
  let runs = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs || runs < 5) {
    work();
    runs++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  }
  const perRun = elapsed / runs;
  void label;
  return perRun;
}

const baseline = (text: string) =>
  text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim());

const rows: string[][] = [];
for (const name of [
  '451-UBND-VHTT-bluezone.txt',
  '2136-UBND-KGVX-bluezone-tinh.txt',
  '318-UBND-YT-sot-xuat-huyet.txt',
]) {
  const text = readFileSync(resolve(SAMPLES, name), 'utf8');
  const ms = measure(name, () => parseDirective(text));
  const base = measure(`${name} baseline`, () => baseline(text));
  rows.push([
    name,
    `${(text.length / 1024).toFixed(1)} KB`,
    (1000 / ms).toFixed(0),
    ms.toFixed(3),
    (ms / base).toFixed(1),
  ]);
}
const sizes = [0.5, 1, 2];
const perSize: number[] = [];
for (const mb of sizes) {
  const text = syntheticDirective(mb * 1024 * 1024);
  const parts = parseDirective(text).assignments.length;
  const ms = measure(`${mb} MB`, () => parseDirective(text), 2000);
  const base = measure(`${mb} MB baseline`, () => baseline(text), 500);
  perSize.push(ms);
  rows.push([
    `synthetic ${mb} MB (${parts} parts)`,
    `${(text.length / 1024).toFixed(0)} KB`,
    (1000 / ms).toFixed(2),
    ms.toFixed(1),
    (ms / base).toFixed(1),
  ]);
}

{
  const text = singlePartDirective(1024 * 1024);
  const ms = measure('one part', () => parseDirective(text), 2000);
  const base = measure('one part baseline', () => baseline(text), 500);
  rows.push([
    'synthetic 1 MB, all in one part',
    `${(text.length / 1024).toFixed(0)} KB`,
    (1000 / ms).toFixed(2),
    ms.toFixed(1),
    (ms / base).toFixed(1),
  ]);
}

// Plans with a task table: 1 MB with 500 rows must parse in under 500 ms; 0.5 and 2 MB (250 and
// 1,000 rows) show that the table reader is linear too.
const PLAN_TARGET_MS = 500;
const perPlan: number[] = [];
for (const [mb, tableRows] of [
  [0.5, 250],
  [1, 500],
  [2, 1000],
] as const) {
  const text = syntheticPlan(mb * 1024 * 1024, tableRows);
  const found = parseDirective(text).assignments.length;
  const ms = measure(`plan ${mb} MB`, () => parseDirective(text), 2000);
  const base = measure(`plan ${mb} MB baseline`, () => baseline(text), 500);
  perPlan.push(ms);
  rows.push([
    `plan ${mb} MB, ${tableRows} table rows (${found} assignments)`,
    `${(text.length / 1024).toFixed(0)} KB`,
    (1000 / ms).toFixed(2),
    ms.toFixed(1),
    (ms / base).toFixed(1),
  ]);
}
const planMs = perPlan[1];

// Pieces of the genre repeated: the runs the fuzz test feeds the parser (directive-parser.fuzz.spec.ts).
const RUN_PIECES = [
  'a',
  '.',
  '1',
  ' ',
  '\n',
  '\r\n',
  '\t',
  ':',
  '(',
  '- ',
  '1. ',
  'II.',
  '**',
  'Giao ',
  'Số:',
  'Kính gửi:',
  'ngày ',
  '- Phòng ',
  'UBND ',
  'các xã, thị trấn',
  'trước ngày 31/12/2026',
  '\u0301',
];
const pathological = RUN_PIECES.map((piece) => {
  const of = (length: number) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
  const half = of(50_000);
  const full = of(100_000);
  const halfMs = measure(`run ${piece} 50k`, () => parseDirective(half), 200);
  const fullMs = measure(`run ${piece} 100k`, () => parseDirective(full), 200);
  return { piece, fullMs, ratio: fullMs / halfMs };
});
const slowest = pathological.reduce((a, b) => (b.fullMs > a.fullMs ? b : a));
const steepest = pathological.reduce((a, b) => (b.ratio > a.ratio ? b : a));
const runsLine = `${pathological.length} pieces; slowest ${JSON.stringify(slowest.piece)} at ${slowest.fullMs.toFixed(1)} ms per 100,000 characters; steepest 100k / 50k time = ${steepest.ratio.toFixed(2)} (${JSON.stringify(steepest.piece)}; 2.00 is linear)`;

const header = ['document', 'size', 'documents/s', 'ms/document', '× baseline'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
console.log(
  `parser benchmark (node ${process.version}); baseline = NFC + split into trimmed lines`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
const linearity = `1 MB / 0.5 MB time = ${(perSize[1] / perSize[0]).toFixed(2)}, 2 MB / 1 MB = ${(perSize[2] / perSize[1]).toFixed(2)} (2.00 is linear)`;
console.log(`linearity: ${linearity}`);
const planLinearity = `1 MB / 0.5 MB time = ${(perPlan[1] / perPlan[0]).toFixed(2)}, 2 MB / 1 MB = ${(perPlan[2] / perPlan[1]).toFixed(2)}`;
console.log(
  `plan 1 MB with 500 table rows: ${planMs.toFixed(1)} ms (target < ${PLAN_TARGET_MS} ms: ${planMs < PLAN_TARGET_MS ? 'met' : 'NOT met'}); plan linearity: ${planLinearity}`,
);
console.log(`long runs of one piece: ${runsLine}`);
saveResults({
  name: 'parse',
  title: 'Directive parser',
  command: 'npm run bench:parse',
  body: [
    'Documents per second on the three sample letters and on synthetic letters of 0.5–2 MB, in process;',
    '"× baseline" is the time over a pass that only normalises the text and splits it into trimmed lines.',
    '',
    `| ${header.join(' | ')} |`,
    `| --- | ${header
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `Linearity: ${linearity}.`,
    '',
    `Plan of 1 MB with 500 table rows: ${planMs.toFixed(1)} ms (target < ${PLAN_TARGET_MS} ms). Plan linearity: ${planLinearity}.`,
    '',
    `Long runs of one piece (the fuzz test's pathological inputs): ${runsLine}.`,
  ],
  targets: [
    {
      what: 'plan of 1 MB with 500 table rows',
      target: `< ${PLAN_TARGET_MS} ms`,
      measured: `${planMs.toFixed(1)} ms`,
      met: planMs < PLAN_TARGET_MS,
    },
  ],
});
