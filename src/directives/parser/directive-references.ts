import { cleanName, looksLikeBody, sentenceCase, splitTitle } from './body-names.js';
import { cleanNumber } from './directive-header.js';
import type { Paragraph } from './directive-lines.js';
import type { DirectiveReference } from './parsed-directive.js';
import { isoDate } from './vietnamese-dates.js';

/**
 * The documents a directive cites (Nghị định 30/2020/NĐ-CP, "Căn cứ …", "Thực hiện …", or in its
 * running text: "nhận được Văn bản số …", "tại Nghị quyết số …"):
 *
 * - by number: "<loại> số N/SYMBOL ngày d/m/y của <cơ quan> về …", the number also Party-style
 *   ("57-NQ/TW") or with its year ("105/2025/NĐ-CP"); a law named before its number ("Luật
 *   Ngân sách nhà nước số 89/2025/QH15"); a document whose author comes first ("đề nghị của Phòng
 *   Kinh tế tại Tờ trình số 45/TTr-KT");
 * - a law (or a resolution) by its name and date or year, without a number ("Luật Đất đai ngày
 *   18 tháng 01 năm 2024", "Bộ luật Lao động năm 2019"), in the text before the parts.
 *
 * The issuer ends where its predicate starts ("… của Chính phủ quy định …"); the subject is what
 * follows "về (việc)", or the predicate itself ("Quy định …", "Phê duyệt …"), and stops before the
 * sentence turns to the directive's own words ("…, Sở Y tế yêu cầu …", "…, để bảo đảm …").
 */

// Longer names first: "Thông báo kết luận số 12-TB/TU" is one type.
const REFERENCE_TYPES =
  'Công văn|Công điện|Kế hoạch|Quyết định|Chỉ thị|Thông báo kết luận|Thông báo|Nghị quyết|Nghị định|Thông tư liên tịch|Thông tư|Hướng dẫn|Văn bản|Báo cáo|Bộ luật|Luật|Tờ trình|Chương trình|Kết luận|Thông tri|Quy định|Quy chế|Pháp lệnh|Đề án|Giấy mời';
// "12/KH-UBND", "105/2025/NĐ-CP", "57-NQ/TW" (a Party number: digits, a hyphen, then letters).
const NUMBER = String.raw`(\d+\s*/\s*[\p{L}\d/.–-]*[\p{L}\d]|\d+-\p{L}[\p{L}\d/.–-]*[\p{L}\d])`;
const DATE = String.raw`(?:\s+ngày\s+(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4}))?`;
// A title never runs over a date: "Luật Phòng cháy … ngày 29 tháng 11 năm 2024 và Nghị định số
// 105/2025/NĐ-CP" is a law by date, then a decree by number.
const TITLE = String.raw`\p{Lu}(?:(?!\s(?:ngày|năm)\s+\d)[^;:]){0,120}?`;
// The type, then either a title and "số" ("Luật Đất đai số …") or the number directly.
const REFERENCE = new RegExp(
  `(?<![\\p{L}])(${REFERENCE_TYPES})\\s+(?:(${TITLE})\\s+số\\s*:?\\s*|(?:số\\s*:?\\s*)?)${NUMBER}${DATE}`,
  'gu',
);
// A law cited by its name and year or date; a resolution by its name and full date.
const NAMED = new RegExp(
  String.raw`(?<![\p{L}])(?:(Bộ luật|Luật|Pháp lệnh|Hiến pháp)(?:\s+((?:(?!\s(?:ngày|năm)\s+\d)[^;:.]){1,160}?))?\s+(?:năm\s+(\d{4})|ngày\s+(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4}))|(Nghị quyết)\s+((?:(?!\sngày\s+\d)[^;:.]){1,160}?)\s+ngày\s+(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4}))(?![\p{L}\d/])`,
  'gu',
);

// What an issuer does in a citation's trích yếu: "… của Chính phủ quy định …", "… của Thủ tướng
// Chính phủ phê duyệt …". Lower case only: "Ban Chỉ đạo" is a name.
const PREDICATES = [
  'quy định',
  'phê duyệt',
  'ban hành',
  'sửa đổi',
  'bổ sung',
  'bãi bỏ',
  'hướng dẫn',
  'giao',
  'thông qua',
  'công bố',
  'điều chỉnh',
  'phân bổ',
  'thành lập',
  'kiện toàn',
  'triển khai',
  'tổ chức',
  'thực hiện',
  'chỉ đạo',
  'đẩy mạnh',
  'tăng cường',
  'chấn chỉnh',
  'tiếp tục',
  'chuyển',
  'đề nghị',
  'yêu cầu',
  'trả lời',
  'phúc đáp',
  'xin',
];
const ISSUER_END = new RegExp(
  String.raw`\s(?:(về\s+việc|về|V\/v)\s*:?|(${PREDICATES.join('|').replace(/ /g, String.raw`\s+`)}))(?=[\s,]|$)`,
  'u',
);
const ABOUT_ONLY = /\s(về\s+việc|về|V\/v)\s*:?(?=[\s,]|$)/u;
const COMMITTEE =
  /^(?:Ban Chỉ đạo|Ban Chỉ huy|Ban Quản lý|Ban Tổ chức|Tổ công tác|Hội đồng|Tiểu ban)\s/u;
const SUBJECT_START = new RegExp(
  String.raw`^\s*(?:(?:về\s+việc|về|V\/v)\s*:?\s+(.+)|((?:${PREDICATES.join('|').replace(/ /g, String.raw`\s+`)})[\s,].+))$`,
  'su',
);

// How a sentence turns from the documents it cites to the directive's own words: "…, Chủ tịch
// UBND tỉnh yêu cầu", "…, Sở Nội vụ đề nghị", "…, UBND huyện xây dựng Kế hoạch như sau".
const MAIN_VERB =
  /\s(?:yêu cầu|đề nghị|chỉ thị|giao|kết luận|thông báo|ban hành|trả lời|xây dựng|báo cáo|có ý kiến|hướng dẫn|chỉ đạo|triển khai|quyết định|đề xuất|phúc đáp|lập|kính trình)(?=[\s,:]|$)/u;
// What follows a citation without a comma: "… năm 2026 và ý kiến của các đại biểu", "… của UBND
// tỉnh và được áp dụng từ ngày …".
const AFTER_CITATION = /\s+và\s+(?:ý kiến|được\s|có hiệu lực|thay thế)/u;
/** A purpose clause ends a citation too: "…, để bảo đảm …", "…, nhằm …". */
const PURPOSE = /^(?:để|nhằm)\s/u;

export function readReferences(
  preamble: Paragraph[],
  body: string[] = [],
  ownNumber: string | null = null,
): DirectiveReference[] {
  const references: DirectiveReference[] = [];
  const seen = new Set<string>();
  if (ownNumber) seen.add(ownNumber);
  for (const paragraph of preamble) read(paragraph.text, true, references, seen);
  for (const text of body) read(text, false, references, seen);
  return references;
}

interface Found {
  at: number;
  /** Where the citation, with its issuer and subject, ends. */
  end: number;
  reference: DirectiveReference;
}

function read(text: string, preamble: boolean, into: DirectiveReference[], seen: Set<string>) {
  if (!/\d/u.test(text)) return;
  const found: Found[] = [];
  const matches = [...text.matchAll(REFERENCE)].filter(
    // "… sửa đổi một số điều của Nghị định số 61/2018/NĐ-CP": a document inside another's subject.
    (match, k, all) => k === 0 || !nested(text, all[k - 1], match),
  );
  matches.forEach((match, k) => {
    const next = k + 1 < matches.length ? matches[k + 1].index : text.length;
    const start = match.index + match[0].length;
    const { clause, length } = clauseAfter(text.slice(start, Math.min(next, start + 600)));
    const about = aboutOf(clause);
    const title = match[2] ? cleanName(match[2]) : null;
    const subject = about.subject ?? title;
    found.push({
      at: match.index,
      end: start + length,
      reference: {
        documentType: match[1],
        number: cleanNumber(match[3]),
        issuedOn: match[4] ? isoDate(Number(match[4]), Number(match[5]), Number(match[6])) : null,
        issuer:
          about.issuer ?? authorBefore(text.slice(Math.max(0, match.index - 160), match.index)),
        subject: subject ? sentenceCase(subject) : null,
      },
    });
  });
  if (preamble && /(?:[Ll]uật|Pháp lệnh|Hiến pháp|Nghị quyết)\s/u.test(text)) {
    for (const match of text.matchAll(NAMED)) {
      const at = match.index;
      const end = at + match[0].length;
      // Inside a numbered citation (its title or its subject) it is part of that citation.
      if (found.some((f) => at < f.end && end > f.at)) continue;
      const before = text.slice(Math.max(0, at - 5), at);
      if (/của\s+$/u.test(before)) continue;
      const type = match[1] ?? match[7];
      // "Hiến pháp năm 2013" has no name beside its type.
      const name = cleanName(match[2] ?? match[8] ?? '');
      const year = match[3];
      const [day, month, fullYear] = match[1]
        ? [match[4], match[5], match[6]]
        : [match[9], match[10], match[11]];
      found.push({
        at,
        end,
        reference: {
          documentType: type,
          number: null,
          issuedOn: year ?? isoDate(Number(day), Number(month), Number(fullYear)),
          issuer: null,
          subject: name ? sentenceCase(name) : null,
        },
      });
    }
  }
  found.sort((a, b) => a.at - b.at);
  for (const { reference } of found) {
    const key = reference.number ?? `${reference.documentType}|${reference.subject?.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    into.push(reference);
  }
}

/**
 * "… một số điều của Nghị định số …", "… sửa đổi Thông tư số …" after another citation in the same
 * clause: the object of that citation's subject.
 */
function nested(text: string, previous: RegExpExecArray, match: RegExpExecArray): boolean {
  const between = text.slice(previous.index + previous[0].length, match.index);
  return NESTING.test(between.slice(-30)) && !/;|\.\s/u.test(between);
}
const NESTING =
  /[^,;\s]\s+(?:của|sửa đổi|bổ sung|thay thế|bãi bỏ|hướng dẫn|thi hành|triển khai|thực hiện|về|về việc)\s+$/u;

/**
 * The clause after a citation: up to the next sentence or ";", and before the sentence turns to
 * the directive's own words. Its length in the text too.
 */
function clauseAfter(after: string): { clause: string; length: number } {
  const stop = /\.\s+(?=\p{Lu})|;|\.\s*$|\n/u.exec(after);
  let clause = stop ? after.slice(0, stop.index) : after;
  clause = withoutMainClause(clause);
  const joined = AFTER_CITATION.exec(clause);
  if (joined) clause = clause.slice(0, joined.index);
  return { clause, length: clause.length };
}

/**
 * "… về việc tập trung ứng phó bão số 3, Chủ tịch UBND tỉnh yêu cầu:" → the clause ends before
 * ", Chủ tịch": the first comma followed by a short name and a verb that introduces the parts, or
 * by a purpose ("để …").
 */
function withoutMainClause(clause: string): string {
  for (let at = clause.indexOf(', '); at >= 0; at = clause.indexOf(', ', at + 2)) {
    const rest = clause.slice(at + 2);
    if (PURPOSE.test(rest)) return clause.slice(0, at);
    if (!/^\p{Lu}/u.test(rest)) continue;
    const verb = MAIN_VERB.exec(rest.slice(0, 120));
    if (!verb) continue;
    const name = rest.slice(0, verb.index);
    // A name, not the rest of a subject: "Sở Văn hóa, Thể thao và Du lịch về việc triển khai …".
    if (name.split(/\s+/u).length <= 14 && !/\s(?:về|của|tại|theo)\s/u.test(` ${name} `)) {
      return clause.slice(0, at);
    }
  }
  return clause;
}

/** "của Chính phủ quy định về …" → issuer "Chính phủ", subject "Quy định về …". */
function aboutOf(clause: string): { issuer: string | null; subject: string | null } {
  const trimmed = clause
    // An aside ("(sau đây gọi tắt là Công văn 100)") is neither issuer nor subject.
    .replace(/\s*\([^()]{0,200}\)/gu, '')
    .replace(/^[\s,]+/u, '')
    .replace(/[\s;.,/]+$/u, '');
  let issuer: string | null = null;
  let rest = trimmed;
  if (/^của\s/u.test(trimmed)) {
    const tail = trimmed.slice(4);
    // A committee is named after its remit ("Ban Chỉ đạo thực hiện các chương trình …"): only
    // "về" ends its name.
    const end = (COMMITTEE.test(tail) ? ABOUT_ONLY : ISSUER_END).exec(tail);
    issuer = cleanName(end ? tail.slice(0, end.index) : tail) || null;
    rest = end ? tail.slice(end.index) : '';
  }
  const subject = SUBJECT_START.exec(rest);
  const text = subject ? (subject[1] ?? subject[2]) : null;
  return { issuer, subject: text ? cleanName(text) || null : null };
}

/**
 * "xét đề nghị của Phòng Kinh tế thành phố tại" (just before the reference) → the author; a
 * head's title gives way to the body ("của Giám đốc Sở Tài chính tại Tờ trình …").
 */
function authorBefore(window: string): string | null {
  const at = window.lastIndexOf('của ');
  if (at < 0) return null;
  const match = /^(.+?)\s+(?:tại|theo|trong)\s*$/u.exec(window.slice(at + 4));
  if (!match || !looksLikeBody(match[1])) return null;
  const name = cleanName(match[1]);
  return splitTitle(name)?.body ?? name;
}
