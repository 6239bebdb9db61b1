import { foldVietnamese } from '../../units/vietnamese-text.js';
import { cleanName, looksLikeBody, normalCase, sentenceCase } from './body-names.js';
import { BULLET, type Line } from './directive-lines.js';
import { findIssueDate, isoDate } from './vietnamese-dates.js';

/**
 * The header of a directive (Nghị định 30/2020/NĐ-CP): issuing body, "Số: N/SYMBOL", place and
 * date, "V/v …" subject or a title ("CHỈ THỊ", "KẾ HOẠCH") followed by the subject, and the
 * recipients ("Kính gửi:", or "CHỦ TỊCH … điện:" in a Công điện).
 */
export interface DirectiveHeader {
  documentType: string | null;
  number: string | null;
  issuer: string | null;
  place: string | null;
  issuedOn: string | null;
  subject: string | null;
  /** Index of the first line after the header. */
  end: number;
}

const MOTTO = /CỘNG\s+H[OÒ]A|Độc\s+lập\s*-\s*Tự\s+do|^[-_=.\s]+$/iu;
/** Where the motto starts in a column that also holds the issuer: "ỦY BAN NHÂN DÂN CỘNG HÒA …". */
const MOTTO_INSIDE = /\s(?:CỘNG\s+H[OÒ]A\s+XÃ|Độc\s+lập\s*-\s*Tự\s+do)/iu;
const URGENCY = /^(?:HỎA\s+TỐC|THƯỢNG\s+KHẨN|KHẨN|MẬT|TỐI\s+MẬT|TUYỆT\s+MẬT|DỰ\s+THẢO)$/u;
const NUMBER_LINE = /^Số\s*(?:hiệu)?\s*:?\s*(\d.*)$/u;
/** "Số: 1520/UBND-NN Bắc Ninh, ngày 12 …": the number, then what follows it on the line. */
const NUMBER_THEN = /^Số\s*(?:hiệu)?\s*:?\s*\d+\s*\/\s*\S+\s+(.+)$/u;
const SUBJECT_LINE = /^(?:V\/v|V\/V|Về\s+việc)\s*:?\s*(.*)$/u;
const PLACE_DATE = /^([^,\d]{2,60}),\s*(?:ngày\s+)?\d{1,2}(?:\s+tháng\s+|\s*[/.-]\s*)\d{1,2}/u;
export const RECIPIENTS = /^Kính\s+gửi\s*:?\s*(.*)$/iu;
/** A Công điện names its recipients after "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:". */
export const TELEGRAM_RECIPIENTS =
  /^(?:CHỦ\s+TỊCH|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|BAN\s+CHỈ|ỦY\s+BAN|UBND)[^:]{0,120}\sđiện\s*:\s*(.*)$/iu;
const CITES = /\ssố\s*\d+\s*[/-]|\sngày\s+\d|[:,]$/u;
export const LEGAL_BASIS =
  /^(?:Thực hiện|Căn cứ|Triển khai|Theo|Tiếp theo|Thi hành|Để triển khai|Nhằm triển khai)(?=\s)/u;

const DOCUMENT_TYPES: Record<string, string> = {
  KH: 'Kế hoạch',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  TB: 'Thông báo',
  BC: 'Báo cáo',
  TTr: 'Tờ trình',
  CĐ: 'Công điện',
  HD: 'Hướng dẫn',
  NQ: 'Nghị quyết',
  CV: 'Công văn',
  GM: 'Giấy mời',
};
const TITLE_TYPES = [
  'CÔNG VĂN',
  'KẾ HOẠCH',
  'QUYẾT ĐỊNH',
  'CHỈ THỊ',
  'THÔNG BÁO',
  'CÔNG ĐIỆN',
  'HƯỚNG DẪN',
  'BÁO CÁO',
  'NGHỊ QUYẾT',
];

export function readHeader(lines: Line[], recipientsAt: number): DirectiveHeader {
  // With recipients the header ends at them; without, at the first line that is none of its parts.
  const limit = recipientsAt >= 0 ? recipientsAt : Math.min(lines.length, 40);
  let number: string | null = null;
  let place: string | null = null;
  let issuedOn: string | null = null;
  let subject: string | null = null;
  let titleType: string | null = null;
  let end = limit;
  const issuerParts: string[] = [];

  for (let i = 0; i < limit; i++) {
    const line = lines[i];
    if (!line.text) continue;
    if (i > 0 && recipientsAt < 0 && LEGAL_BASIS.test(line.text)) {
      end = i;
      break;
    }
    let recognized = false;
    let subjectEnd = -1;
    for (const column of headerColumns(line.columns)) {
      const numberMatch = NUMBER_LINE.exec(column);
      if (numberMatch && !number) {
        number = cleanNumber(numberMatch[1]);
        recognized = true;
        const after = NUMBER_THEN.exec(column)?.[1];
        if (after && PLACE_DATE.test(after) && !issuedOn) {
          place = cleanName(PLACE_DATE.exec(after)![1]);
          issuedOn = findIssueDate(after) ?? numericDate(after);
        }
        continue;
      }
      if (PLACE_DATE.test(column) && !issuedOn) {
        place = cleanName(PLACE_DATE.exec(column)![1]);
        issuedOn = findIssueDate(column) ?? numericDate(column);
        recognized = true;
        continue;
      }
      const subjectMatch = SUBJECT_LINE.exec(column);
      if (subjectMatch && !subject) {
        const read = subjectFrom(lines, subjectMatch[1], i, limit);
        subject = read.subject;
        subjectEnd = read.end;
        recognized = true;
        continue;
      }
      if (TITLE_TYPES.includes(column.toUpperCase()) && column === column.toUpperCase()) {
        titleType = sentenceCase(column.toLowerCase());
        recognized = true;
        const read = subjectAfterTitle(lines, i, limit);
        if (read && !subject) {
          subject = read.subject;
          subjectEnd = read.end;
        }
        continue;
      }
      if (MOTTO.test(column) || URGENCY.test(column)) {
        recognized = true;
        continue;
      }
      // Before the number: the issuing body (left column).
      if (!number && !subject) {
        issuerParts.push(column);
        recognized = true;
      }
    }
    if (subjectEnd > i) i = subjectEnd - 1;
    if (!recognized && recipientsAt < 0 && (number || subject)) {
      end = i;
      break;
    }
  }

  const issuer = issuerParts.length > 0 ? issuerName(issuerParts) : null;
  return {
    number,
    place,
    issuedOn,
    subject,
    issuer: issuer && looksLikeBody(issuer) ? issuer : null,
    documentType: titleType ?? typeFromNumber(number) ?? (subject ? 'Công văn' : null),
    end,
  };
}

// A body under a committee in a two-line letterhead ("UBND TỈNH LÀO CAI" / "SỞ NỘI VỤ"), folded.
const SUBORDINATE =
  /^(?:so|ban|phong|chi cuc|cuc|trung tam|van phong|thanh tra|bo chi huy|ban chi huy|hoi dong|kho bac|doi|tram|hat) /;
const COMMITTEE =
  /^(?:UBND|ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN)\s+(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|THỊ\s+TRẤN|XÃ|PHƯỜNG|ĐẶC\s+KHU)\s/u;
// The level words after which a place's name follows, longest first.
const LEVEL = /(?:^|\s)(thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|xã|phường)\s+(\S.*)$/u;

/**
 * The issuing body from the letterhead's lines: "ỦY BAN NHÂN DÂN" / "TỈNH NINH BÌNH" → "Ủy ban
 * nhân dân tỉnh Ninh Bình"; a body under its committee ("UBND TỈNH LÀO CAI" / "SỞ VĂN HÓA, THỂ
 * THAO VÀ DU LỊCH") is named with the committee's place: "Sở Văn hóa, Thể thao và Du lịch tỉnh Lào
 * Cai", as Nghị định 30/2020 writes the name of the body that issues.
 */
function issuerName(parts: string[]): string {
  const at = parts.findIndex((part, k) => k > 0 && SUBORDINATE.test(`${foldVietnamese(part)} `));
  const parent = at > 0 ? parts.slice(0, at).join(' ') : '';
  if (at > 0 && COMMITTEE.test(parent) && parent === parent.toUpperCase()) {
    const place = LEVEL.exec(placeCase(normalCase(parent)));
    if (place) return `${agencyCase(parts.slice(at).join(' '))} ${place[1]} ${place[2]}`;
  }
  const joined = parts.join(' ');
  const name = normalCase(joined);
  return joined === joined.toUpperCase() ? placeCase(name) : name;
}

/**
 * A department's name in normal case: the field after its head word takes a capital ("Trạm Y
 * tế", "Hạt Kiểm lâm"), and so does each field of a Sở's or Phòng's name ("Sở Văn hóa, Thể thao
 * và Du lịch", "Phòng Kinh tế, Hạ tầng và Đô thị"); "xã hội" is a word, not a commune. Other
 * names ("Ban Chỉ đạo phòng, chống dịch") as the case rules give them.
 */
function agencyCase(upper: string): string {
  if (upper !== upper.toUpperCase()) return normalCase(upper);
  const name = normalCase(upper)
    .replace(/(^|\s)([Xx]ã) Hội(?=\s|,|$)/gu, '$1$2 hội')
    .replace(
      /^(Trạm|Đội|Hạt|Kho bạc|Xí nghiệp)\s+(\p{Ll})/u,
      (_, head: string, letter: string) => `${head} ${letter.toUpperCase()}`,
    );
  if (!/^(?:Sở|Phòng|Cục|Chi cục)\s/u.test(name)) return name;
  return name.replace(
    /(,\s+|\s+và\s+|\s+-\s+)(?!chống\s)(\p{Ll})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

/** "… đặc khu phú quốc" (a level the case rules do not know) → "… đặc khu Phú Quốc". */
function placeCase(name: string): string {
  const place = LEVEL.exec(name);
  if (!place || /^\p{Lu}/u.test(place[2])) return name;
  const capitalised = place[2].replace(
    /(^|\s)(\p{Ll})/gu,
    (_, space: string, letter: string) => space + letter.toUpperCase(),
  );
  return name.slice(0, name.length - place[2].length) + capitalised;
}

/** Columns of a header line, the motto cut off where a converter ran it into the issuer. */
function headerColumns(columns: string[]): string[] {
  return columns.map((column) => {
    const motto = MOTTO_INSIDE.exec(column);
    return motto && motto.index > 0 ? column.slice(0, motto.index).trim() : column;
  });
}

/** "V/v đẩy mạnh …" and its hard-wrapped continuation lines. */
function subjectFrom(
  lines: Line[],
  first: string,
  at: number,
  limit: number,
): { subject: string; end: number } {
  const parts = [first];
  let i = at + 1;
  for (let next = continuation(lines, i, limit); next >= 0; next = continuation(lines, i, limit)) {
    const column = lines[next].columns[0] ?? '';
    if (NUMBER_LINE.test(column) || PLACE_DATE.test(column)) break;
    parts.push(column);
    i = next + 1;
  }
  return { subject: sentenceCase(cleanName(parts.join(' '))), end: i };
}

/**
 * The line continuing a hard-wrapped subject, or -1: it starts in lower case or with a digit
 * ("sử dụng ứng dụng Bluezone", "2023 - 2024"), after at most one blank line (a docx makes each
 * typed line a paragraph). An upper-case start is the body ("Ngày 20/5/2024, đồng chí …").
 */
function continuation(lines: Line[], from: number, limit: number): number {
  const at = from < limit && !lines[from].text ? from + 1 : from;
  if (at >= limit) return -1;
  const text = lines[at].columns[0] ?? '';
  // A numbered item ("1. Sở Tài chính …") is the body's first part, not a year range.
  if (lines[at].marker && lines[at].marker.kind !== 'bullet') return -1;
  if (/^[\p{Ll}\d(]/u.test(text)) return at;
  return at === from && namedContinuation(lines[at - 1]?.columns[0] ?? '', lines[at]) ? at : -1;
}

// How the text after the header starts, never a subject's second line.
const BODY_OPENING =
  /^(?:Ngày|Sáng|Chiều|Tối|Đêm|Vừa qua|Thời gian qua|Hiện nay|Để|Nhằm|Trong|Sau khi|Tại|Năm|Qua|Trên cơ sở|Nhận được|Xét|Điều|Nơi nhận)(?=[\s,:]|$)/u;

/**
 * A subject's second line may open with a capital when the first broke inside a name ("… dịp
 * Tết Nguyên đán" / "Giáp Thìn và mùa Lễ hội Xuân năm 2024", "… nhà làm việc" / "Bộ phận Một
 * cửa …"): taken when it follows without a blank line, is no wider than the line before (a
 * subject is a narrow centred block, a letter's text runs full width), ends no sentence, and is
 * none of what follows a header.
 */
function namedContinuation(previous: string, line: Line): boolean {
  const text = line.columns[0] ?? '';
  if (!previous || /[.:;!?]$/u.test(previous) || /[.:;,]$/u.test(text) || line.marker) return false;
  if (text.length > Math.min(100, previous.length + 5) || text === text.toUpperCase()) return false;
  return ![
    BODY_OPENING,
    LEGAL_BASIS,
    RECIPIENTS,
    TELEGRAM_RECIPIENTS,
    NUMBER_LINE,
    PLACE_DATE,
    SUBJECT_LINE,
    MOTTO,
  ].some((pattern) => pattern.test(text));
}

/** A title ("KẾ HOẠCH") is followed by the subject in place of "V/v". */
function subjectAfterTitle(
  lines: Line[],
  titleAt: number,
  limit: number,
): { subject: string; end: number } | null {
  let start = titleAt + 1;
  while (start < limit && !lines[start].text) start++;
  // "Về việc …" under the title is read as a subject line of its own.
  if (start >= limit || SUBJECT_LINE.test(lines[start].text)) return null;
  const first = lines[start].text;
  if (RECIPIENTS.test(first) || TELEGRAM_RECIPIENTS.test(first)) return null;
  const parts = [first];
  let i = start + 1;
  for (let next = continuation(lines, i, limit); next >= 0; next = continuation(lines, i, limit)) {
    parts.push(lines[next].text);
    i = next + 1;
  }
  // "Thực hiện Chương trình …" / "Triển khai Tháng hành động …" is a subject; a legal basis
  // cites a document by its number or date, or leads into the text.
  if (LEGAL_BASIS.test(first) && CITES.test(parts.join(' '))) return null;
  const subject = cleanName(parts.join(' ')).replace(/^Về\s+(?:việc\s+)?/u, '');
  return { subject: sentenceCase(normalCase(subject)), end: i };
}

/** "Kính gửi: A; B" or a bulleted list; blank lines between items (as a docx gives) included. */
export function readRecipients(
  lines: Line[],
  at: number,
  headerEnd: number,
): { recipients: string[]; next: number } {
  if (at < 0) return { recipients: [], next: headerEnd };
  const recipients: string[] = [];
  const heading = lines[at].text;
  const inline = (RECIPIENTS.exec(heading) ?? TELEGRAM_RECIPIENTS.exec(heading))?.[1] ?? '';
  if (inline) recipients.push(...inline.split(/\s*;\s*/u));
  // A list goes on across blank lines only while its items end in ";" (the last ends in ".").
  let open = !inline || /;$/u.test(inline);
  let i = at + 1;
  let blankSince = -1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (!line.text) {
      if (blankSince < 0) blankSince = i;
      if (recipients.length > 0 && !open) break;
      continue;
    }
    const bullet = BULLET.exec(line.text);
    if (bullet) {
      // "- Sở Y tế; Sở Nội vụ;": one recipient per body.
      recipients.push(...bullet[2].split(/\s*;\s*/u).filter(Boolean));
    } else if (recipients.length === 0 && !LEGAL_BASIS.test(line.text) && line.text.length < 150) {
      recipients.push(line.text);
    } else {
      // The body starts here, not at the blank lines before it.
      if (blankSince >= 0) i = blankSince;
      break;
    }
    blankSince = -1;
    open = /;$/u.test(line.text);
  }
  return { recipients: recipients.map(cleanName).filter(Boolean), next: i };
}

/** "UBND huyện yêu cầu" in a letter numbered …/UBND-… from An Thi: the district committee. */
export function inferIssuer(
  number: string | null,
  place: string | null,
  preamble: string[],
): string | null {
  if (!number || !place || !/\/UBND\b/u.test(number)) return null;
  const level =
    /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)\s+(?:yêu cầu|đề nghị|giao)/u.exec(
      preamble.join(' '),
    )?.[1];
  return level ? `Ủy ban nhân dân ${level} ${place}` : null;
}

/** "451 /UBND-VHTT" → "451/UBND-VHTT". */
export function cleanNumber(written: string): string {
  return written
    .replace(/\s*([/–-])\s*/gu, '$1')
    .split(/\s/u)[0]
    .replace(/[.,;:]+$/u, '');
}

function typeFromNumber(number: string | null): string | null {
  const code = number?.split('/')[1]?.split('-')[0];
  return code ? (DOCUMENT_TYPES[code] ?? null) : null;
}

function numericDate(column: string): string | null {
  const match = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/u.exec(column);
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}
