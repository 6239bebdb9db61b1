import { foldVietnamese } from '../../units/vietnamese-text.js';
import { sentenceCase } from './body-names.js';
import type { ParsedAssignment } from './parsed-directive.js';

/**
 * The directory's names guide where a body's name ends. The parser cuts a name at the first word
 * that can start an instruction; a name holding such a word ("Ban Quản lý dự án đầu tư xây dựng
 * công trình giao thông tỉnh" holds "giao") is cut short, and the rest of it opens the text.
 * When the directory knows a longer name that the assignee and its text together begin with,
 * the name is completed and the text starts after it. Compared folded (tone marks, case and
 * punctuation aside); the words moved are the letter's own.
 */
export function completeKnownNames(
  assignments: ParsedAssignment[],
  knownNames: readonly string[],
): void {
  if (knownNames.length === 0) return;
  const known = knownNames
    .map((original) => ({ original, folded: foldVietnamese(original) }))
    .filter((entry) => entry.folded);
  for (const assignment of assignments) {
    const name = foldVietnamese(assignment.assignee);
    if (!name) continue;
    // The longest known name that goes on past the assignee.
    let longest: { original: string; folded: string } | null = null;
    for (const candidate of known) {
      const { folded } = candidate;
      if (folded.length > name.length && folded.startsWith(`${name} `)) {
        if (!longest || folded.length > longest.folded.length) longest = candidate;
      }
    }
    if (!longest) continue;
    const skip = name.split(' ').length;
    const rest = longest.folded.split(' ').slice(skip);
    const moved = leadingWords(assignment.text, rest);
    if (moved === null) continue;
    const words = assignment.text.slice(0, moved).trim();
    const cased = capitalisedAt(longest.original, skip) ? words : lowerFirst(words);
    assignment.assignee = `${assignment.assignee} ${cased}`;
    assignment.text = sentenceCase(assignment.text.slice(moved).trimStart());
  }
}

/** Where the text's words that fold to `folded` (in order, from its start) end; null if not. */
function leadingWords(text: string, folded: string[]): number | null {
  let k = 0;
  const words = /\S+/gu;
  for (let match = words.exec(text); match; match = words.exec(text)) {
    for (const piece of foldVietnamese(match[0]).split(' ').filter(Boolean)) {
      if (piece !== folded[k]) return null;
      k++;
    }
    if (k === folded.length) return match.index + match[0].length;
    if (k > folded.length) return null;
  }
  return null;
}

/** Whether the known name's word after its first `skip` (folded) words has a capital. */
function capitalisedAt(original: string, skip: number): boolean {
  let seen = 0;
  for (const word of original.split(/\s+/u)) {
    const pieces = foldVietnamese(word).split(' ').filter(Boolean).length;
    if (seen >= skip && pieces > 0) return word.charAt(0) !== word.charAt(0).toLowerCase();
    seen += pieces;
  }
  return false;
}

/** The text was sentence-cased when it became the instruction: undo that for a name's inner word. */
function lowerFirst(words: string): string {
  return words.charAt(0).toLocaleLowerCase('vi') + words.slice(1);
}
