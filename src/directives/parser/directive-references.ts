import { cleanName, looksLikeBody, sentenceCase } from './body-names.js';
import { cleanNumber, LEGAL_BASIS } from './directive-header.js';
import type { Paragraph } from './directive-lines.js';
import type { DirectiveReference } from './parsed-directive.js';
import { isoDate } from './vietnamese-dates.js';

/**
 * Legal bases ("Thực hiện / Căn cứ <loại văn bản> số N/SYMBOL ngày d/m/y của <cơ quan> về …"),
 * including a law named before its number ("Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13")
 * and a document whose author comes first ("đề nghị của Phòng Kinh tế tại Tờ trình số 45/TTr-KT").
 */

const REFERENCE_TYPES =
  'Công văn|Công điện|Kế hoạch|Quyết định|Chỉ thị|Thông báo|Nghị quyết|Nghị định|Thông tư|Hướng dẫn|Văn bản|Báo cáo|Bộ luật|Luật|Tờ trình|Chương trình|Kết luận';
const NUMBER = String.raw`(\d+\s*/\s*[\p{L}\d/.–-]*[\p{L}\d])`;
const DATE = String.raw`(?:\s+ngày\s+(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4}))?`;
// The type, then either a title and "số" ("Luật Đất đai số …") or the number directly.
const REFERENCE = new RegExp(
  `(${REFERENCE_TYPES})\\s+(?:(\\p{Lu}[^;:]{0,120}?)\\s+số\\s*:?\\s*|(?:số\\s*:?\\s*)?)${NUMBER}${DATE}`,
  'gu',
);
const ABOUT = /^\s*(?:của\s+(.+?))?(?:\s*(?:về\s+(?:việc\s+)?|V\/v\s+)(.+?))?[\s;.,]*$/su;
/** How the sentence carrying the legal basis turns to the directive's own words. */
const MAIN_CLAUSE_END =
  /(?:yêu cầu|chỉ thị|đề nghị|giao|kết luận|như sau|ý kiến|thông báo|ban hành[^,]{0,120})\s*:?\s*$/u;

export function readReferences(preamble: Paragraph[]): DirectiveReference[] {
  const references: DirectiveReference[] = [];
  const seen = new Set<string>();
  for (const paragraph of preamble) {
    if (!LEGAL_BASIS.test(paragraph.text)) continue;
    const matches = [...paragraph.text.matchAll(REFERENCE)];
    matches.forEach((match, k) => {
      const number = cleanNumber(match[3]);
      if (seen.has(number)) return;
      seen.add(number);
      const after = paragraph.text.slice(
        match.index + match[0].length,
        k + 1 < matches.length ? matches[k + 1].index : undefined,
      );
      // One clause, and a bounded one: the pattern below backtracks within it.
      const clause = withoutMainClause(after.slice(0, 600).split(/\.\s+(?=\p{Lu})|;/u)[0]);
      const about = ABOUT.exec(clause);
      const title = match[2] ? cleanName(match[2]) : null;
      const subject = about?.[2] ? cleanName(about[2]) : title;
      references.push({
        documentType: match[1],
        number,
        issuedOn: match[4] ? isoDate(Number(match[4]), Number(match[5]), Number(match[6])) : null,
        issuer: about?.[1]
          ? cleanName(about[1])
          : authorBefore(paragraph.text.slice(Math.max(0, match.index - 160), match.index)),
        subject: subject ? sentenceCase(subject) : null,
      });
    });
  }
  return references;
}

/**
 * "… về việc tập trung ứng phó bão số 3, Chủ tịch UBND tỉnh yêu cầu:" → the subject ends before
 * ", Chủ tịch": the last comma followed by a capital when the clause ends the way an
 * introduction to the parts does.
 */
function withoutMainClause(clause: string): string {
  const trimmed = clause.trimEnd();
  if (!MAIN_CLAUSE_END.test(trimmed.slice(-160))) return clause;
  for (let at = trimmed.lastIndexOf(', '); at > 0; at = trimmed.lastIndexOf(', ', at - 1)) {
    if (/\p{Lu}/u.test(trimmed.charAt(at + 2))) return trimmed.slice(0, at);
  }
  return clause;
}

/** "xét đề nghị của Phòng Kinh tế thành phố tại" (just before the reference) → the author. */
function authorBefore(window: string): string | null {
  const at = window.lastIndexOf('của ');
  if (at < 0) return null;
  const match = /^(.+?)\s+(?:tại|theo|trong)\s*$/u.exec(window.slice(at + 4));
  return match && looksLikeBody(match[1]) ? cleanName(match[1]) : null;
}
