import { cleanName, normalCase } from './body-names.js';
import { BULLET, type Line } from './directive-lines.js';
import type { Signer } from './parsed-directive.js';

/**
 * The end of a directive: "Nơi nhận:" with its distribution list, and the signature block
 * ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", name), side by side in two columns or
 * one after the other.
 */

export const DISTRIBUTION = /^Nơi\s+nhận\s*:?\s*(.*)$/iu;
export const CAPACITY = /^(TM|KT|Q|TL|TUQ)\s*\.\s*(.+)$/u;
const POSITION =
  /^(PHÓ\s+)?(CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CHÁNH\s+VĂN\s+PHÒNG|BÍ\s+THƯ|THỦ\s+TRƯỞNG|PHÓ\s+TRƯỞNG\s+BAN|TỔNG\s+GIÁM\s+ĐỐC)$/u;

/** Whether a column opens the signature block ("KT. CHỦ TỊCH"). */
export function isCapacity(column: string): boolean {
  return CAPACITY.test(column) && column === column.toUpperCase();
}

export function readTail(lines: Line[]): { signer: Signer | null; distribution: string[] } {
  const distribution: string[] = [];
  const capacities: string[] = [];
  let position: string | null = null;
  let name: string | null = null;
  let inDistribution = false;
  for (const line of lines) {
    for (const column of line.columns.flatMap(splitSignature)) {
      const heading = DISTRIBUTION.exec(column);
      if (heading) {
        inDistribution = true;
        const rest = cleanName(heading[1]);
        if (rest.length > 6) distribution.push(rest);
        continue;
      }
      const bullet = BULLET.exec(column);
      if (bullet) {
        if (inDistribution) distribution.push(cleanName(bullet[2]));
        continue;
      }
      if (isCapacity(column)) {
        const capacity = CAPACITY.exec(column)!;
        capacities.push(`${capacity[1]}. ${normalCase(capacity[2])}`);
        continue;
      }
      if (POSITION.test(column)) {
        position = normalCase(column);
        continue;
      }
      if (/^\(.*\)$/u.test(column) || /^Lưu\s*:/u.test(column)) {
        if (inDistribution && /^Lưu/u.test(column)) distribution.push(cleanName(column));
        continue;
      }
      if (isPersonName(column)) name = column;
    }
  }
  if (capacities.length === 0 && !position && !name) return { signer: null, distribution };
  // "TM. Ủy ban nhân dân" then "KT. Chủ tịch", or "TL. Chủ tịch" then "KT. Chánh Văn phòng": the
  // signer acts for the last one named.
  const capacity = capacities.at(-1) ?? null;
  if (!position && capacity && !capacity.startsWith('TM.') && !capacity.startsWith('KT.')) {
    position = capacity.replace(/^\w+\.\s*/u, '');
  }
  return { signer: { name, position, capacity }, distribution };
}

/**
 * "- Như trên; PHÓ CHỦ TỊCH" or "Nơi nhận: KT. CHỦ TỊCH": a PDF runs the two columns of the
 * signature block together with single spaces. The upper-case end is split off when it is a
 * capacity or a position.
 */
function splitSignature(column: string): string[] {
  if (column.length > 200 || column === column.toUpperCase()) return [column];
  const words = column.split(' ');
  let start = words.length;
  while (start > 0 && isUpperWord(words[start - 1])) start--;
  if (start > 0 && start < words.length) {
    const tail = words.slice(start).join(' ');
    if (isCapacity(tail) || POSITION.test(tail)) return [words.slice(0, start).join(' '), tail];
  }
  // "- Lưu: VT, NN. Đoàn Ngọc Lâm": the signer's name run into the last line of the list.
  start = words.length;
  while (start > 0 && /^\p{Lu}\p{Ll}*$/u.test(words[start - 1])) start--;
  const name = words.slice(start).join(' ');
  if (start > 0 && /[.;]$/u.test(words[start - 1]) && isPersonName(name)) {
    return [words.slice(0, start).join(' '), name];
  }
  return [column];
}

function isUpperWord(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length > 0 && letters === letters.toUpperCase();
}

function isPersonName(text: string): boolean {
  const words = text.split(' ');
  return (
    words.length >= 2 &&
    words.length <= 6 &&
    words.every((word) => /^\p{Lu}[\p{Ll}]*$/u.test(word)) &&
    text !== text.toUpperCase()
  );
}
