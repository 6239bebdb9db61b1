import type { Milestone } from './parsed-directive.js';
import { type DatedStep, type DeadlineContext, findDatedSteps } from './vietnamese-dates.js';

/**
 * The dated steps of one body's part: "rà soát … trước ngày 18/10/2025; tổ chức tiêm chủng từ
 * ngày 25/10 đến ngày 30/11/2025; báo cáo kết quả … trước ngày 10/12/2025" is three milestones,
 * the last one a report. A step is the clause that holds a date (clauses end at ";" and at a
 * sentence's end); a clause holding two dates that are not a span ("hoàn thành đợt 1 trước ngày
 * 15/11/2025, đợt 2 trước ngày 15/01/2026") is cut at the comma between them.
 */
export function findMilestones(text: string, context: DeadlineContext): Milestone[] {
  return milestonesOf(text, findDatedSteps(text, { issuedOn: context.issuedOn }));
}

/** The milestones of a text whose dated steps are already found (findDatedSteps). */
export function milestonesOf(text: string, steps: DatedStep[]): Milestone[] {
  return steps.map((step, k) => {
    // A date closes the words of its step ("rà soát … trước ngày 18/10"): they run from the end
    // of the clause's previous date; the last date of a clause takes the rest of the clause.
    const start = Math.max(clauseStart(text, step.at), steps[k - 1]?.end ?? 0);
    const end = clauseEnd(text, step.end);
    const next = steps[k + 1];
    let words = stepWords(text.slice(start, next && next.at < end ? step.end : end), step, text);
    // "Trước ngày 15/11, hoàn thành …": the date first, the words after it.
    if (!words)
      words = stepWords(text.slice(step.at, next && next.at < end ? next.at : end), step, text);
    return { text: words, deadline: step.deadline, kind: isReport(words) ? 'report' : 'work' };
  });
}

function clauseStart(text: string, at: number): number {
  let start = 0;
  for (const mark of [';', '. ', '\n']) {
    const found = text.lastIndexOf(mark, at - 1);
    if (found >= 0) start = Math.max(start, found + mark.length);
  }
  return start;
}

function clauseEnd(text: string, at: number): number {
  let end = text.length;
  for (const mark of [';', '. ', '\n']) {
    const found = text.indexOf(mark, at);
    if (found >= 0) end = Math.min(end, found);
  }
  return end;
}

/** The step's words without its date expression and the linking words around it. */
function stepWords(clause: string, step: DatedStep, text: string): string {
  const dateText = text.slice(step.at, step.end).trim();
  const words = clause
    .replace(dateText, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s,.;:]*(?:(?:và|đồng thời|sau đó|rồi)\s+)?/iu, '')
    .replace(/[\s,.;:]*(?:hoàn thành|xong)?[\s,.;:]*$/iu, '')
    .trim();
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1);
}

const BODY = String.raw`(?:UBND|Ủy ban|Sở|Phòng|Ban|Văn phòng|Chủ tịch|Thường trực|Bộ|Trung tâm)`;
const SENDS = new RegExp(
  String.raw`^(?:(?:tổng hợp|kịp thời|định kỳ)\s*,?\s*)*(?:báo cáo|gửi\s+(?:báo cáo|kết quả|số liệu|văn bản|về\s+${BODY}|${BODY}))`,
  'iu',
);
const REPORTS_TO = new RegExp(
  String.raw`(?:^|[\s,])báo cáo\s+(?:(?:\S+\s+){0,8}?(?:về|lên|gửi)\s+|cho\s+)?${BODY}`,
  'iu',
);

/**
 * A report step sends a report: its last clause opens with "báo cáo", "gửi báo cáo", "gửi
 * <body>", "tổng hợp, báo cáo", or it reports to a body ("báo cáo UBND tỉnh kết quả", "báo cáo
 * kết quả về Sở Y tế"); "trình … ký dự thảo báo cáo của UBND xã" prepares one and is work.
 */
function isReport(words: string): boolean {
  const last = words.split(/,\s+(?=\p{Ll})/u).at(-1) ?? words;
  return SENDS.test(last.trim()) || REPORTS_TO.test(words);
}
