/**
 * Numbers as Vietnamese documents write them: "." groups thousands ("15.277", "134.494") and
 * "," is the decimal mark ("11,3"); but converters and habit also give "11.3". A dot followed by
 * exactly three digits (and no comma) is a thousands group; otherwise it is a decimal point.
 */
export function parseVietnameseNumber(written: string): number | null {
  const text = written.trim().replace(/\s/g, '');
  if (!/^\d[\d.,]*$/.test(text)) return null;
  if (text.includes(',')) {
    // "1.234,5" or "11,3": dots group, the comma is decimal.
    const [whole, fraction, extra] = text.split(',');
    if (extra !== undefined || !/^\d+$/.test(fraction ?? '')) {
      // "1,234,567" (English grouping) — read commas as groups.
      return /^\d{1,3}(,\d{3})+$/.test(text) ? Number(text.replace(/,/g, '')) : null;
    }
    return Number(`${whole.replace(/\./g, '')}.${fraction}`);
  }
  if (/^\d{1,3}(\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ''));
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
