import { cleanName, sentenceCase } from './body-names.js';
import type { DirectiveTarget } from './parsed-directive.js';
import { isoDate } from './vietnamese-dates.js';
import { parseVietnameseNumber } from './vietnamese-numbers.js';

/**
 * Targets (chỉ tiêu) a directive sets, each with the baseline it gives:
 *
 * - a rate to reach with its comparator: "mục tiêu tối thiểu 60% dân số …", "Tỷ lệ … đạt tối
 *   thiểu 80%", "giảm … xuống dưới 0,5%", "(chỉ tiêu năm 2025 là 95%)", "(yêu cầu không vượt quá
 *   3%)"; a plain requirement ("tại 100% thôn") is none, unless a baseline comes with it;
 * - the baseline as a rate, a count or "achieved/total": "mới đạt 9,8%", "(hiện đạt 46,5%)",
 *   "(năm 2024 đạt 81,3%)", "15.277 người chiếm 11,3% dân số (15277/134.494)", "(hiện có 9/16
 *   xã đạt chuẩn)" — the last, with no rate to reach, a target without a goal (`target` null);
 * - a target stated without its baseline takes the one an earlier sentence gives for the same
 *   indicator (a conclusion notice states the figures, then the goal).
 *
 * Each clause (";", a sentence, ", tỷ lệ …") holds at most one target.
 */

const NUMBER = String.raw`\d[\d.,]*\d|\d`;
const PERCENT = new RegExp(String.raw`(${NUMBER})\s*%`, 'gu');
// "4.215/9.870", "(15277/134.494)": achieved over total; never a date ("30/9/2025", "Quý IV/2025").
const FRACTION = new RegExp(
  String.raw`(?<![\d/.,]|ngày\s|tháng\s|Quý\s\p{L}{1,4})(${NUMBER})\s*/\s*(${NUMBER})(?![\d/])`,
  'u',
);
// Comparators strict enough to make a rate a target on their own.
const STRICT =
  /(?:tối thiểu|ít nhất|không dưới|không thấp hơn|tối đa|không quá|không vượt quá|xuống dưới|xuống còn|giảm xuống|≥|>=|≤|<=)(?:\s+(?:là|đạt|ở mức))?\s*$/u;
// Comparators that need a goal word in the clause ("mục tiêu … trên 90%").
const LOOSE = /(?:trên|dưới|đạt|là|lên|ở mức|bằng)\s*$/u;
const MAX = /tối đa|không quá|không vượt quá|(?<!không\s)dưới|xuống còn|giảm xuống|≤|<=/u;
/**
 * "Mục tiêu: 100% …", "phấn đấu 100% …": the goal word right before the rate; not a goal the
 * figures are measured against ("chưa đạt mục tiêu 80% của Kế hoạch", in a report).
 */
const GOAL_BEFORE =
  /(?<!(?:đạt|với|hơn)\s)(?:mục tiêu|chỉ tiêu|phấn đấu)(?:\s+(?:là|đạt))?\s*:?\s*$/iu;
const GOAL = /(?:mục tiêu|chỉ tiêu|phấn đấu|yêu cầu)/iu;
const FUNDING =
  /(?<!\p{L})(?:hỗ trợ|chi trả|chi|bố trí|đối ứng|giảm trừ|kinh phí)\s+(?:\S+\s+){0,2}$/u;
/** A bracket giving the current figure: "(hiện đạt …)", "(năm 2024 đạt …)", "(hiện là …)". */
const BASELINE_BRACKET =
  /^\((?:[^()]{0,40}?\s)?(?:hiện|năm\s+\d{4}|tính đến|đến nay|trước đây|mới)(?=\s)[^()]*\)/iu;
/** Where a figure begins in a clause: "mới đạt 9,8%", "hiện là 4,8%", "đạt tối thiểu 80%". */
const FIGURE = new RegExp(
  String.raw`\s(?:(?:mới|hiện|năm\s+\d{4}|chỉ)\s+)?(?:đạt|là|chiếm|có|ở mức)?\s*(?:(?:tối thiểu|ít nhất|không dưới|tối đa|không quá|không vượt quá|xuống dưới|xuống còn|giảm xuống|lên|trên|dưới)\s+|(?:[≥≤]|[<>]=)\s*)?(?<!(?:ngày|tháng|năm)\s)(?:${NUMBER})\s*(?:%|/(?!\d{1,2}/)\s*\d)`,
  'u',
);
const CUE_AT_END =
  /\s(?:tối thiểu|ít nhất|không dưới|không thấp hơn|tối đa|không quá|không vượt quá|xuống dưới|xuống còn|giảm xuống|đạt|là|lên|trên|dưới|ở mức|bằng)$/u;
const COUNT = new RegExp(String.raw`(${NUMBER})\s+(?:người|hộ|lượt|thuê bao)(?=\s|[,.;)]|$)`, 'u');
const AS_OF = /(?:[Tt]ính đến|[Đđ]ến|[Tt]ại)\s+ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/u;
// Words before the measured thing that say who or when: "chủ trì số hóa …" → "số hóa …".
const LEAD_IN =
  /^(?:chủ trì|phối hợp|thực hiện|tiếp tục|bảo đảm|đảm bảo|phấn đấu|mục tiêu|chỉ tiêu|yêu cầu|toàn (?:tỉnh|huyện|xã|thành phố)(?: có)?|(?:tính )?đến (?:ngày \d{1,2}\/\d{1,2}\/\d{4}|hết năm \d{4}|năm \d{4})|năm \d{4}(?: có(?: thêm)?)?|có thêm|có|\d[\d.,]*)(?:[\s,:]|$)/iu;

type Baseline = DirectiveTarget['baseline'];
const FACTS_KEPT = 50;

interface Fact {
  words: Set<string>;
  baseline: NonNullable<Baseline>;
  /** "Tỷ lệ …" when the figure is a named rate. */
  indicator: string | null;
}

export function readTargets(texts: string[]): DirectiveTarget[] {
  const targets: DirectiveTarget[] = [];
  // Figures stated with no goal, for a later target that gives none.
  const facts: Fact[] = [];
  for (const text of texts) {
    if (!text.includes('%') && !text.includes('/')) continue;
    let previous: Fact | null = null;
    for (const clause of clauses(text)) {
      const found = readClause(clause);
      if (!found) continue;
      if ('fact' in found) {
        facts.push(found.fact);
        previous = found.fact;
        continue;
      }
      const target = found.target;
      // "Năm 2025, tỷ lệ … là 12,3%; mục tiêu năm 2026 giảm xuống còn 11%": a goal that names
      // nothing is about the rate the clause before it gave.
      if (!target.indicator && previous?.indicator) {
        target.indicator = previous.indicator;
        target.baseline ??= { ...previous.baseline };
      }
      previous = null;
      if (!target.indicator) continue;
      if (!target.baseline) target.baseline = factFor(target.indicator, facts);
      // A goal restated further on ("… sớm đạt mục tiêu … tối thiểu 60% dân số …") is the same.
      const same = targets.some((t) =>
        t.target && target.target
          ? t.target.percent === target.target.percent &&
            t.target.comparator === target.target.comparator
          : t.indicator === target.indicator,
      );
      if (!same) targets.push(target);
    }
  }
  return targets;
}

/** Sentences, then ";" pieces, then ", tỷ lệ …": one indicator each. */
function clauses(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=\p{Lu})|;\s*|\n/u)
    .flatMap((piece) => {
      // ", tỷ lệ …" starts a new indicator when a figure stands before it; otherwise what stands
      // before governs it ("Phấn đấu đến hết năm 2026, tỷ lệ … đạt trên 95%").
      const parts = piece.split(/,\s+(?=tỷ lệ\s)/u);
      const merged: string[] = [];
      for (const part of parts) {
        const last = merged.length - 1;
        if (last >= 0 && !/\d\s*(?:%|\/)/u.test(merged[last])) merged[last] += `, ${part}`;
        else merged.push(part);
      }
      return merged;
    })
    .map((clause) => clause.trim())
    .filter((clause) => /\d/u.test(clause));
}

function readClause(clause: string): { target: DirectiveTarget } | { fact: Fact } | null {
  const percents = [...clause.matchAll(PERCENT)];
  if (percents.length === 0 && !fractionIn(clause)) return null;
  const bracket = baselineBracket(clause);
  // A rate followed by the current figure is a goal even without a comparator: "số hóa 100% hồ
  // sơ … (hiện đạt 1.245/3.980 hồ sơ)".
  const goal =
    percents.find((match) => isGoal(clause, match)) ??
    (bracket ? percents.findLast((match) => match.index < bracket.at) : undefined);
  if (!goal && !bracket) {
    // A figure with no goal: kept to give a later target its baseline.
    const baseline = baselineOf(clause, null);
    if (!baseline) return null;
    const rate = /(?:^|\s)tỷ lệ\s/iu.test(clause) ? indicatorOf(clause, null, null) : null;
    return { fact: { words: words(clause), baseline, indicator: rate } };
  }
  const percent = goal ? parseVietnameseNumber(goal[1]) : null;
  if (goal && (percent === null || percent > 100)) return null;
  const before = goal ? clause.slice(0, goal.index) : '';
  const cue = goal ? (STRICT.exec(before)?.[0] ?? LOOSE.exec(before)?.[0] ?? '') : '';
  const target =
    goal && percent !== null
      ? { percent, comparator: MAX.test(cue) ? ('max' as const) : ('min' as const) }
      : null;
  // Empty when the clause names no measured thing ("mục tiêu … giảm xuống còn 11%").
  const indicator = indicatorOf(clause, goal ?? null, bracket) ?? '';
  return { target: { indicator, baseline: baselineOf(clause, goal ?? null), target } };
}

/** A rate to reach: after a strict comparator, or after a loose one in a clause with a goal word. */
function isGoal(clause: string, match: RegExpExecArray): boolean {
  const before = clause.slice(Math.max(0, match.index - 120), match.index);
  // A share of a cost ("ngân sách hỗ trợ tối đa 50% chi phí") is no target.
  if (FUNDING.test(before)) return false;
  if (STRICT.test(before) || GOAL_BEFORE.test(before)) return true;
  const goalAt = before.search(GOAL);
  if (goalAt < 0) return false;
  // "(chỉ tiêu năm 2025 là 95%)", "mục tiêu … đạt 100%", "phấn đấu đạt 95%": the goal word governs
  // the rate when no other figure stands between them.
  const between = before.slice(goalAt);
  return LOOSE.test(before) && !new RegExp(PERCENT.source, 'u').test(between);
}

/** "(hiện đạt 46,5%)" after the target, or "(hiện có 9/16 xã …)": its text and where it starts. */
function baselineBracket(clause: string): { at: number; text: string } | null {
  for (let at = clause.indexOf('('); at >= 0; at = clause.indexOf('(', at + 1)) {
    const match = BASELINE_BRACKET.exec(clause.slice(at, at + 200));
    if (match && /\d\s*(?:%|\/)/u.test(match[0])) return { at, text: match[0] };
  }
  return null;
}

/**
 * What is measured: "tỷ lệ …" up to its figure ("Tỷ lệ hộ nghèo … xuống dưới 0,5%"); the counted
 * thing of "a/b người tham gia …"; else the action before the rate and its object ("giải ngân
 * đạt 100% kế hoạch vốn" → "Giải ngân kế hoạch vốn"), or "Tỷ lệ" and the object when the words
 * before the rate name no action ("mục tiêu của tỉnh là tối thiểu 60% dân số cài đặt …").
 */
function indicatorOf(
  clause: string,
  goal: RegExpExecArray | null,
  bracket: { at: number; text: string } | null,
): string | null {
  const end = goal?.index ?? bracket?.at ?? clause.length;
  const head = clause.slice(0, end);
  const object = goal ? objectAfter(clause.slice(goal.index + goal[0].length)) : '';
  const rate = /(?:^|\s)tỷ lệ\s/iu.exec(head);
  if (rate) {
    const rest = clause.slice(
      rate.index + rate[0].length,
      goal ? goal.index + goal[0].length : end,
    );
    const figure = FIGURE.exec(` ${rest}`);
    const named = cleanName(figure ? ` ${rest}`.slice(0, figure.index) : rest);
    // A rate named by its verb only ("tỷ lệ tiêm") is completed by what it counts.
    const short = named.split(/\s+/u).length <= 2 && object;
    return `Tỷ lệ ${short ? `${named} ${object}` : named}`;
  }
  const fraction = FRACTION.exec(head);
  if (fraction && head.charAt(fraction.index - 1) !== '(') {
    const counted = objectAfter(head.slice(fraction.index + fraction[0].length));
    if (counted) return sentenceCase(counted);
  }
  // The target in a bracket after the figure: the measured thing is what the clause opens with.
  const inBracket = goal && head.lastIndexOf('(') > head.lastIndexOf(')');
  const comma = head.lastIndexOf(', ');
  const start = inBracket ? 0 : Math.max(comma < 0 ? 0 : comma + 2, head.lastIndexOf(')') + 1);
  const piece = inBracket ? head.slice(0, head.lastIndexOf('(')) : head.slice(start);
  const figure = FIGURE.exec(` ${piece}`);
  let action = stripAll(cleanName(figure ? ` ${piece}`.slice(0, figure.index) : piece), CUE_AT_END);
  action = cleanName(action.replace(/^(?:chưa đạt|thấp hơn(?: nhiều)? so với|so với)\s+/iu, ''));
  const governed = GOAL.exec(action);
  if (governed) action = action.slice(governed.index);
  action = stripAll(action, LEAD_IN);
  if (!goal) {
    // No rate: the thing counted before the bracket ("03 xã đạt chuẩn …").
    return action ? sentenceCase(action) : null;
  }
  if (inBracket) return action ? sentenceCase(action) : null;
  // Words that name no measured thing: "mục tiêu chỉ đạo của tỉnh là …", "giảm xuống còn …".
  const descriptive =
    !action ||
    /^(?:chỉ đạo|của|là|đề ra|được giao|đạt)(?:\s|$)/u.test(action) ||
    /^(?:giảm|tăng|nâng|nâng cao|hạ|duy trì|đưa|đạt)$/iu.test(action);
  if (descriptive) return object ? `Tỷ lệ ${object}` : null;
  return sentenceCase(object ? `${action} ${object}` : action);
}

/** Takes off a pattern as long as it matches: the lead-in words, one at a time. */
function stripAll(text: string, pattern: RegExp): string {
  let result = text;
  for (let match = pattern.exec(result); match; match = pattern.exec(result)) {
    result = cleanName(result.slice(0, match.index) + result.slice(match.index + match[0].length));
  }
  return result;
}

/** "kế hoạch vốn được giao. …" → up to a bracket, a comma-led aside or a time phrase. */
function objectAfter(text: string): string {
  // A comma ends it before a figure (", đạt 90,97%"), not inside a list ("hồ sơ, kết quả …").
  const stop =
    /[(;:]|\.(?!\d)|,\s+(?=(?:\p{L}+\s+){0,2}\d)|\s(?:vào|trước|trong|để|nhằm|theo|đến|từ)\s/u.exec(
      text,
    );
  return cleanName(stop ? text.slice(0, stop.index) : text);
}

/**
 * The baseline: the rate, count and "a/b" given outside the target (in a bracket after it, or
 * before it); its date when "tính đến ngày …".
 */
function baselineOf(clause: string, goal: RegExpExecArray | null): Baseline {
  let scope = clause;
  if (goal) {
    const bracket = baselineBracket(clause.slice(goal.index));
    const before = clause.slice(0, goal.index);
    // The target's own bracket ("(chỉ tiêu tối thiểu 30%)") is not part of the baseline.
    const open = before.lastIndexOf('(');
    const head = open > before.lastIndexOf(')') ? before.slice(0, open) : before;
    scope = bracket ? bracket.text : head;
    if (!bracket && !/\d/u.test(head)) return null;
  }
  const percents = [...scope.matchAll(PERCENT)];
  const percentText = percents.length > 0 ? percents[percents.length - 1][1] : null;
  const fraction = fractionIn(scope);
  const count = COUNT.exec(scope);
  const asOf = AS_OF.exec(clause);
  const value = fraction
    ? parseVietnameseNumber(fraction[1])
    : count
      ? parseVietnameseNumber(count[1])
      : null;
  const of = fraction ? parseVietnameseNumber(fraction[2]) : null;
  const percent = percentText ? parseVietnameseNumber(percentText) : null;
  if (value === null && percent === null) return null;
  if (percent !== null && percent > 100) return null;
  return {
    value,
    of,
    percent,
    asOf: asOf ? isoDate(Number(asOf[1]), Number(asOf[2]), Number(asOf[3])) : null,
  };
}

/**
 * "4.215/9.870": achieved over total, the achieved no more than the total; never a school year
 * ("năm học 2025/2026").
 */
function fractionIn(text: string): RegExpExecArray | null {
  const match = FRACTION.exec(text);
  if (!match) return null;
  const [value, of] = [parseVietnameseNumber(match[1]), parseVietnameseNumber(match[2])];
  if (value === null || of === null || value > of) return null;
  return /^(?:19|20|21)\d\d$/u.test(match[1]) && of === value + 1 ? null : match;
}

/** The earlier figure about the same thing: most of the indicator's words in its sentence. */
function factFor(indicator: string, facts: Fact[]): Baseline {
  const wanted = words(indicator);
  let best: Fact | null = null;
  let bestShare = 0.6;
  // The nearest figures only: a long plan states many, and the goal follows its own soon.
  for (const fact of facts.slice(-FACTS_KEPT)) {
    const shared = [...wanted].filter((word) => fact.words.has(word)).length;
    const share = shared / Math.max(1, wanted.size);
    if (share > bestShare) [best, bestShare] = [fact, share];
  }
  return best ? { ...best.baseline } : null;
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((word) => word.length > 1 && word !== 'tỷ' && word !== 'lệ'),
  );
}
