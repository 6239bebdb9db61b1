import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import { foldVietnamese } from '../../units/vietnamese-text.js';
import { cleanName, normalCase, sentenceCase } from './body-names.js';
import type { Assignment } from './directive-parts.js';
import { milestonesOf } from './directive-milestones.js';
import { findDatedSteps, tableCellDate, tableCellRecurrence } from './vietnamese-dates.js';

/**
 * Task tables of a Kế hoạch or a Quyết định's annex ("STT | Nội dung | Cơ quan chủ trì | Cơ quan
 * phối hợp | Thời gian hoàn thành | Sản phẩm"), as converters hand them over: Markdown pipes, one
 * row per line with tabs between the cells, or columns aligned with spaces whose cells wrap over
 * several lines (the headers too). The columns are found by their headers; each row is an
 * assignment labelled by its STT (with the section, or with the group row "A", "B" above it).
 */

export type Column = 'stt' | 'task' | 'lead' | 'coord' | 'when' | 'product' | 'note';

export interface TableRow {
  group: string | null;
  stt: string;
  cells: Partial<Record<Column, string>>;
}

export interface Table {
  /** Indices of its first and last line in the lines given. */
  start: number;
  end: number;
  rows: TableRow[];
}

function columnOf(header: string): Column | null {
  const folded = foldVietnamese(header).toLowerCase();
  if (/^(?:stt|tt|so tt|so thu tu)$/u.test(folded.trim())) return 'stt';
  if (folded.includes('phoi hop')) return 'coord';
  if (folded.includes('chu tri') || /thuc hien$|^(?:co quan|don vi)$/u.test(folded.trim()))
    return /thoi gian|thoi han/u.test(folded) ? 'when' : 'lead';
  if (/noi dung|nhiem vu|cong viec|hoat dong/u.test(folded)) return 'task';
  if (/thoi gian|thoi han|tien do|hoan thanh/u.test(folded)) return 'when';
  if (folded.includes('san pham')) return 'product';
  if (folded.includes('ghi chu')) return 'note';
  return null;
}

// Checked before folding, which costs: the task column's header as typed (any case).
const HEADER_WORDS = /nội dung|nhiệm vụ|công việc|hoạt động/iu;

/** A line that may open a task table: it names the task and a lead body column. */
function mayBeHeader(raw: string): boolean {
  // Cheapest first: columns, then the task column's words, then folding (which costs).
  if (raw.length > 400) return false;
  if (!raw.includes('|') && !raw.includes('\t') && !/\S\s{2,}\S/u.test(raw.trim())) return false;
  if (!HEADER_WORDS.test(raw)) return false;
  const folded = foldVietnamese(raw).toLowerCase();
  return (
    /noi dung|nhiem vu|cong viec|hoat dong/u.test(folded) && /co quan|don vi|chu tri/u.test(folded)
  );
}

const ROW_NUMBER = /^\d{1,4}\.?$/u;
const GROUP = /^(?:[A-Z]|[IVX]{1,4})\.?$/u;

/** Every task table in the lines (raw, as typed), in order. */
export function findTables(raw: string[]): Table[] {
  const tables: Table[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (!mayBeHeader(raw[i])) continue;
    const line = raw[i];
    const table = line.trim().startsWith('|')
      ? readCells(raw, i, taskCells)
      : line.includes('\t')
        ? readCells(raw, i, (l) => l.split('\t').map((c) => c.trim()))
        : readAligned(raw, i);
    if (table && table.rows.length > 0) {
      tables.push(table);
      i = table.end;
    }
  }
  return tables;
}

/** The cells of a Markdown pipe row, as written ("<br>" kept). */
export function pipeCells(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((cell) => cell.trim());
}

function taskCells(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((cell) =>
    cell
      .replace(/<br\s*\/?>/giu, ' ')
      .replace(/\*\*|__/gu, '')
      .trim(),
  );
}

function headerColumns(cells: string[]): Array<Column | null> | null {
  const columns = cells.map(columnOf);
  return columns.includes('task') && columns.includes('lead') ? columns : null;
}

/** Pipe or tab rows: one row a line; a row with no STT continues the one above. */
function readCells(raw: string[], at: number, split: (line: string) => string[]): Table | null {
  const columns = headerColumns(split(raw[at]));
  if (!columns) return null;
  const pipe = raw[at].trim().startsWith('|');
  const rows: TableRow[] = [];
  let group: string | null = null;
  let end = at;
  for (let i = at + 1; i < raw.length; i++) {
    const line = raw[i];
    if (pipe ? !line.trim().startsWith('|') : !line.includes('\t')) break;
    end = i;
    if (pipe && /^\|?[\s:|-]*$/u.test(line.trim())) continue;
    const cells = split(line);
    const first = cells[columns.indexOf('stt')] ?? cells[0] ?? '';
    const filled = cells.filter(Boolean).length;
    if (GROUP.test(first) && filled <= 2) {
      group = first.replace(/\.$/u, '');
      continue;
    }
    if (ROW_NUMBER.test(first)) {
      rows.push({ group, stt: first.replace(/\.$/u, ''), cells: {} });
    } else if (rows.length === 0) {
      continue;
    }
    const row = rows.at(-1)!;
    cells.forEach((cell, k) => {
      const column = columns[k];
      if (!column || column === 'stt' || !cell) return;
      row.cells[column] = row.cells[column] ? `${row.cells[column]} ${cell}` : cell;
    });
  }
  return { start: at, end, rows };
}

/**
 * Columns aligned with spaces: each piece of a line belongs to the column whose header starts
 * nearest before it; header words on the following lines complete the headers ("Cơ quan" /
 * "chủ trì"); a line whose first column holds a number opens a row, and the others wrap its cells.
 */
function readAligned(raw: string[], at: number): Table | null {
  const pieces = (line: string) => {
    const found: Array<{ at: number; text: string }> = [];
    for (const match of line.replace(/\t/gu, '    ').matchAll(/\S+(?: \S+)*/gu)) {
      found.push({ at: match.index, text: match[0] });
    }
    return found;
  };
  const head = pieces(raw[at]);
  // The STT column is narrow: its header often touches the next one ("STT Nội dung", one space;
  // a PDF reader joins them so). The row numbers sit under "STT", the task from the next word on.
  const glued = /^(S?TT\.?) (?=\S)/u.exec(head[0]?.text ?? '');
  if (glued) {
    const [{ at: start, text }] = head;
    head.splice(
      0,
      1,
      { at: start, text: glued[1] },
      {
        at: start + glued[0].length,
        text: text.slice(glued[0].length),
      },
    );
  }
  if (head.length < 3) return null;
  const starts = head.map((p) => p.at);
  const headers = head.map((p) => p.text);
  const columnAt = (position: number) => {
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= position + 2) k++;
    return k;
  };
  const rows: TableRow[] = [];
  let end = at;
  let group: string | null = null;
  for (let i = at + 1; i < raw.length; i++) {
    const line = raw[i];
    if (!line.trim()) {
      if (rows.length > 0) break;
      continue;
    }
    const found = pieces(line);
    const first = found[0];
    const opens = columnAt(first.at) === 0 && ROW_NUMBER.test(first.text.split(' ')[0]);
    if (columnAt(first.at) === 0 && !opens) {
      // A group row's letter stands alone in the STT column ("A", then its title in the task
      // column); "II. TỔ CHỨC THỰC HIỆN" in one run is the next section, after the table.
      if (GROUP.test(first.text) && found.length <= 2) {
        group = first.text.replace(/\.$/u, '');
        end = i;
        continue;
      }
      break;
    }
    end = i;
    if (opens) {
      const [number, ...restWords] = first.text.split(' ');
      rows.push({ group, stt: number.replace(/\.$/u, ''), cells: {} });
      found[0] = { at: first.at + number.length + 1, text: restWords.join(' ') };
    }
    if (rows.length === 0) {
      for (const piece of found) headers[columnAt(piece.at)] += ` ${piece.text}`;
      continue;
    }
    const columns = headers.map(columnOf);
    const row = rows.at(-1)!;
    for (const piece of found) {
      const column = columns[columnAt(piece.at)];
      if (!column || column === 'stt' || !piece.text) continue;
      row.cells[column] = row.cells[column] ? `${row.cells[column]} ${piece.text}` : piece.text;
    }
  }
  if (!headerColumns(headers)) return null;
  return { start: at, end, rows };
}

export interface TableContext {
  issuedOn: string | null;
  calendar?: WorkingCalendar;
  section: string | null;
  warn: (message: string) => void;
}

/** A table's rows as assignments. */
export function tableAssignments(table: Table, context: TableContext): Assignment[] {
  const found: Assignment[] = [];
  for (const row of table.rows) {
    const lead = row.cells.lead ?? '';
    const prefix = row.group ?? context.section;
    const label = prefix ? `${prefix}.${row.stt}` : row.stt;
    if (!lead) {
      context.warn(`table row ${label} names no body in charge`);
      continue;
    }
    const when = row.cells.when ?? '';
    const recurrence = tableCellRecurrence([when, row.cells.note ?? ''].join(' ').trim(), context);
    const deadline = recurrence ? null : tableCellDate(when, context);
    if (deadline?.warning) context.warn(`table row ${label}: ${deadline.warning}`);
    const coordinators = (row.cells.coord ?? '')
      .split(/;\s*/u)
      .map((name) => normalCase(cleanName(name.trim())))
      .filter((name) => name && name !== '-');
    const task = sentenceCase(row.cells.task ?? '');
    const extras = [
      when && `Thời gian: ${when}`,
      row.cells.product && `Sản phẩm: ${row.cells.product}`,
    ];
    // "Đợt 1 trước ngày 30/6/2027; đợt 2 trước ngày 30/11/2027": each dated step of the cell.
    const steps = recurrence ? [] : findDatedSteps(when, context);
    found.push({
      ...(steps.length > 1 ? { milestones: milestonesOf(when, steps) } : {}),
      label,
      assignee: normalCase(cleanName(lead)),
      role: 'lead',
      requested: false,
      coordinators: coordinators.map((name) => sentenceCase(name)),
      text: [task.replace(/[.;]?$/u, '.'), ...extras.filter(Boolean)].join('\n'),
      deadline: deadline?.date ?? null,
      recurrence,
    });
  }
  return found;
}
