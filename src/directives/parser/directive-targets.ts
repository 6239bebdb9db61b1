import { cleanName } from './body-names.js';
import type { DirectiveTarget } from './parsed-directive.js';
import { isoDate } from './vietnamese-dates.js';
import { parseVietnameseNumber } from './vietnamese-numbers.js';

/**
 * Targets (chỉ tiêu) a directive sets: "mục tiêu tối thiểu 60% dân số cài đặt …", with the
 * baseline the same sentence gives ("15.277 người chiếm 11,3% dân số (15277/134.494)").
 */

const TARGET =
  /(mục tiêu|chỉ tiêu|phấn đấu)([^%]{0,160}?)(tối thiểu|ít nhất|không dưới|trên|tối đa|không quá|dưới|đạt|là)?\s*(\d{1,3}(?:[.,]\d+)?)\s*%([^;]*)/iu;

export function readTargets(texts: string[]): DirectiveTarget[] {
  const targets: DirectiveTarget[] = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.;])\s+(?=\p{Lu})|\n/u)) {
      const match = TARGET.exec(sentence);
      if (!match) continue;
      const percent = parseVietnameseNumber(match[4]);
      if (percent === null || percent > 100) continue;
      const comparator = /tối đa|không quá|dưới/u.test(match[3] ?? '') ? 'max' : 'min';
      if (targets.some((t) => t.target.percent === percent && t.target.comparator === comparator))
        continue;
      targets.push({
        indicator: indicatorOf(sentence, match),
        baseline: baselineOf(sentence.slice(0, match.index)),
        target: { percent, comparator },
      });
    }
  }
  return targets;
}

function indicatorOf(sentence: string, match: RegExpExecArray): string {
  const rate = /tỷ lệ\s+(.+?)\s+(?:mới đạt|đạt|là|chiếm)\s/iu.exec(sentence);
  if (rate) return `Tỷ lệ ${cleanName(rate[1])}`;
  const trailing = cleanName(match[5].split(/\s+(?:để|nhằm|trước|trong)\s/u)[0]);
  return trailing ? `Tỷ lệ ${trailing}` : cleanName(sentence);
}

function baselineOf(before: string): DirectiveTarget['baseline'] {
  const percents = [...before.matchAll(/(\d{1,3}(?:[.,]\d+)?)\s*%/gu)];
  const percentText = percents.length > 0 ? percents[percents.length - 1][1] : null;
  const fraction = /\(\s*(\d[\d.,]*)\s*\/\s*(\d[\d.,]*)\s*\)/u.exec(before);
  const count = /(\d[\d.,]*)\s+(?:người|hộ|lượt|thuê bao)/u.exec(before);
  const asOfMatch = /(?:tính đến|đến|tại)\s+ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/u.exec(
    before,
  );
  const value = count
    ? parseVietnameseNumber(count[1])
    : fraction
      ? parseVietnameseNumber(fraction[1])
      : null;
  const of = fraction ? parseVietnameseNumber(fraction[2]) : null;
  const percent = percentText ? parseVietnameseNumber(percentText) : null;
  if (value === null && percent === null) return null;
  return {
    value,
    of,
    percent,
    asOf: asOfMatch
      ? isoDate(Number(asOfMatch[1]), Number(asOfMatch[2]), Number(asOfMatch[3]))
      : null,
  };
}
