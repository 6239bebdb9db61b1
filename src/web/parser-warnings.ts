import type { Labels } from './i18n/vi.js';

/**
 * The parser's warnings are English sentences (the API returns them as they are, with their line
 * numbers). A page shows them in the reader's language: each known shape is recognised here and
 * worded by the label set; a warning of a shape not known yet is shown as it is, marked English.
 */
export interface ShownWarning {
  line: number | null;
  text: string;
  /** Set when the text is the parser's own English (no translation for its shape yet). */
  lang?: 'en';
}

type WarningLabels = Labels['directivesPages']['parserWarnings'];

interface Shape {
  pattern: RegExp;
  word: (labels: WarningLabels, match: RegExpExecArray) => string;
}

// A skipped line's reason, as the parser words it (see directive-parser.ts and directive-parts.ts).
const REASONS: Shape[] = [
  {
    pattern: /^page number or running header$/,
    word: (l) => l.reasonPageHeader,
  },
  {
    pattern: /^closing remark, not a part$/,
    word: (l) => l.reasonClosingRemark,
  },
  {
    pattern: /^text of section (\S+) "(.*)", not a part$/s,
    word: (l, m) => l.reasonSectionText(m[1], m[2]),
  },
  {
    pattern: /^part (\S+) is in section (\S+) "(.*)", which assigns no work$/s,
    word: (l, m) => l.reasonDescribingSection(m[1], m[2], m[3]),
  },
  {
    pattern: /^no body named in part (\S+)$/,
    word: (l, m) => l.reasonNoBody(m[1]),
  },
];

const SHAPES: Shape[] = [
  {
    pattern: /^no numbered or bulleted parts assigning work to named bodies were found$/,
    word: (l) => l.noParts,
  },
  {
    pattern: /^issuer "(.*)" inferred from the number, the place and the text$/s,
    word: (l, m) => l.issuerInferred(m[1]),
  },
  { pattern: /^no document number \("Số: …"\) found$/, word: (l) => l.noNumber },
  {
    pattern: /^no date of issue \("…, ngày … tháng … năm …"\) found$/,
    word: (l) => l.noDate,
  },
  { pattern: /^no subject \("V\/v …"\) found$/, word: (l) => l.noSubject },
  {
    pattern: /^no signature block \("TM\." \/ "KT\." …\) found$/,
    word: (l) => l.noSignature,
  },
  {
    pattern: /^part (\S+) \((.*)\) has no instruction text$/s,
    word: (l, m) => l.noInstruction(m[1], m[2]),
  },
  {
    pattern:
      /^table row (\S+): "(.*)" read as (\d{4}-\d{2}-\d{2}), the last working day before the Tết holiday$/s,
    word: (l, m) => l.beforeTet(m[1], m[2], m[3]),
  },
  { pattern: /^table row (\S+) names no body in charge$/, word: (l, m) => l.rowNoBody(m[1]) },
  {
    pattern: /^"(.*)" read as (\d{4}-\d{2}-\d{2}), the last working day before the Tết holiday$/s,
    word: (l, m) => l.beforeTetInText(m[1], m[2]),
  },
  {
    pattern: /^a (.*) is sent up for a decision: it assigns no work$/s,
    word: (l, m) => l.sentUpward(m[1]),
  },
  // Not the parser's but the import's (directives/carrying-down.service.ts), shown with them.
  {
    pattern:
      /^carries down part (\S+) of directive (.*), which the letter cites \(linked automatically: change or remove the link before publishing\)$/s,
    word: (l, m) => l.carriesDown(m[1], m[2]),
  },
];

const SKIPPED = /^line \d+ skipped \((.*)\): "(.*)"$/s;

export function showWarning(text: string, labels: WarningLabels): ShownWarning {
  const line = Number(/^line (\d+)\b/.exec(text)?.[1] ?? 0) || null;
  const skipped = SKIPPED.exec(text);
  if (skipped) {
    const reason = wordBy(REASONS, skipped[1], labels);
    if (reason !== null) return { line, text: labels.skipped(reason, skipped[2]) };
  } else {
    const worded = wordBy(SHAPES, text, labels);
    if (worded !== null) return { line, text: worded };
  }
  return { line, text, lang: 'en' };
}

function wordBy(shapes: Shape[], text: string, labels: WarningLabels): string | null {
  for (const shape of shapes) {
    const match = shape.pattern.exec(text);
    if (match) return shape.word(labels, match);
  }
  return null;
}
