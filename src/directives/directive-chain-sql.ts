/**
 * The chain of committees (issue 16, part 4) in SQL: from a directive, each of its tasks that a
 * body carried down (triển khai: `directives.implements_task_id`), that carrying-down directive
 * and its tasks, to any depth. Each step finds the directives carrying down a task of the
 * directive above by `implements_directive_id` (one index probe per directive, not per task).
 * The one recursive fragment every chain query starts from (the chain tree, compliance
 * `?depth=all`, targets rolling up).
 *
 * Only published directives below the root belong to the chain: a draft is its body's own
 * business until it is sent. Cancelled tasks carry nothing down (compliance never counts them).
 *
 * Termination: a directive carries one task down (one `implements_task_id`), so each directive
 * has at most one parent and is reached once — except through a cycle (a directive carrying down
 * a task of its own descendant), which item 3 refuses at link time. The query does not rely on
 * that: it keeps each row's path of directive ids and never re-enters one on it, and it stops at
 * {@link MAX_CHAIN_DEPTH} levels below the root whatever the data says.
 */

/** Levels below the root a chain may reach (province → district → commune → village is 3). */
export const MAX_CHAIN_DEPTH = 16;

/**
 * `chain(id, parent_task_id, parent_directive_id, parent_unit_id, depth, path, issuing_unit_id,
 * number, subject, issuer, issued_on)`: the root `root` (depth 0) and every directive carried
 * down from it, each with the task it carries down and that task's unit, and its own columns the
 * chain's answers show — read in the walk, which visits each directive's row anyway, so no query
 * joins `directives` again (the planner, expecting a hundred children per directive, would scan
 * the whole table to hash them). With `ownUnit` (an SQL placeholder), only what the root's tasks
 * of that unit carried down: a body that received the root sees its own task and what it carried
 * down, never its siblings' (core/access/body-scope.ts). Write `WITH RECURSIVE ${chainCte(…)}`.
 */
export function chainCte(root: string, ownUnit: string | null): string {
  return `chain AS (
    SELECT d.id, NULL::uuid AS parent_task_id, NULL::uuid AS parent_directive_id,
           NULL::uuid AS parent_unit_id, 0 AS depth, ARRAY[d.id] AS path, d.issuing_unit_id,
           d.number, d.subject, d.issuer, d.issued_on
      FROM directives d
     WHERE d.id = ${root}
    UNION ALL
    SELECT cd.id, t.id, c.id, t.unit_id, c.depth + 1, c.path || cd.id, cd.issuing_unit_id,
           cd.number, cd.subject, cd.issuer, cd.issued_on
      FROM chain c
      JOIN directives cd ON cd.implements_directive_id = c.id
      JOIN tasks t ON t.id = cd.implements_task_id
     WHERE cd.status = 'published' AND t.status <> 'cancelled'
       AND cd.id <> ALL (c.path) AND c.depth < ${MAX_CHAIN_DEPTH}
       ${ownUnit === null ? '' : `AND (c.depth > 0 OR t.unit_id = ${ownUnit})`}
  )`;
}
