import { citedTasks, foldNumber } from './carrying-down.js';

interface ReceivedTask {
  taskId: string;
  number: string | null;
}

const task = (taskId: string, number: string | null): ReceivedTask => ({ taskId, number });

describe(citedTasks.name, () => {
  const received = [task('a', '2136/UBND-KGVX'), task('b', '245/TB-UBND'), task('c', null)];

  it('should find the task whose directive the letter cites, however the number is spaced', () => {
    expect(citedTasks([{ number: '2136 /UBND - KGVX' }], received).map((t) => t.taskId)).toEqual([
      'a',
    ]);
    expect(foldNumber('2136/UBND-KGVX')).toBe(foldNumber('2136/ubnd-kgvx'));
  });

  it('should return every task of every cited directive, in the order received', () => {
    const twice = [...received, task('d', '2136/UBND-KGVX')];
    expect(
      citedTasks([{ number: '245/TB-UBND' }, { number: '2136/UBND-KGVX' }], twice).map(
        (t) => t.taskId,
      ),
    ).toEqual(['a', 'b', 'd']);
  });

  it('should match nothing for laws cited by name, unnumbered tasks or other numbers', () => {
    expect(citedTasks([{ number: null }, { number: '' }], received)).toEqual([]);
    expect(citedTasks([{ number: '2137/UBND-KGVX' }], received)).toEqual([]);
    expect(citedTasks([{ number: '136/UBND-KGVX' }], received)).toEqual([]);
  });
});
