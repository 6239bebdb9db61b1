/**
 * Test letters as an old office PC saves them. Shared by the text-extraction spec and the
 * download tests. Throws on a character the code page cannot hold, so a test never checks '?'.
 */
export function windows1258(text: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const table = new Map(
    Array.from({ length: 256 }, (_, b) => [decoder.decode(Uint8Array.of(b)), b]),
  );
  const bytes: number[] = [];
  for (const char of text.normalize('NFC')) {
    if (table.has(char)) {
      bytes.push(table.get(char)!);
      continue;
    }
    const [base, ...marks] = [...char.normalize('NFD')];
    const withMark = marks.find((mark) => table.has((base + mark).normalize('NFC')));
    const parts = withMark
      ? [(base + withMark).normalize('NFC'), ...marks.filter((mark) => mark !== withMark)]
      : [base, ...marks];
    for (const part of parts) {
      if (!table.has(part)) throw new Error(`${part} is not in Windows-1258`);
      bytes.push(table.get(part)!);
    }
  }
  return Buffer.from(bytes);
}
