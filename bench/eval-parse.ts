import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { extractDocumentText } from '../src/directives/document-text.js';
import { parseDirective } from '../src/directives/parser/directive-parser.js';

/**
 * `npm run eval:parse [-- --misses] [-- --without <set>] [-- summary.json]`: reads every corpus letter through the
 * product's import path (the upload's text extraction, then the parser) and compares the result
 * field by field with the letter's expected reading, one check per field (the rules are in
 * test/fixtures/letters/README.md). Prints each letter's score, totals per kind, level, format and
 * field, and the grand total. It reports and never fails: the exit code is 0 whatever the score.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const LETTERS = resolve(ROOT, 'test/fixtures/letters');

/** Where each set of expectations finds its letters. */
const CORPORA = [
  { set: 'new', expectations: LETTERS, letters: LETTERS },
  // The batch written last, by someone who had not read the parser (last/README.md).
  { set: 'last', expectations: resolve(LETTERS, 'last'), letters: resolve(LETTERS, 'last') },
  {
    set: 'older',
    expectations: resolve(LETTERS, 'older'),
    letters: resolve(ROOT, 'test/fixtures/directives'),
  },
  // The real letters live outside the repository (../shared/directives), next to the checkout.
  {
    set: 'shared',
    expectations: resolve(LETTERS, 'shared'),
    letters: resolve(ROOT, '../shared/directives'),
  },
];
const EXTENSIONS = ['.txt', '.md', '.docx', '.pdf'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

interface Check {
  field: string;
  path: string;
  ok: boolean;
  expected: Json;
  actual: Json;
}

interface LetterResult {
  name: string;
  set: string;
  kind: string;
  level: string;
  format: string;
  score: number;
  total: number;
  error: string | null;
  /** Checks passed and made, per field ("assignment.deadline"). */
  byField: Record<string, { score: number; total: number }>;
  misses: Omit<Check, 'ok'>[];
}

// ---- comparison ------------------------------------------------------------------------------

/** NFC, whitespace collapsed, the first letter's case ignored. */
function text(value: Json | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = str(value).normalize('NFC').replace(/\s+/gu, ' ').trim();
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** A value as text: strings as they are, anything else as JSON. */
const str = (value: Json | undefined): string =>
  typeof value === 'string' ? value : JSON.stringify(value ?? null);

const sameText = (a: Json | undefined, b: Json | undefined) => text(a) === text(b);

const sameList = (a: Json | undefined, b: Json | undefined) =>
  JSON.stringify(asArray(a).map(text)) === JSON.stringify(asArray(b).map(text));

const sameSet = (a: Json | undefined, b: Json | undefined) =>
  JSON.stringify(asArray(a).map(text).sort()) === JSON.stringify(asArray(b).map(text).sort());

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function asObj(value: Json | undefined): Obj | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** A recurrence: frequency, detail and time; `until` only when the expectation states it. */
function sameRecurrence(expected: Json | undefined, actual: Json | undefined): boolean {
  const e = asObj(expected);
  const a = asObj(actual);
  if (!e || !a) return !e && !a;
  if (e.frequency !== a.frequency || !sameText(e.detail, a.detail)) return false;
  if ((e.time ?? null) !== (a.time ?? null)) return false;
  return !('until' in e) || (e.until ?? null) === (a.until ?? null);
}

const words = (value: Json | undefined) =>
  new Set(
    (text(value) ?? '')
      .toLocaleLowerCase('vi')
      .split(/[\s,;()]+/u)
      .filter(Boolean),
  );

/** Shared words over all words: indicators are paraphrased, their numbers are not. */
function likeness(a: Json | undefined, b: Json | undefined): number {
  const x = words(a);
  const y = words(b);
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.max(1, new Set([...x, ...y]).size);
}

function sameNumbers(expected: Json | undefined, actual: Json | undefined, keys: string[]) {
  const e = asObj(expected);
  const a = asObj(actual);
  if (!e || !a) return !e && !a;
  return keys.filter((k) => k in e).every((k) => (e[k] ?? null) === (a[k] ?? null));
}

// ---- scoring -----------------------------------------------------------------------------------

class Scorer {
  readonly checks: Check[] = [];

  check(
    field: string,
    path: string,
    ok: boolean,
    expected: Json | undefined,
    actual: Json | undefined,
  ) {
    this.checks.push({ field, path, ok, expected: expected ?? null, actual: actual ?? null });
  }

  header(expected: Obj, parsed: Obj): void {
    for (const key of ['documentType', 'number', 'issuer', 'place', 'issuedOn', 'subject']) {
      if (key in expected)
        this.check(
          `header.${key}`,
          key,
          sameText(expected[key], parsed[key]),
          expected[key],
          parsed[key],
        );
    }
    if ('recipients' in expected) {
      const ok = sameList(expected.recipients, parsed.recipients);
      this.check('header.recipients', 'recipients', ok, expected.recipients, parsed.recipients);
    }
  }

  references(expected: Json[], parsed: Json[]): void {
    this.check(
      'references.count',
      'references',
      expected.length === parsed.length,
      expected.length,
      parsed.length,
    );
    const left = parsed.map(asObj);
    expected.forEach((item, i) => {
      const e = asObj(item) ?? {};
      const at =
        e.number !== null && e.number !== undefined
          ? left.findIndex((a) => a && sameText(a.number, e.number))
          : left.findIndex(
              (a) =>
                a &&
                sameText(a.documentType, e.documentType) &&
                (sameText(a.subject, e.subject) || a.issuedOn === e.issuedOn),
            );
      const a = at >= 0 ? left[at] : null;
      if (at >= 0) left[at] = null;
      for (const key of ['documentType', 'number', 'issuedOn', 'issuer', 'subject']) {
        if (key in e)
          this.check(
            `reference.${key}`,
            `references[${i}].${key}`,
            a !== null && sameText(e[key], a[key]),
            e[key],
            a?.[key],
          );
      }
    });
  }

  targets(expected: Json[], parsed: Json[]): void {
    this.check(
      'targets.count',
      'targets',
      expected.length === parsed.length,
      expected.length,
      parsed.length,
    );
    const left = parsed.map(asObj);
    expected.forEach((item, i) => {
      const e = asObj(item) ?? {};
      let best = -1;
      let bestScore = 0.3;
      left.forEach((a, j) => {
        const score = a ? likeness(e.indicator, a.indicator) : 0;
        if (score > bestScore) [best, bestScore] = [j, score];
      });
      const a = best >= 0 ? left[best] : null;
      if (best >= 0) left[best] = null;
      const path = `targets[${i}]`;
      this.check(
        'target.indicator',
        `${path}.indicator`,
        a !== null && bestScore >= 0.5,
        e.indicator,
        a?.indicator,
      );
      this.check(
        'target.baseline',
        `${path}.baseline`,
        a !== null && sameNumbers(e.baseline, a.baseline, ['value', 'of', 'percent', 'asOf']),
        e.baseline,
        a?.baseline,
      );
      this.check(
        'target.target',
        `${path}.target`,
        a !== null && sameNumbers(e.target, a.target, ['percent', 'comparator']),
        e.target,
        a?.target,
      );
    });
  }

  assignments(expected: Json[], parsed: Json[]): void {
    this.check(
      'assignments.count',
      'assignments',
      expected.length === parsed.length,
      expected.length,
      parsed.length,
    );
    const actual = parsed.map(asObj);
    const used = new Set<number>();
    let cursor = 0;
    const find = (from: number, match: (a: Obj) => boolean) =>
      actual.findIndex((a, j) => j >= from && !used.has(j) && a !== null && match(a));
    expected.forEach((item, i) => {
      const e = asObj(item) ?? {};
      const sameBody = (a: Obj) => sameText(a.assignee, e.assignee);
      let at = find(cursor, (a) => a.label === e.label && sameBody(a));
      if (at < 0) at = find(cursor, sameBody);
      if (at < 0) at = find(0, sameBody);
      if (at < 0) at = find(cursor, (a) => a.label === e.label);
      if (at >= 0) {
        used.add(at);
        cursor = at + 1;
      }
      this.assignment(
        e,
        at >= 0 ? actual[at] : null,
        `assignments[${i}] (${str(e.label)} ${str(e.assignee)})`,
      );
    });
  }

  private assignment(e: Obj, a: Obj | null, path: string): void {
    const field = (
      name: string,
      ok: boolean,
      expected: Json | undefined,
      actual: Json | undefined,
    ) => this.check(`assignment.${name}`, `${path}.${name}`, a !== null && ok, expected, actual);
    field('label', sameText(e.label, a?.label), e.label, a?.label);
    field('assignee', sameText(e.assignee, a?.assignee), e.assignee, a?.assignee);
    if ('assigneeTitle' in e) {
      field(
        'assigneeTitle',
        sameText(e.assigneeTitle, a?.assigneeTitle),
        e.assigneeTitle,
        a?.assigneeTitle,
      );
    }
    const requested = e.requested ?? false;
    field('requested', requested === (a?.requested ?? false), requested, a?.requested);
    const coordinators = e.coordinators ?? [];
    field('coordinators', sameSet(coordinators, a?.coordinators), coordinators, a?.coordinators);
    const deadline = e.deadline ?? null;
    field('deadline', deadline === (a?.deadline ?? null), deadline, a?.deadline);
    const recurrence = e.recurrence ?? null;
    field('recurrence', sameRecurrence(recurrence, a?.recurrence), recurrence, a?.recurrence);
    if ('milestones' in e) {
      const milestones = asArray(e.milestones);
      const got = asArray(a?.milestones);
      if (milestones.length === 0) field('milestones', got.length === 0, [], a?.milestones);
      milestones.forEach((m, k) => {
        const em = asObj(m) ?? {};
        const am = asObj(got[k]);
        const ok = am !== null && em.deadline === (am.deadline ?? null) && em.kind === am.kind;
        this.check('assignment.milestone', `${path}.milestones[${k}]`, a !== null && ok, m, got[k]);
      });
    }
    if ('subtasks' in e) {
      const got = asArray(a?.subtasks);
      asArray(e.subtasks).forEach((s, k) => {
        const es = asObj(s) ?? {};
        const as = asObj(got[k]);
        const ok =
          as !== null &&
          sameText(es.label, as.label) &&
          (es.deadline ?? null) === (as.deadline ?? null) &&
          sameRecurrence(es.recurrence, as.recurrence);
        this.check('assignment.subtask', `${path}.subtasks[${k}]`, a !== null && ok, s, got[k]);
      });
    }
  }

  signer(expected: Json, parsed: Json | undefined): void {
    const e = asObj(expected);
    const a = asObj(parsed);
    if (!e) {
      this.check('signer', 'signer', !a, null, parsed);
      return;
    }
    for (const key of ['name', 'position', 'capacity']) {
      if (key in e)
        this.check(`signer.${key}`, `signer.${key}`, sameText(e[key], a?.[key]), e[key], a?.[key]);
    }
  }
}

// ---- the corpus --------------------------------------------------------------------------------

interface Case {
  set: string;
  name: string;
  expectation: Obj;
  letter: string | null;
}

function cases(): Case[] {
  const found: Case[] = [];
  const args = process.argv.slice(2);
  const without = args.flatMap((arg, k) => (args[k - 1] === '--without' ? [arg] : []));
  for (const corpus of CORPORA) {
    if (!existsSync(corpus.expectations) || without.includes(corpus.set)) continue;
    const names = readdirSync(corpus.expectations)
      .filter((f) => f.endsWith('.expected.json'))
      .sort();
    for (const file of names) {
      const stem = file.slice(0, -'.expected.json'.length);
      const letter = EXTENSIONS.map((ext) => resolve(corpus.letters, stem + ext)).find((path) =>
        existsSync(path),
      );
      const expectation = JSON.parse(
        readFileSync(resolve(corpus.expectations, file), 'utf8'),
      ) as Obj;
      found.push({ set: corpus.set, name: stem, expectation, letter: letter ?? null });
    }
  }
  return found;
}

async function scoreLetter(c: Case): Promise<LetterResult> {
  const meta = asObj(c.expectation.meta) ?? {};
  const result = {
    name: c.name,
    set: c.set,
    kind: str(meta.kind ?? '?'),
    level: str(meta.level ?? '?'),
    format: c.letter ? basename(c.letter).split('.').pop()! : str(meta.format ?? '?'),
  };
  const scorer = new Scorer();
  let parsed: Obj = {};
  let error: string | null = null;
  try {
    if (!c.letter) throw new Error('letter not found');
    const data = new Uint8Array(readFileSync(c.letter));
    const { text: letterText } = await extractDocumentText({ data, filename: basename(c.letter) });
    parsed = JSON.parse(JSON.stringify(parseDirective(letterText))) as Obj;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const e = c.expectation;
  scorer.header(e, parsed);
  if ('references' in e) scorer.references(asArray(e.references), asArray(parsed.references));
  if ('targets' in e) scorer.targets(asArray(e.targets), asArray(parsed.targets));
  if ('assignments' in e) scorer.assignments(asArray(e.assignments), asArray(parsed.assignments));
  if ('signer' in e) scorer.signer(e.signer, parsed.signer);
  if ('distribution' in e) {
    const ok = sameList(e.distribution, parsed.distribution);
    scorer.check('distribution', 'distribution', ok, e.distribution, parsed.distribution);
  }
  const checks = scorer.checks;
  const byField: LetterResult['byField'] = {};
  for (const k of checks) {
    const t = (byField[k.field] ??= { score: 0, total: 0 });
    t.total++;
    if (k.ok) t.score++;
  }
  return {
    ...result,
    score: checks.filter((k) => k.ok).length,
    total: checks.length,
    error,
    byField,
    misses: checks.filter((k) => !k.ok).map(({ ok: _ok, ...miss }) => miss),
  };
}

// ---- report ------------------------------------------------------------------------------------

const pct = (score: number, total: number) =>
  total === 0 ? '  -  ' : `${((100 * score) / total).toFixed(1).padStart(5)}%`;

function totals(results: LetterResult[], key: (r: LetterResult) => string) {
  const by = new Map<string, { letters: number; score: number; total: number }>();
  for (const r of results) {
    const t = by.get(key(r)) ?? { letters: 0, score: 0, total: 0 };
    t.letters++;
    t.score += r.score;
    t.total += r.total;
    by.set(key(r), t);
  }
  return Object.fromEntries([...by].sort(([a], [b]) => a.localeCompare(b)));
}

function fieldTotals(results: LetterResult[]) {
  const by: Record<string, { letters: number; score: number; total: number }> = {};
  for (const r of results) {
    for (const [field, t] of Object.entries(r.byField)) {
      const sum = (by[field] ??= { letters: 0, score: 0, total: 0 });
      sum.letters++;
      sum.score += t.score;
      sum.total += t.total;
    }
  }
  return Object.fromEntries(Object.entries(by).sort(([a], [b]) => a.localeCompare(b)));
}

function table(
  title: string,
  rows: Record<string, { letters: number; score: number; total: number }>,
) {
  console.log(`\n${title}`);
  for (const [name, t] of Object.entries(rows)) {
    console.log(
      `  ${name.padEnd(28)} ${String(t.letters).padStart(3)} letters  ${`${t.score}/${t.total}`.padStart(9)}  ${pct(t.score, t.total)}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showMisses = args.includes('--misses');
  const summaryPath = args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--without');

  const all = cases();
  const results: LetterResult[] = [];
  for (const c of all) results.push(await scoreLetter(c));

  console.log('Parser evaluation: letters read as uploaded, compared field by field\n');
  for (const r of results) {
    const note = r.error ? `  (${r.error})` : '';
    console.log(
      `${`${r.set}/${r.name}`.padEnd(62)} ${r.kind.padEnd(19)} ${r.format.padEnd(5)} ${`${r.score}/${r.total}`.padStart(7)} ${pct(r.score, r.total)}${note}`,
    );
    if (showMisses) {
      for (const m of r.misses) {
        console.log(
          `    - ${m.path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
        );
      }
    }
  }
  const byKind = totals(results, (r) => r.kind);
  const byLevel = totals(results, (r) => r.level);
  const byFormat = totals(results, (r) => r.format);
  const bySet = totals(results, (r) => r.set);
  table('By kind', byKind);
  table('By level', byLevel);
  table('By format', byFormat);
  table('By set', bySet);
  const byField = fieldTotals(results);
  table('By field (letters where the field is checked)', byField);

  const score = results.reduce((n, r) => n + r.score, 0);
  const total = results.reduce((n, r) => n + r.total, 0);
  console.log(
    `\nTotal: ${results.length} letters, ${score}/${total} checks, ${pct(score, total).trim()}`,
  );
  const skipped = CORPORA.filter((c) => existsSync(c.expectations) && !existsSync(c.letters));
  for (const c of skipped) console.log(`(letters of set "${c.set}" not found at ${c.letters})`);

  if (summaryPath) {
    const summary = { score, total, letters: results, byKind, byLevel, byFormat, bySet, byField };
    writeFileSync(resolve(process.cwd(), summaryPath), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(
      `Summary written to ${relative(process.cwd(), resolve(process.cwd(), summaryPath))}`,
    );
  }
}

await main();
