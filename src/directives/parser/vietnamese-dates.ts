import { FIRST_YEAR, LAST_YEAR, WorkingCalendar } from '../../calendar/working-calendar.js';
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
  /** Days off and Tết as the deployment has them; the statutory calendar when absent. */
  calendar?: WorkingCalendar;
  /** Told when a date is read by a rule the clerk should check ("Trước Tết" → a day). */
  warn?: (message: string) => void;
}

/** A dated step in a text: where its date expression starts and ends, and the deadline. */
export interface DatedStep {
  at: number;
  end: number;
  deadline: string;
}

/**
 * Every explicit deadline in a text, in order, as ISO strings: "YYYY-MM-DD", or
 * "YYYY-MM-DDTHH:MM:00+07:00" when a time is given (Vietnam has no daylight saving).
 */
export function findDeadlines(text: string, context: DeadlineContext): string[] {
  return findDatedSteps(text, context).map((step) => step.deadline);
}

/**
 * The dated steps of a text in order: deadlines ("trước ngày 15/11/2025"), months and quarters
 * ("trong quý IV/2025"), spans ("từ ngày 25/10 đến ngày 30/11/2025": the end), a later time of a
 * day already named ("… trước 20 giờ 00 cùng ngày") and "trước Tết Nguyên đán".
 */
export function findDatedSteps(text: string, context: DeadlineContext): DatedStep[] {
  const steps = [
    ...findDatedDeadlines(text, context),
    ...findPeriodDeadlines(text, context),
    ...findSpans(text, context),
  ].sort((a, b) => a.at - b.at);
  // A deadline inside a span ("từ ngày 15/01 đến hết ngày 28/02") is the span's.
  const kept = steps.filter(
    (step, k) =>
      !steps.some(
        (other, j) =>
          j !== k &&
          other.at <= step.at &&
          step.end <= other.end &&
          other.end - other.at > step.end - step.at,
      ),
  );
  // "… báo cáo vào thứ Hai hằng tuần đến hết tháng 4/2026": the end of a recurrence, no deadline.
  const recurring = kept.filter((step) => !endsRecurrence(text, step));
  const sameDay = findSameDayTimes(text, recurring);
  const tet = /tết/iu.test(text) ? beforeTetStep(text, context) : null;
  return [...recurring, ...sameDay, ...(tet ? [tet] : [])].sort((a, b) => a.at - b.at);
}

const RECURRING_WORDS = /(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)|định kỳ/iu;

/** A date introduced by "đến (hết)" after a recurrence in its clause: when the recurrence ends. */
function endsRecurrence(text: string, step: DatedStep): boolean {
  const own = text.slice(step.at, step.end).replace(/^[^\p{L}]+/u, '');
  const before = text.slice(Math.max(0, step.at - 160), step.at);
  const clause = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('. ')) + 1);
  const introduced =
    /^đến\s+hết/iu.test(own) || (/^hết/iu.test(own) && /(?:đến|tới)\s*$/iu.test(clause));
  return introduced && RECURRING_WORDS.test(clause);
}

const EVERY_YEAR = /^\s*(?:hằng|hàng|mỗi)\s+năm/iu;

function findDatedDeadlines(text: string, context: DeadlineContext): DatedStep[] {
  const issued = context.issuedOn;
  const contextYear = issued ? Number(issued.slice(0, 4)) : null;
  const found: DatedStep[] = [];
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
    // "trước ngày 15/11 hằng năm" is the day of a yearly report, not one deadline.
    if (
      EVERY_YEAR.test(text.slice(match.index + match[0].length, match.index + match[0].length + 12))
    )
      continue;
    if (hour !== undefined) {
      const h = Number(hour);
      const m = minute === undefined ? 0 : Number(minute);
      if (h > 23 || m > 59) {
        found.push({ at: match.index, end: match.index + match[0].length, deadline: date });
        continue;
      }
      found.push({
        at: match.index,
        end: match.index + match[0].length,
        deadline: `${date}T${pad(h)}:${pad(m)}:00+07:00`,
      });
    } else {
      found.push({ at: match.index, end: match.index + match[0].length, deadline: date });
    }
  }
  return found;
}

/**
 * "trong tháng 10/2023" → 2023-10-31, "trong quý IV/2023" → 2023-12-31. A month or quarter already
 * over when the directive was issued is a report of the past ("Trong tháng 8/2021, … ghi nhận 42
 * ca"), not a deadline; one written without a year is the next such period.
 */
function findPeriodDeadlines(text: string, context: DeadlineContext): DatedStep[] {
  if (!/tháng|quý/iu.test(text)) return [];
  const issued = context.issuedOn;
  const contextYear = issued ? Number(issued.slice(0, 4)) : null;
  const found: DatedStep[] = [];
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
    found.push({ at: match.index, end: match.index + match[0].length, deadline: end });
  }
  return found;
}

// "từ ngày 25/10/2025 đến ngày 30/11/2025", "từ 15/01 đến 10/02/2026": a span, due at its end.
const SPAN = new RegExp(
  `(?:^|[^\\p{L}])từ\\s+(?:ngày\\s+)?${DATE}\\s*(?:đến|tới|-)\\s+(?:hết\\s+)?(?:ngày\\s+)?${DATE}`,
  'giu',
);

function findSpans(text: string, context: DeadlineContext): DatedStep[] {
  if (!/từ/iu.test(text)) return [];
  const contextYear = context.issuedOn ? Number(context.issuedOn.slice(0, 4)) : null;
  const found: DatedStep[] = [];
  SPAN.lastIndex = 0;
  for (let match = SPAN.exec(text); match; match = SPAN.exec(text)) {
    const parts = dateFromGroups(match.slice(7, 13), contextYear);
    const date = parts?.year ? isoDate(parts.day, parts.month, parts.year) : null;
    if (date) found.push({ at: match.index, end: match.index + match[0].length, deadline: date });
  }
  return found;
}

// "… trước 18 giờ 00 ngày 23/7/2025; báo cáo … trước 20 giờ 00 cùng ngày": that day, that time.
const SAME_DAY = new RegExp(
  `(?:^|[^\\p{L}])(?:${DEADLINE_WORDS})\\s+${TIME}\\s*,?\\s*(?:cùng|trong)\\s+ngày(?!\\s*\\d)`,
  'giu',
);

function findSameDayTimes(text: string, steps: DatedStep[]): DatedStep[] {
  if (steps.length === 0 || (!text.includes('cùng ngày') && !text.includes('trong ngày')))
    return [];
  const found: DatedStep[] = [];
  SAME_DAY.lastIndex = 0;
  for (let match = SAME_DAY.exec(text); match; match = SAME_DAY.exec(text)) {
    const before = steps.filter((step) => step.end <= match.index).at(-1);
    const [h, m] = [Number(match[1]), match[2] === undefined ? 0 : Number(match[2])];
    if (!before || h > 23 || m > 59) continue;
    const day = before.deadline.slice(0, 10);
    found.push({
      at: match.index,
      end: match.index + match[0].length,
      deadline: `${day}T${pad(h)}:${pad(m)}:00+07:00`,
    });
  }
  return found;
}

function beforeTetStep(text: string, context: DeadlineContext): DatedStep | null {
  const tet = beforeTet(text, context);
  if (!tet) return null;
  context.warn?.(tet.warning);
  return { at: tet.at, end: tet.at + tet.length, deadline: tet.date };
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
  năm: 'yearly',
};
const RECURRENCE = /(?:hằng|hàng|mỗi)\s+(ngày|tuần|tháng|quý|năm)(?!\s+(?:học|nay|sau|tới))/iu;
// "định kỳ 6 tháng", "6 tháng một lần", a cell "6 tháng, năm": half-yearly (not "6 tháng đầu năm").
const HALF_YEARLY =
  /(?:định kỳ|hằng|hàng|mỗi)\s+(?:06|6|sáu)\s+tháng(?!\s*\(\s*(?:trước|chậm nhất))|(?:06|6|sáu)\s+tháng\s*(?:\/|một)\s*lần|(?:^|[(:]\s*)(?:06|6|sáu)\s+tháng\s*,\s*(?:cả\s+)?năm/iu;
const WEEKDAY =
  /(?:^|[^\p{L}])(?:[Tt]hứ\s+(Hai|Ba|Tư|Năm|Sáu|Bảy|bảy|sáu|năm|tư|ba|hai|[2-7])|(Chủ nhật))/u;
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
  /ngày\s+(\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng|(?:hằng|hàng|mỗi)\s+tháng\s*[(,]?\s*(?:vào\s+)?(?:trước\s+)?ngày\s+(\d{1,2})/iu;
// "hằng quý (trước ngày 20 của tháng cuối quý)": the day as written.
const QUARTER_DAY_WORDS = String.raw`(ngày\s+\d{1,2}(?:\s+(?:của\s+)?tháng\s+(?:đầu|giữa|cuối)\s+quý)?)`;
const QUARTER_DAY = new RegExp(
  `${QUARTER_DAY_WORDS}\\s+(?:hằng|hàng|mỗi)\\s+quý|(?:hằng|hàng|mỗi)\\s+quý\\s*\\(?\\s*(?:vào\\s+)?(?:trước\\s+)?${QUARTER_DAY_WORDS}`,
  'iu',
);

// The reports Nghị định 09/2019 names by their period: "Báo cáo tháng: trước ngày 18 hằng tháng",
// "gửi báo cáo quý trước ngày 15 của tháng cuối quý", "Báo cáo 6 tháng", "Báo cáo năm: …"; not
// "báo cáo tháng 10/2025" or "báo cáo năm 2025", which name one period.
const REPORT_BY_PERIOD =
  /(?:báo cáo\s+(tuần|tháng|quý|(?:06|6|sáu)\s+tháng|năm)(?!\s*\d)(?=\s*[:,;(.]|\s+(?:trước|chậm nhất|gửi|vào|định kỳ|về)|\s*$)|theo\s+(tuần|tháng|quý|năm)(?=\s*[,;.]))/iu;
// "gửi báo cáo năm trước ngày 15/11/2027": one report, dated; not a recurring one.
const DATED_ONCE = /^[^;.]{0,60}?\d{1,2}\s*\/\s*\d{1,2}\s*\/\s*\d{4}/u;
// The cut-off of a report's figures ("số liệu tính từ ngày 15 … đến ngày 14 …", "chốt đến 17 giờ
// thứ Năm"): its days are not the day the report is due.
const CUT_OFF =
  /(?:số liệu\s+)?(?:tính|chốt|lấy)\s+(?:(?:số liệu\s+)?từ\s+[^,;)]*?\s+)?(?:đến|tới)\s+[^,;)]*/giu;
const REPORT_PERIODS: Record<string, Frequency> = {
  tuần: 'weekly',
  tháng: 'monthly',
  quý: 'quarterly',
  '06 tháng': 'half-yearly',
  '6 tháng': 'half-yearly',
  'sáu tháng': 'half-yearly',
  năm: 'yearly',
};

const QUARTER_DAY_ALONE =
  /(ngày\s+\d{1,2}\s+(?:của\s+)?tháng\s+(?:đầu|giữa|cuối)\s+quý(?:\s+(?:sau|tiếp theo))?)/iu;

/** "báo cáo định kỳ hằng tuần (trước 15 giờ 00 thứ Sáu)" → weekly, "thứ Sáu", "15:00". */
export function findRecurrence(text: string): Recurrence | null {
  // A report named by its period ("Báo cáo 6 tháng: trước ngày 15/6 hằng năm") recurs by it.
  const half = HALF_YEARLY.exec(text);
  let named = half ? null : REPORT_BY_PERIOD.exec(text);
  if (named && DATED_ONCE.test(text.slice(named.index + named[0].length))) named = null;
  const match = half || named ? null : RECURRENCE.exec(text);
  // "báo cáo … trước ngày 20 của tháng cuối quý": a quarter's day is a quarterly report.
  const quarterDay = half || named || match ? null : QUARTER_DAY_ALONE.exec(text);
  if (!match && !half && !named && !quarterDay) return null;
  const at = (half ?? match ?? named ?? quarterDay)!.index;
  const period = named ? (named[1] ?? named[2]) : '';
  const frequency = half
    ? 'half-yearly'
    : match
      ? FREQUENCIES[match[1].toLowerCase()]
      : named
        ? (REPORT_PERIODS[period.toLowerCase().replace(/\s+/gu, ' ')] ?? 'monthly')
        : 'quarterly';
  // Details are read from the clause around the recurrence only, the figures' cut-off aside.
  const clause = clauseAround(text, at).slice(0, 600).replace(CUT_OFF, ' ');
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
    const day = QUARTER_DAY.exec(clause) ?? QUARTER_DAY_ALONE.exec(clause);
    if (day) detail = (day[1] ?? day[2]).replace(/\s+/gu, ' ');
  } else if (frequency === 'yearly' || frequency === 'half-yearly') {
    const day = /ngày\s+(\d{1,2}\s*\/\s*\d{1,2})(?!\s*\/\s*\d)/u.exec(clause);
    if (day) detail = `ngày ${day[1].replace(/\s+/gu, '')}`;
  }
  const time = TIME_ALONE.exec(clause);
  const hour = time ? Number(time[1]) : NaN;
  const minute = time?.[2] ? Number(time[2]) : 0;
  const recurrence: Recurrence = {
    frequency,
    detail,
    time: hour <= 23 && minute <= 59 ? `${pad(hour)}:${pad(minute)}` : null,
  };
  const until = untilIn(clause);
  if (until) recurrence.until = until;
  return recurrence;
}

const UNTIL_DATE = new RegExp(`(?:đến|tới)\\s+(?:hết\\s+)?(?:ngày\\s+)?${DATE}`, 'iu');
const UNTIL_PERIOD =
  /(?:đến\s+hết|đến|tới|trong)\s+(tháng|quý)\s+(\d{1,2}|IV|I{1,3})\s*(?:\/|năm)\s*(\d{4})/iu;

/** "đến hết tháng 4/2026", "đến 30/11/2026", "trong tháng 5/2024": when a recurrence stops. */
function untilIn(clause: string): string | null {
  const dated = UNTIL_DATE.exec(clause);
  if (dated) {
    const parts = dateFromGroups(dated.slice(1, 7), null);
    if (parts?.year) return isoDate(parts.day, parts.month, parts.year);
  }
  const period = UNTIL_PERIOD.exec(clause);
  if (!period) {
    const year = /(?:đến|tới)\s+(?:hết\s+)?năm\s+(\d{4})/iu.exec(clause);
    return year ? `${year[1]}-12-31` : null;
  }
  const quarter = period[1].toLowerCase() === 'quý';
  const month = quarter ? (QUARTERS[period[2].toUpperCase()] ?? 0) * 3 : Number(period[2]);
  return month >= 1 && month <= 12 ? lastDayOf(Number(period[3]), month) : null;
}

/** A table row's recurrence: the "Thời gian" cell with its note ("Hằng tuần" / "Thứ Tư"). */
export function tableCellRecurrence(cell: string, _context: DeadlineContext): Recurrence | null {
  if (!cell) return null;
  return findRecurrence(cell);
}

// Without a calendar of its own (the import passes the one with the admins' adjustments), the
// statutory one: the holiday library's Giao thừa and the Tết rule.
let statutory: WorkingCalendar | undefined;

/**
 * "Trước Tết Nguyên đán [2027]": the last working day before the Tết holiday begins, as the
 * working calendar has it. Without a year, the first Tết after the letter's date.
 */
export function beforeTet(
  text: string,
  context: DeadlineContext,
): { date: string; warning: string; at: number; length: number } | null {
  const match =
    /trước\s+(?:kỳ nghỉ\s+)?tết(?:\s+nguyên\s+đán)?(?:\s+(?:\p{L}+\s+\p{L}+\s+)?(?:năm\s+)?(\d{4}))?/iu.exec(
      text,
    );
  if (!match) return null;
  const calendar = context.calendar ?? (statutory ??= new WorkingCalendar());
  const startOf = (year: number) =>
    year >= FIRST_YEAR && year <= LAST_YEAR ? calendar.tetStart(year) : null;
  let tet: string | null = null;
  if (match[1]) tet = startOf(Number(match[1]));
  else if (context.issuedOn) {
    const year = Number(context.issuedOn.slice(0, 4));
    tet = [startOf(year), startOf(year + 1)].find((day) => day && day > context.issuedOn!) ?? null;
  }
  if (!tet) return null;
  const date = calendar.lastWorkingDayBefore(tet);
  return {
    date,
    warning: `"${match[0].trim()}" read as ${date}, the last working day before the Tết holiday`,
    at: match.index,
    length: match[0].length,
  };
}

const CELL_DATE = new RegExp(DATE, 'gu');
const CELL_PERIOD = /(tháng|quý)\s+(\d{1,2}|IV|I{1,3})\s*(?:\/|năm)\s*(\d{4})/giu;
const CELL_YEAR = /năm\s+(\d{4})/iu;

/**
 * A table's "Thời gian hoàn thành" cell: "31/12/2025", "Trước ngày 15/11/2025", "Quý IV/2025",
 * "Tháng 02/2026", "Từ 15/01 đến 10/02/2026" (the last day), "Đến hết năm 2026", "Trước Tết
 * Nguyên đán". "Thường xuyên" and events are no date.
 */
export function tableCellDate(
  cell: string,
  context: DeadlineContext,
): { date: string; warning: string | null } | null {
  if (!cell) return null;
  const tet = beforeTet(cell, context);
  if (tet) return tet;
  const issued = context.issuedOn;
  let best: { at: number; date: string } | null = null;
  const keep = (at: number, date: string | null) => {
    if (date && (!best || at >= best.at)) best = { at, date };
  };
  const years = [...cell.matchAll(/\d{4}/gu)].map((m) => Number(m[0]));
  const fallbackYear = years.at(-1) ?? (issued ? Number(issued.slice(0, 4)) : null);
  for (const match of cell.matchAll(CELL_DATE)) {
    const parts = dateFromGroups(match.slice(1, 7), fallbackYear);
    if (!parts?.year) continue;
    let date = isoDate(parts.day, parts.month, parts.year);
    if (date && issued && date < issued && !(match[3] ?? match[6]) && years.length === 0)
      date = isoDate(parts.day, parts.month, parts.year + 1);
    keep(match.index, date);
  }
  for (const match of cell.matchAll(CELL_PERIOD)) {
    const quarter = match[1].toLowerCase() === 'quý';
    const month = quarter ? (QUARTERS[match[2].toUpperCase()] ?? 0) * 3 : Number(match[2]);
    if (month >= 1 && month <= 12) keep(match.index, lastDayOf(Number(match[3]), month));
  }
  if (!best) {
    const year = CELL_YEAR.exec(cell);
    if (year) keep(year.index, `${year[1]}-12-31`);
  }
  const found = best as { at: number; date: string } | null;
  return found ? { date: found.date, warning: null } : null;
}

function clauseAround(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf(';', index), text.lastIndexOf('. ', index)) + 1;
  const ends = [text.indexOf(';', index), text.indexOf('. ', index)].filter((end) => end >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : text.length;
  return text.slice(start, end);
}
