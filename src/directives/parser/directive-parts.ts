import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import {
  cleanName,
  instructionStart,
  isVague,
  looksLikeBody,
  normalCase,
  sentenceCase,
  splitBodies,
  stripVerb,
} from './body-names.js';
import {
  continueSentences,
  excerpt,
  joinParagraphs,
  type Line,
  paragraphs,
  stripLabel,
} from './directive-lines.js';
import { milestonesOf } from './directive-milestones.js';
import type { ParsedAssignment, ParsedSubtask } from './parsed-directive.js';
import {
  type DatedStep,
  findDatedSteps,
  findDeadlines,
  findRecurrence,
  latestDeadline,
} from './vietnamese-dates.js';

/**
 * One part of a directive's body read into assignments: the body named at its head ("1. Sở Y tế:
 * …", "**2. Trung tâm Y tế huyện**", "Giao Phòng Kinh tế chủ trì …"), or, when the head names
 * none ("1. Về dự án …"), each "Giao <body> …" sentence inside it.
 */

export type Assignment = Omit<ParsedAssignment, 'ordinal'>;

/** A Roman (or, in a docx, "1.") heading that groups parts: "IV. TỔ CHỨC THỰC HIỆN". */
export interface Section {
  label: string;
  title: string;
  /** "MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "KINH PHÍ" describe; they assign no work. */
  assigns: boolean;
}

export interface PartContext {
  issuedOn: string | null;
  calendar?: WorkingCalendar;
  /** The list the parts are items of ("arabic.", "letter", …); other lists are sub-items. */
  partKey: string;
  section: Section | null;
  warn: (message: string) => void;
}

export function readPart(lines: Line[], context: PartContext): Assignment[] {
  const first = lines[0];
  // A block after the head that stops mid-sentence takes in the unmarked block after it, so that
  // a sub-item broken across paragraphs ("… vào thứ" / "Sáu.") keeps its words and its date.
  const blocks = continueSentences(paragraphs(lines), 2, (block) => !block.marker);
  const head = stripLabel(blocks[0].text, first);
  const { verb, rest } = stripVerb(head);
  const label = labelOf(first, verb, context.section);
  const assignee = assigneeOf(rest, blocks.length > 1 || first.emphasized);

  // A part in a describing section, or one naming no body, may still give work inside it.
  const describing = context.section !== null && !context.section.assigns;
  if (describing || !assignee) {
    // "3. … Chủ tịch UBND tỉnh yêu cầu: a) Sở Tài chính …; b) Ban Quản lý dự án …": each
    // lettered item that opens with a body is that body's assignment ("3.a", "3.b").
    const items = describing ? [] : itemAssignments(blocks.slice(1), label, verb, context);
    if (items.length > 0) return items;
    const plain = blocks.map((block) => stripLabel(block.text, block)).join('\n');
    const inline = inlineAssignments(plain, label, context);
    if (inline.length > 0) return inline;
    // "6. Đối với kiến nghị …: không thuộc thẩm quyền …; Phòng Văn hóa - Xã hội hướng dẫn …": a
    // clause that opens with a body and its verb, after a conclusion that assigns nothing.
    const clauses = describing ? [] : byBodies(plain).slice(1);
    if (clauses.length > 0) {
      return clauses.map((piece) => bodyAssignment(piece, label, verb === 'Đề nghị', context));
    }
    const why =
      assignee && context.section
        ? `part ${label} is in section ${context.section.label} "${context.section.title}", which assigns no work`
        : `no body named in part ${label}`;
    warnLines(lines, why, context);
    return [];
  }

  // Sub-items with their own deadlines: a), b), c) — or 1), 2) under lettered parts.
  const subtasks: ParsedSubtask[] = [];
  const own: string[] = assignee.inline ? [sentenceCase(assignee.inline)] : [];
  for (const block of blocks.slice(1)) {
    const marker = block.marker;
    if (marker && marker.kind !== 'bullet' && marker.key !== context.partKey) {
      const text = stripLabel(block.text, block);
      subtasks.push({
        label: marker.label,
        text: sentenceCase(text),
        deadline: latestDeadline(findDeadlines(text, context)),
        recurrence: findRecurrence(text),
      });
    } else {
      own.push(block.text);
    }
  }
  // "Sở Xây dựng hướng dẫn …; Sở Công Thương kiểm tra …": each body its own assignment.
  const [headClauses, ...others] = byBodies(joinParagraphs(own));
  const ownText = headClauses.text;
  const steps = findDatedSteps(ownText, context);
  const text = withoutEndMark(
    joinParagraphs([ownText, ...subtasks.map((s) => `${s.label}) ${s.text}`)]),
  );
  const assignment: Assignment = {
    label,
    assignee: assignee.name,
    role: 'lead',
    requested: verb === 'Đề nghị',
    coordinators: coordinatorsIn(text),
    text,
    deadline: latestDeadline([
      ...steps.map((step) => step.deadline),
      ...subtasks.flatMap((subtask) => (subtask.deadline ? [subtask.deadline] : [])),
    ]),
    recurrence: findRecurrence(ownText),
  };
  if (subtasks.length > 0) assignment.subtasks = subtasks;
  withMilestones(assignment, ownText, steps);
  if (!text) context.warn(`part ${label} (${assignment.assignee}) has no instruction text`);
  return [
    assignment,
    ...others.map((other) => bodyAssignment(other, label, verb === 'Đề nghị', context)),
  ];
}

function itemAssignments(
  blocks: ReturnType<typeof paragraphs>,
  label: string,
  verb: string | null,
  context: PartContext,
): Assignment[] {
  const found: Assignment[] = [];
  for (const block of blocks) {
    const marker = block.marker;
    if (!marker || marker.kind === 'bullet' || marker.key === context.partKey) continue;
    const stripped = stripVerb(stripLabel(block.text, block));
    const at = instructionStart(stripped.rest);
    const name = at > 0 ? cleanName(stripped.rest.slice(0, at)) : '';
    if (!name || !looksLikeBody(name) || isVague(name)) continue;
    const requested = verb === 'Đề nghị' || stripped.verb === 'Đề nghị';
    const piece = { name, requested, text: stripped.rest.slice(at) };
    found.push(bodyAssignment(piece, `${label}.${marker.label}`, requested, context));
  }
  return found;
}

// "Yêu cầu … nghiêm túc triển khai thực hiện./.": the closing demand, not a task.
export const CLOSING_SENTENCE =
  /nghiêm\s+túc\s+(?:triển\s+khai\s+)?(?:thực\s+hiện|triển\s+khai)|\/\.\s*$/u;

interface BodyClauses {
  name: string | null;
  requested: boolean;
  text: string;
}

/**
 * A text cut where a sentence or a clause after ";" opens with another body and its verb ("…;
 * Sở Công Thương kiểm tra …", "Sở Dân tộc và Tôn giáo là cơ quan thường trực, …"). The first
 * piece (name null) is what comes before any such body.
 */
export function byBodies(text: string): BodyClauses[] {
  const pieces: BodyClauses[] = [{ name: null, requested: false, text: '' }];
  // The separators are kept: a paragraph break stays one in the text.
  const split = text.split(/((?<=[.;])\s+(?=\p{Lu}))/u);
  for (let i = 0; i < split.length; i += 2) {
    const clause = split[i];
    const { verb, rest } = stripVerb(clause);
    const verbAt = instructionStart(rest);
    const name = verbAt > 0 ? cleanName(rest.slice(0, verbAt)) : '';
    const opens = /^\p{Lu}/u.test(rest) && !name.includes(':') && !CLOSING_SENTENCE.test(clause);
    if (opens && name && looksLikeBody(name) && !isVague(name)) {
      pieces.push({ name, requested: verb === 'Đề nghị', text: rest.slice(verbAt) });
    } else {
      const last = pieces[pieces.length - 1];
      last.text = last.text ? `${last.text}${split[i - 1] ?? ' '}${clause}` : clause;
    }
  }
  return pieces;
}

export function bodyAssignment(
  piece: BodyClauses,
  label: string,
  requested: boolean,
  context: PartContext,
): Assignment {
  let instruction = withoutEndMark(sentenceCase(piece.text.trim()));
  while (';, '.includes(instruction.at(-1) ?? '.')) instruction = instruction.slice(0, -1);
  if (!'.!?'.includes(instruction.at(-1) ?? '.')) instruction += '.';
  const steps = findDatedSteps(instruction, context);
  return withMilestones(
    {
      label,
      assignee: normalCase(piece.name ?? ''),
      role: 'lead',
      requested: requested || piece.requested,
      coordinators: coordinatorsIn(instruction),
      text: instruction,
      deadline: latestDeadline(steps.map((step) => step.deadline)),
      recurrence: findRecurrence(instruction),
    },
    instruction,
    steps,
  );
}

/**
 * Keeps each dated step of the body's own text as a milestone when there is more than the
 * deadline to say: several dated steps, or one beside a recurrence or sub-items (which step the
 * date belongs to). The deadline stays the last date of the part.
 */
function withMilestones(assignment: Assignment, ownText: string, steps: DatedStep[]): Assignment {
  const more = assignment.recurrence !== null || (assignment.subtasks?.length ?? 0) > 0;
  if (steps.length > 1 || (steps.length === 1 && more)) {
    assignment.milestones = milestonesOf(ownText, steps);
  }
  return assignment;
}

/**
 * "Giao …" sentences of a text that names no body at its head, each an assignment; a clause
 * after ";" that opens with another body ("…; Sở Kế hoạch và Đầu tư tham mưu bố trí vốn") is one
 * more. Also used for paragraphs outside any part.
 */
export function inlineAssignments(text: string, label: string, context: PartContext): Assignment[] {
  const found: Array<{ name: string; requested: boolean; clauses: string[] }> = [];
  // A heading ("1. Về dự án …") has no full stop: a paragraph break ends a sentence too, and
  // ends what the sentences after a "Giao …" add to it ("Thời hạn hoàn thành: …").
  // "…: chưa xem xét …; giao Sở Tài chính nghiên cứu …": a "giao" after a semicolon opens a
  // sentence of its own.
  const sentences = text.includes('giao')
    ? text.replace(/;\s+giao\s+(?=\p{Lu})/gu, '. Giao ')
    : text;
  for (const paragraph of sentences.split('\n')) {
    const first = found.length;
    for (const sentence of paragraph.split(/(?<=[.!?])\s+(?=\p{Lu})/u).flatMap(splitAtGiao)) {
      const { verb, rest } = stripVerb(sentence);
      if (verb !== 'Giao' && verb !== 'Đề nghị') {
        if (found.length > first) found[found.length - 1].clauses.push(sentence);
        continue;
      }
      // Each clause opening with a body starts an assignment; the others continue the last one.
      for (const [k, written] of rest.split(/;\s+/u).entries()) {
        // "…; Giao Đài Truyền thanh huyện …" opens another assignment within the sentence.
        const again = k > 0 ? stripVerb(written) : { verb, rest: written };
        const clause = again.rest;
        const verbAt = instructionStart(clause);
        const name = verbAt > 0 ? clause.slice(0, verbAt) : '';
        if ((k === 0 || /^\p{Lu}/u.test(clause)) && looksLikeBody(name) && !isVague(name)) {
          found.push({
            name,
            requested: again.verb === 'Đề nghị',
            clauses: [clause.slice(verbAt)],
          });
        } else if (found.length > first) {
          found[found.length - 1].clauses.push(written);
        }
      }
    }
  }
  return found.map((part) => {
    let instruction = withoutEndMark(sentenceCase(part.clauses.join('; ').trim()));
    // A clause cut from its sentence ends in ";": it is given a full stop instead.
    while (';, '.includes(instruction.at(-1) ?? '.')) instruction = instruction.slice(0, -1);
    if (!'.!?'.includes(instruction.at(-1) ?? '.')) instruction += '.';
    const steps = findDatedSteps(instruction, context);
    return withMilestones(
      {
        label,
        assignee: normalCase(cleanName(part.name)),
        role: 'lead',
        requested: part.requested,
        coordinators: coordinatorsIn(instruction),
        text: instruction,
        deadline: latestDeadline(steps.map((step) => step.deadline)),
        recurrence: findRecurrence(instruction),
      },
      instruction,
      steps,
    );
  });
}

/**
 * "Về kinh phí bồi thường Giao Sở Kế hoạch và Đầu tư chủ trì …": a PDF runs a heading into the
 * sentence under it. A capital "Giao" or "Đề nghị" followed by a body's name starts a sentence
 * ("Sở Giao thông vận tải" does not: "thông vận tải" names no body).
 */
function splitAtGiao(sentence: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of sentence.matchAll(/ (?:Giao|Đề nghị) /gu)) {
    const after = match.index + match[0].length;
    if (looksLikeBody(sentence.slice(after, after + 80))) {
      pieces.push(sentence.slice(start, match.index));
      start = match.index + 1;
    }
  }
  pieces.push(sentence.slice(start));
  return pieces;
}

/** "… thực hiện./." → "… thực hiện.": the mark that ends a letter is not the part's. */
function withoutEndMark(text: string): string {
  return text.endsWith('/.') ? text.slice(0, -2).trimEnd() : text;
}

function labelOf(first: Line, verb: string | null, section: Section | null): string {
  const marker = first.marker;
  if (marker && marker.kind !== 'bullet') {
    return section ? `${section.label}.${marker.label}` : marker.label;
  }
  if (marker) return marker.label;
  return verb === 'Đề nghị' ? 'Đề nghị' : 'Giao';
}

/**
 * The body a part's head names, as written: before a colon ("Sở Tài chính: chủ trì …"), before
 * the first verb ("Sở Y tế chỉ đạo …"), or the whole head when the instruction follows
 * ("**1. Phòng Y tế huyện**"). A role in brackets after the name is not part of it.
 */
function assigneeOf(rest: string, standsAlone: boolean): { name: string; inline: string } | null {
  let name: string | null = null;
  let inline = '';
  const colon = rest.indexOf(':');
  const verbAt = instructionStart(rest);
  if (
    colon > 0 &&
    colon < 200 &&
    (verbAt < 0 || colon < verbAt) &&
    looksLikeBody(rest.slice(0, colon))
  ) {
    name = rest.slice(0, colon);
    inline = rest.slice(colon + 1).trim();
  } else if (verbAt > 0 && looksLikeBody(rest.slice(0, verbAt))) {
    name = rest.slice(0, verbAt);
    inline = rest.slice(verbAt);
  } else if (looksLikeBody(rest) && (standsAlone || verbAt < 0)) {
    name = rest;
  } else if (colon > 0 && colon < 200 && (verbAt < 0 || colon < verbAt)) {
    // "1. Báo cáo tình hình kinh tế - xã hội: các sở, ban, ngành … gửi báo cáo …": a topic,
    // then the body and its verb.
    const after = rest.slice(colon + 1).trimStart();
    const at = instructionStart(after);
    if (at > 0 && looksLikeBody(after.slice(0, at))) {
      name = sentenceCase(after.slice(0, at));
      inline = after.slice(at);
    }
  }
  if (!name) return null;
  const bare = cleanName(cleanName(name).replace(/\s*\([^()]{0,300}\)$/u, ''));
  if (!bare || isVague(bare)) return null;
  return { name: normalCase(bare), inline };
}

/** Whether a part's opening names a specific body (not "các đơn vị …"). */
export function namesBody(text: string): boolean {
  if (!looksLikeBody(text)) return false;
  const verbAt = instructionStart(text);
  const colon = text.indexOf(':');
  const end = [verbAt, colon].filter((at) => at > 0);
  return !isVague(end.length > 0 ? text.slice(0, Math.min(...end)) : text);
}

function warnLines(lines: Line[], why: string, context: PartContext): void {
  for (const line of lines) {
    if (line.text) context.warn(`line ${line.no} skipped (${why}): "${excerpt(line.text)}"`);
  }
}

const COORDINATION = /[Pp]hối hợp\s+(?:chặt chẽ\s+)?(?:với|cùng)\s+/gu;

/** Named partners after "phối hợp với", vague ones ("các cơ quan liên quan") left out. */
export function coordinatorsIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(COORDINATION)) {
    // A bounded window: a list of partners is never long, and the text may be megabytes.
    const start = match.index + match[0].length;
    let list = text.slice(start, start + 400).split(/[;.\n(]/u)[0];
    const verbAt = instructionStart(list);
    if (verbAt > 0) list = list.slice(0, verbAt);
    for (const name of splitBodies(list.replace(/\s+(?:để|nhằm|trong|tại)\s.*$/u, ''))) {
      if (!isVague(name) && looksLikeBody(name) && !names.includes(name)) names.push(name);
    }
  }
  return names;
}
