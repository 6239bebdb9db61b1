import type { Frequency, Recurrence } from './parsed-directive.js';

/**
 * Dates, times, deadlines and recurrences as Vietnamese directives write them:
 * "ngày 22 tháng 8 năm 2020", "22/8/2020", "trước 16 giờ 00 ngày 25/6/2021", "16h00",
 * "trong tháng 10/2023" (the month's last day), "định kỳ hằng tuần vào thứ Sáu". All patterns are
 * linear (no nested quantifiers).
 */

const TIME = String.raw`(\d{1,2})\s*(?:giờ|h|g|:)\s*(\d{2})?(?:\s*phút)?`;
const DATE_NUMERIC = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?`;
const DATE_WORDS = String.raw`(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:,\s*)?năm\s+(\d{4}))?`;
const DATE = `(?:${DATE_NUMERIC}|${DATE_WORDS})`;

// A deadline is a date introduced by one of these; "trong vòng 48 giờ" has no date and is not one.
const DEADLINE_WORDS = [
  'trước',
  'chậm nhất(?:\\s+là)?(?:\\s+vào)?',
  'muộn nhất(?:\\s+là)?',
  'hạn chót(?:\\s+là)?',
  'thời hạn(?:\\s+hoàn thành)?(?:\\s+là|\\s*:)?',
  'hoàn thành(?:\\s+vào)?',
  'đến hết',
  'xong trước',
  'không quá',
  'trong',
].join('|');

const DEADLINE = new RegExp(
  `(?:^|[^\\p{L}])(?:${DEADLINE_WORDS})\\s+(?:${TIME}\\s*,?\\s*)?(?:ngày\\s+)?${DATE}`,
  'giu',
);

// "trong tháng 10/2023", "hết quý IV/2023": the last day of that month or quarter.
const PERIOD =
  /(?:^|[^\p{L}])(?:trong|hết|cuối)\s+(tháng|quý)\s+(\d{1,2}|IV|I{1,3})(?:\s*(?:\/|năm)\s*(\d{4}))?(?![\d/])/giu;
const QUARTERS: Record<string, number> = {
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
};

const ISSUE_DATE = new RegExp(`ngày\\s+${DATE}`, 'iu');
const ANY_DATE = new RegExp(`^\\s*${DATE}\\s*$`, 'u');

export function isoDate(day: number, month: number, year: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Day, month and year from the capture groups of DATE (numeric or in words). */
function dateFromGroups(
  groups: Array<string | undefined>,
  contextYear: number | null,
): {
  day: number;
  month: number;
  year: number | null;
} | null {
  const [d1, m1, y1, d2, m2, y2] = groups;
  const day = Number(d1 ?? d2);
  const month = Number(m1 ?? m2);
  const year = (y1 ?? y2) ? Number(y1 ?? y2) : contextYear;
  if (!day || !month) return null;
  return { day, month, year };
}

/** "ngày 22 tháng 8 năm 2020", "ngày 22/8/2020" → "2020-08-22" (first found in the text). */
export function findIssueDate(text: string): string | null {
  const match = ISSUE_DATE.exec(text);
  if (!match) return null;
  const parts = dateFromGroups(match.slice(1, 7), null);
  return parts?.year ? isoDate(parts.day, parts.month, parts.year) : null;
}

/** A date written alone: "22/8/2020" or "22 tháng 8 năm 2020". */
export function parseDate(text: string, contextYear: number | null = null): string | null {
  const match = ANY_DATE.exec(text);
  if (!match) return null;
  const parts = dateFromGroups(match.slice(1, 7), contextYear);
  return parts?.year ? isoDate(parts.day, parts.month, parts.year) : null;
}

export interface DeadlineContext {
  /** The directive's date: gives the year to a deadline written without one. */
  issuedOn: string | null;
}

/**
 * Every explicit deadline in a text, in order, as ISO strings: "YYYY-MM-DD", or
 * "YYYY-MM-DDTHH:MM:00+07:00" when a time is given (Vietnam has no daylight saving).
 */
export function findDeadlines(text: string, context: DeadlineContext): string[] {
  const dated = findDatedDeadlines(text, context);
  const periods = findPeriodDeadlines(text, context);
  if (periods.length === 0) return dated.map((d) => d.deadline);
  return [...dated, ...periods].sort((a, b) => a.at - b.at).map((d) => d.deadline);
}

interface FoundDeadline {
  at: number;
  deadline: string;
}

function findDatedDeadlines(text: string, context: DeadlineContext): FoundDeadline[] {
  const issued = context.issuedOn;
  const contextYear = issued ? Number(issued.slice(0, 4)) : null;
  const found: FoundDeadline[] = [];
  DEADLINE.lastIndex = 0;
  for (let match = DEADLINE.exec(text); match; match = DEADLINE.exec(text)) {
    const [hour, minute] = [match[1], match[2]];
    const parts = dateFromGroups(match.slice(3, 9), contextYear);
    if (!parts?.year) continue;
    let date = isoDate(parts.day, parts.month, parts.year);
    // "trước ngày 15/9" in a letter of December means next September.
    if (
      date &&
      issued &&
      !match.slice(3, 9).some((group, i) => (i === 2 || i === 5) && group) &&
      date < issued
    ) {
      date = isoDate(parts.day, parts.month, parts.year + 1);
    }
    if (!date) continue;
    if (hour !== undefined) {
      const h = Number(hour);
      const m = minute === undefined ? 0 : Number(minute);
      if (h > 23 || m > 59) {
        found.push({ at: match.index, deadline: date });
        continue;
      }
      found.push({ at: match.index, deadline: `${date}T${pad(h)}:${pad(m)}:00+07:00` });
    } else {
      found.push({ at: match.index, deadline: date });
    }
  }
  return found;
}

/**
 * "trong tháng 10/2023" → 2023-10-31, "trong quý IV/2023" → 2023-12-31. A month or quarter already
 * over when the directive was issued is a report of the past ("Trong tháng 8/2021, … ghi nhận 42
 * ca"), not a deadline; one written without a year is the next such period.
 */
function findPeriodDeadlines(text: string, context: DeadlineContext): FoundDeadline[] {
  if (!text.includes('tháng') && !text.includes('quý')) return [];
  const issued = context.issuedOn;
  const contextYear = issued ? Number(issued.slice(0, 4)) : null;
  const found: FoundDeadline[] = [];
  PERIOD.lastIndex = 0;
  for (let match = PERIOD.exec(text); match; match = PERIOD.exec(text)) {
    const quarter = match[1].toLowerCase() === 'quý';
    const month = quarter ? (QUARTERS[match[2].toUpperCase()] ?? 0) * 3 : Number(match[2]);
    let year = match[3] ? Number(match[3]) : contextYear;
    if (!year || month < 1 || month > 12) continue;
    let end = lastDayOf(year, month);
    if (issued && end < issued) {
      if (match[3]) continue;
      year += 1;
      end = lastDayOf(year, month);
    }
    found.push({ at: match.index, deadline: end });
  }
  return found;
}

function lastDayOf(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The latest of ISO deadlines (dates count as the end of their day). */
export function latestDeadline(deadlines: string[]): string | null {
  let latest: string | null = null;
  for (const deadline of deadlines) {
    if (latest === null || deadlineKey(deadline) > deadlineKey(latest)) latest = deadline;
  }
  return latest;
}

function deadlineKey(deadline: string): string {
  return deadline.length === 10 ? `${deadline}T24:00` : deadline.slice(0, 16);
}

const FREQUENCIES: Record<string, Frequency> = {
  ngày: 'daily',
  tuần: 'weekly',
  tháng: 'monthly',
  quý: 'quarterly',
};
const RECURRENCE = /(?:hằng|hàng|mỗi)\s+(ngày|tuần|tháng|quý)/iu;
const WEEKDAY = /\b(?:thứ\s+(Hai|Ba|Tư|Năm|Sáu|Bảy|bảy|sáu|năm|tư|ba|hai|[2-7])|(Chủ nhật))/u;
const WEEKDAY_NAMES: Record<string, string> = {
  '2': 'Hai',
  '3': 'Ba',
  '4': 'Tư',
  '5': 'Năm',
  '6': 'Sáu',
  '7': 'Bảy',
};
const TIME_ALONE = new RegExp(`(?:trước|vào|lúc|trong)\\s+${TIME}`, 'iu');
const MONTH_DAY =
  /ngày\s+(\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng|(?:hằng|hàng|mỗi)\s+tháng\s*\(?\s*(?:vào\s+)?(?:trước\s+)?ngày\s+(\d{1,2})/iu;
// "hằng quý (trước ngày 20 của tháng cuối quý)": the day as written.
const QUARTER_DAY_WORDS = String.raw`(ngày\s+\d{1,2}(?:\s+(?:của\s+)?tháng\s+(?:đầu|giữa|cuối)\s+quý)?)`;
const QUARTER_DAY = new RegExp(
  `${QUARTER_DAY_WORDS}\\s+(?:hằng|hàng|mỗi)\\s+quý|(?:hằng|hàng|mỗi)\\s+quý\\s*\\(?\\s*(?:vào\\s+)?(?:trước\\s+)?${QUARTER_DAY_WORDS}`,
  'iu',
);

/** "báo cáo định kỳ hằng tuần (trước 15 giờ 00 thứ Sáu)" → weekly, "thứ Sáu", "15:00". */
export function findRecurrence(text: string): Recurrence | null {
  const match = RECURRENCE.exec(text);
  if (!match) return null;
  const frequency = FREQUENCIES[match[1].toLowerCase()];
  // Details are read from the clause around the recurrence only.
  const clause = clauseAround(text, match.index);
  let detail: string | null = null;
  if (frequency === 'weekly') {
    const weekday = WEEKDAY.exec(clause);
    if (weekday) {
      const name = weekday[1] ?? '';
      detail = weekday[2]
        ? 'Chủ nhật'
        : `thứ ${WEEKDAY_NAMES[name] ?? name.charAt(0).toUpperCase() + name.slice(1)}`;
    }
  } else if (frequency === 'monthly') {
    const day = MONTH_DAY.exec(clause);
    if (day) detail = `ngày ${day[1] ?? day[2]}`;
  } else if (frequency === 'quarterly') {
    const day = QUARTER_DAY.exec(clause);
    if (day) detail = (day[1] ?? day[2]).replace(/\s+/gu, ' ');
  }
  const time = TIME_ALONE.exec(clause);
  const hour = time ? Number(time[1]) : NaN;
  const minute = time?.[2] ? Number(time[2]) : 0;
  return {
    frequency,
    detail,
    time: hour <= 23 && minute <= 59 ? `${pad(hour)}:${pad(minute)}` : null,
  };
}

function clauseAround(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf(';', index), text.lastIndexOf('. ', index)) + 1;
  const ends = [text.indexOf(';', index), text.indexOf('. ', index)].filter((end) => end >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : text.length;
  return text.slice(start, end);
}
