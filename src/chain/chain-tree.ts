import { byName } from '../compliance/compliance-chain.js';
import type { TaskStatus } from '../tasks/task-status.js';
import type { TaskFlags } from '../tasks/task-flags.js';

/**
 * The chain tree (pure): the rows of `chainTreeSql` — a row per directive of the chain and a row
 * per task of each — folded into the tree the chain route answers:
 * directive → its tasks → under a carried-down task, the directive(s) that carried it down →
 * their tasks, to any depth. The flags of each task come with its row (task-flags.sql.ts: the
 * one rule), never computed here.
 */

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface ChainTask {
  id: string;
  unit: UnitRef;
  status: TaskStatus;
  requested: boolean;
  /** The deadline instant (ISO 8601), null for a task without one. */
  dueAt: string | null;
  flags: TaskFlags;
  /** The directives that carried this task down (published), each with its own tasks. */
  carriedDownBy: ChainDirective[];
}

export interface ChainDirective {
  id: string;
  number: string | null;
  subject: string | null;
  issuer: string | null;
  issuedOn: string | null;
  /** The issuing body. */
  body: UnitRef;
  /** Levels below the root (0: the root). */
  depth: number;
  tasks: ChainTask[];
}

/** A directive of the chain, once (chainTreeSql's directive rows). */
export interface ChainDirectiveRow {
  kind: 'directive';
  directiveId: string;
  parentTaskId: string | null;
  depth: number;
  number: string | null;
  subject: string | null;
  issuer: string | null;
  issuedOn: string | null;
  body: UnitRef;
}

/** A task of a directive of the chain (chainTreeSql's task rows). */
export interface ChainTaskRow {
  kind: 'task';
  directiveId: string;
  task: {
    id: string;
    unit: UnitRef;
    status: TaskStatus;
    requested: boolean;
    /** The deadline instant, ISO 8601. */
    dueAt: string | null;
    flags: TaskFlags;
  };
}

export type ChainRow = ChainDirectiveRow | ChainTaskRow;

export interface ChainSummary {
  directives: number;
  tasks: number;
  /** The deepest level reached (0: nothing carried down). */
  depth: number;
}

/**
 * Folds the rows into the tree under `rootId`. Rows come in any order, each directive once and
 * each task once; each directive's tasks are put in order (orders before requests, then by unit
 * name) and the directives that carried one task down in the order they were issued. A directive
 * whose parent task is not among the rows (not shown to the viewer) is left out, so the tree
 * holds only what hangs from the root through shown tasks.
 */
export function chainTree(
  rootId: string,
  rows: readonly ChainRow[],
): { root: ChainDirective; summary: ChainSummary } | null {
  const directives = new Map<string, ChainDirective>();
  const parentOf = new Map<string, string | null>();
  const tasksOf = new Map<string, ChainTask[]>();
  const tasks = new Map<string, ChainTask>();
  for (const row of rows) {
    if (row.kind === 'directive') {
      directives.set(row.directiveId, {
        id: row.directiveId,
        number: row.number,
        subject: row.subject,
        issuer: row.issuer,
        issuedOn: row.issuedOn,
        body: row.body,
        depth: row.depth,
        tasks: [],
      });
      parentOf.set(row.directiveId, row.parentTaskId);
      continue;
    }
    const task: ChainTask = {
      id: row.task.id,
      unit: row.task.unit,
      status: row.task.status,
      requested: row.task.requested,
      dueAt: row.task.dueAt,
      flags: row.task.flags,
      carriedDownBy: [],
    };
    const list = tasksOf.get(row.directiveId);
    if (list) list.push(task);
    else tasksOf.set(row.directiveId, [task]);
    tasks.set(task.id, task);
  }
  const root = directives.get(rootId);
  if (!root) return null;
  // Orders first, then requests; within each, by unit name (Vietnamese collation).
  for (const directive of directives.values()) {
    directive.tasks = (tasksOf.get(directive.id) ?? []).sort(
      (a, b) => Number(a.requested) - Number(b.requested) || byName(a.unit.name, b.unit.name),
    );
  }
  const summary: ChainSummary = { directives: 0, tasks: 0, depth: 0 };
  // Attach each child under its parent task; a child whose parent task is unknown is dropped.
  for (const [id, parentTaskId] of parentOf) {
    if (id === rootId || parentTaskId === null) continue;
    const directive = directives.get(id);
    const parent = tasks.get(parentTaskId);
    if (directive && parent) parent.carriedDownBy.push(directive);
  }
  for (const task of tasks.values()) {
    if (task.carriedDownBy.length > 1) task.carriedDownBy.sort(byIssue);
  }
  // Count what is reachable from the root (iteratively: depth is bounded, but so is the stack).
  const stack: ChainDirective[] = [root];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const directive = stack.pop() as ChainDirective;
    if (seen.has(directive.id)) continue;
    seen.add(directive.id);
    summary.directives += 1;
    summary.tasks += directive.tasks.length;
    summary.depth = Math.max(summary.depth, directive.depth);
    for (const task of directive.tasks) stack.push(...task.carriedDownBy);
  }
  return { root, summary };
}

/** Letters carrying one task down, in the order they were issued (then by number, then id). */
function byIssue(a: ChainDirective, b: ChainDirective): number {
  const on = (a.issuedOn ?? '').localeCompare(b.issuedOn ?? '');
  return on || (a.number ?? '').localeCompare(b.number ?? '') || a.id.localeCompare(b.id);
}
