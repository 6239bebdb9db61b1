import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body.js';

const nested = (levels: number) => Buffer.from(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe(nestsDeeperThan.name, () => {
  it('should measure nesting of objects and arrays alike, up to the limit and not beyond', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    const objects = `${'{"a":'.repeat(5)}1${'}'.repeat(5)}`;
    expect(nestsDeeperThan(Buffer.from(objects), 5)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(objects), 4)).toBe(true);
    // Siblings do not add up: depth, not count.
    expect(nestsDeeperThan(Buffer.from(`[${'[],'.repeat(1_000)}[]]`), 2)).toBe(false);
  });

  it('should not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" and \\\\', c: 'Đôn đốc [[' });
    expect(nestsDeeperThan(Buffer.from(text), 1)).toBe(false);
    expect(nestsDeeperThan(Buffer.from('{"a":"\\"","b":[[1]]}'), 2)).toBe(true);
  });

  it('should scan millions of levels in one pass, without recursion', () => {
    // A recursive walk overflows the stack long before this; a scan just counts.
    expect(nestsDeeperThan(nested(5_000_000), MAX_JSON_DEPTH)).toBe(true);
    const flat = Buffer.from(`[${'1,'.repeat(2_000_000)}1]`);
    expect(nestsDeeperThan(flat, MAX_JSON_DEPTH)).toBe(false);
  });
});
