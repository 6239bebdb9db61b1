import { chainTree, type ChainRow } from './chain-tree.js';
import type { TaskFlags } from '../tasks/task-flags.js';

const flags: TaskFlags = {
  category: 'in_progress_on_time',
  overdue: false,
  daysOverdue: 0,
  dueSoon: false,
  noDeadline: false,
  stale: false,
};

const unit = (id: string) => ({ id, code: id, name: id });

/** A directive's row and, given `taskId`, one task's. */
function row(
  directiveId: string,
  parentTaskId: string | null,
  depth: number,
  taskId: string | null,
  unitId = `unit-${taskId}`,
): ChainRow[] {
  const directive: ChainRow = {
    kind: 'directive',
    directiveId,
    parentTaskId,
    depth,
    number: `${directiveId}/UBND`,
    subject: null,
    issuer: null,
    issuedOn: null,
    body: unit(`body-${directiveId}`),
  };
  if (taskId === null) return [directive];
  const task: ChainRow = {
    kind: 'task',
    directiveId,
    task: {
      id: taskId,
      unit: unit(unitId),
      status: 'in_progress',
      requested: false,
      dueAt: null,
      flags,
    },
  };
  return [directive, task];
}

/** The rows as the query gives them: each directive once, tasks in any order. */
function rows(...given: ChainRow[][]): ChainRow[] {
  const seen = new Set<string>();
  return given
    .flat()
    .filter((r) => r.kind === 'task' || (!seen.has(r.directiveId) && !!seen.add(r.directiveId)))
    .reverse();
}

describe(chainTree.name, () => {
  it('should hang each carried-down directive under its task, to depth 3', () => {
    const tree = chainTree(
      'p',
      rows(
        row('p', null, 0, 't1'),
        row('p', null, 0, 't2'),
        row('d', 't1', 1, 'd1'),
        row('c', 'd1', 2, 'c1'),
        row('v', 'c1', 3, 'v1'),
        row('v', 'c1', 3, 'v2'),
      ),
    );
    expect(tree?.summary).toEqual({ directives: 4, tasks: 6, depth: 3 });
    const [t1, t2] = tree?.root.tasks ?? [];
    expect(t1.carriedDownBy.map((d) => d.id)).toEqual(['d']);
    expect(t2.carriedDownBy).toEqual([]);
    const village = t1.carriedDownBy[0].tasks[0].carriedDownBy[0].tasks[0].carriedDownBy[0];
    expect(village.tasks.map((t) => t.id)).toEqual(['v1', 'v2']);
  });

  it('should keep each task’s flags as its row gives them', () => {
    const tree = chainTree('p', rows(row('p', null, 0, 't1')));
    expect(tree?.root.tasks[0].flags).toEqual(flags);
  });

  it('should keep a directive without a shown task, and count it', () => {
    const tree = chainTree('p', rows(row('p', null, 0, 't1'), row('d', 't1', 1, null)));
    expect(tree?.root.tasks[0].carriedDownBy[0].tasks).toEqual([]);
    expect(tree?.summary.directives).toBe(2);
  });

  it('should drop a directive whose parent task is not shown, and answer null without the root', () => {
    const tree = chainTree('p', rows(row('p', null, 0, 't1'), row('x', 'hidden', 1, 'x1')));
    expect(tree?.summary).toEqual({ directives: 1, tasks: 1, depth: 0 });
    expect(chainTree('p', rows(row('x', null, 0, 'x1')))).toBeNull();
  });

  it('should list the letters that carried one task down in the order they were issued', () => {
    const issued = (id: string, on: string): ChainRow => ({
      ...(row(id, 't1', 1, null)[0] as Extract<ChainRow, { kind: 'directive' }>),
      issuedOn: on,
    });
    const tree = chainTree('p', [
      issued('late', '2026-11-20'),
      ...row('p', null, 0, 't1'),
      issued('early', '2026-11-02'),
    ]);
    expect(tree?.root.tasks[0].carriedDownBy.map((d) => d.id)).toEqual(['early', 'late']);
  });
});
