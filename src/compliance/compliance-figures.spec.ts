import {
  classify,
  DEFAULT_CLASSIFICATION_RULES,
  figures,
  ratio,
  worstFirst,
  type ComplianceCounts,
} from './compliance-figures.js';

const counts = (partial: Partial<ComplianceCounts>): ComplianceCounts => ({
  total: 0,
  completedOnTime: 0,
  completedLate: 0,
  inProgressOnTime: 0,
  overdue: 0,
  notReceived: 0,
  daysOverdueMax: 0,
  daysOverdueSum: 0,
  ...partial,
});

describe('compliance figures', () => {
  it('should leave tasks within their deadline out of the completion rate', () => {
    const result = figures(
      counts({ total: 10, completedOnTime: 3, completedLate: 1, inProgressOnTime: 4, overdue: 2 }),
    );
    expect(result).toMatchObject({
      completed: 4,
      completionRate: 0.6667, // 4 / (4 + 2)
      onTimeRate: 0.75,
      lateRate: 0.5, // (1 + 2) / 6
    });
  });

  it('should give null rates when nothing is there to divide', () => {
    expect(figures(counts({ total: 3, inProgressOnTime: 3 }))).toMatchObject({
      completionRate: null,
      onTimeRate: null,
      lateRate: null,
    });
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 3)).toBe(0.3333);
  });

  it('should classify praise, criticism and neither by the rules', () => {
    const rules = DEFAULT_CLASSIFICATION_RULES;
    expect(classify({ completionRate: 1, lateRate: 0 }, rules)).toBe('praise');
    expect(classify({ completionRate: 0.9, lateRate: 0.05 }, rules)).toBe('praise');
    expect(classify({ completionRate: 0.95, lateRate: 0.1 }, rules)).toBeNull();
    expect(classify({ completionRate: 0.7, lateRate: 0.3 }, rules)).toBeNull();
    expect(classify({ completionRate: 0.49, lateRate: 0.51 }, rules)).toBe('criticism');
    expect(classify({ completionRate: null, lateRate: null }, rules)).toBeNull();
  });

  it('should sort worst first: lowest rate, nulls last, then most overdue, then most days', () => {
    const rows = [
      { id: 'none', completionRate: null, overdue: 0, daysOverdueSum: 0 },
      { id: 'good', completionRate: 1, overdue: 0, daysOverdueSum: 0 },
      { id: 'half-few', completionRate: 0.5, overdue: 1, daysOverdueSum: 9 },
      { id: 'half-many', completionRate: 0.5, overdue: 2, daysOverdueSum: 1 },
      { id: 'half-many-long', completionRate: 0.5, overdue: 2, daysOverdueSum: 5 },
      { id: 'zero', completionRate: 0, overdue: 1, daysOverdueSum: 1 },
    ];
    expect(rows.sort(worstFirst).map((row) => row.id)).toEqual([
      'zero',
      'half-many-long',
      'half-many',
      'half-few',
      'good',
      'none',
    ]);
  });
});
