import { foldVietnamese } from '../units/vietnamese-text.js';
import type { DirectiveReference } from './parser/parsed-directive.js';

/**
 * Carrying a task down (triển khai): a body that received a task imports its own letter for it.
 * The letter usually cites the directive that gave the task ("Thực hiện Công văn số
 * 2136/UBND-KGVX … của UBND tỉnh"), so its references suggest which received task it implements.
 */

/**
 * A directive number as the duplicate key folds it ("2136/UBND-KGVX" and "2136 /UBND - KGVX"
 * are one number): tone marks, case, spacing and punctuation set aside.
 */
export function foldNumber(number: string): string {
  return foldVietnamese(number);
}

/**
 * The received tasks (each with the number of the directive that gave it) whose number the letter cites, in the order received. One
 * is linked at import; several are offered to the clerk to choose; none links nothing.
 */
export function citedTasks<T extends { number: string | null }>(
  references: readonly Pick<DirectiveReference, 'number'>[],
  received: readonly T[],
): T[] {
  const cited = new Set(
    references
      .map((reference) => reference.number)
      .filter((number): number is string => !!number)
      .map(foldNumber)
      .filter((folded) => folded.length > 0),
  );
  return received.filter((task) => task.number !== null && cited.has(foldNumber(task.number)));
}

/** What the draft says of a link found, not chosen (shown with the parser's notices). */
export function linkedNotice(task: { label: string; number: string | null }): string {
  return (
    `carries down part ${task.label} of directive ${task.number}, which the letter cites ` +
    `(linked automatically: change or remove the link before publishing)`
  );
}
