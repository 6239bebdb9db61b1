import { type ChainEntry, lateUnitsDownTheChain, nestChain } from './compliance-chain.js';
import { figures } from './compliance-figures.js';

const counts = (overdue: number, completed = 1) =>
  figures({
    total: overdue + completed,
    completedOnTime: completed,
    completedLate: 0,
    inProgressOnTime: 0,
    overdue,
    notReceived: 0,
    daysOverdueMax: overdue,
    daysOverdueSum: overdue,
  });

const entry = (
  id: string,
  parent: string,
  depth: number,
  units: Array<[string, number]>,
): ChainEntry => ({
  directive: { id, number: `${id}/UBND`, issuer: null, subject: null, issuedOn: null },
  parentDirectiveId: parent,
  task: { id: `task-of-${id}`, unit: { id: `body-${id}`, code: id, name: id } },
  depth,
  totals: { orders: counts(0), requests: counts(0, 0) },
  units: units.map(([unit, overdue]) => ({
    unit: { id: unit, code: unit, name: unit },
    requested: false,
    escalationLevel: null,
    lastActivityAt: null,
    ...counts(overdue),
  })),
});

describe('nestChain', () => {
  it('nests each carried-down directive under its parent, to any depth, in the given order', () => {
    const tree = nestChain('root', [
      entry('a', 'root', 1, []),
      entry('b', 'root', 1, []),
      entry('a1', 'a', 2, []),
      entry('a1x', 'a1', 3, []),
    ]);
    expect(tree.map((n) => n.directive.id)).toEqual(['a', 'b']);
    expect(tree[0].carriedDown.map((n) => n.directive.id)).toEqual(['a1']);
    expect(tree[0].carriedDown[0].carriedDown[0].directive.id).toBe('a1x');
    expect(tree[1].carriedDown).toEqual([]);
  });

  it('drops an entry whose parent is neither the root nor an entry', () => {
    expect(nestChain('root', [entry('x', 'elsewhere', 2, [])])).toEqual([]);
  });
});

describe('lateUnitsDownTheChain', () => {
  it('lists the units with an overdue task at every depth, worst first', () => {
    const tree = nestChain('root', [
      entry('a', 'root', 1, [
        ['late-1', 1],
        ['fine', 0],
      ]),
      entry('a1', 'a', 2, [['late-3', 3]]),
    ]);
    const late = lateUnitsDownTheChain(tree);
    expect(late.map((l) => [l.unit.id, l.depth, l.directive.id])).toEqual([
      ['late-3', 2, 'a1'],
      ['late-1', 1, 'a'],
    ]);
  });
});
