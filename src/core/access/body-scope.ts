import type { Role } from './role.js';

/**
 * Who may see and act on which directives and tasks: the one rule, in TypeScript and as SQL
 * fragments (issue 16: roles scoped to a body). Every route that reads or acts on a directive,
 * its tasks, compliance, targets, escalations, periods or documents goes through these.
 *
 * - The admin manages the deployment and, as before bodies existed, reads and manages every
 *   directive.
 * - A chair or clerk acts for their body (`bodyId`: see `units/unit-body.ts`): they govern the
 *   directives their body issued — see them whole, publish, edit, review, press — and see the
 *   tasks their own body received from above (as a unit, like a unit's people).
 * - A unit's head and officers see their own unit's tasks and the published directives that
 *   gave their unit one.
 *
 * What a user may not see answers 404, exactly as a missing id. A directive carried down
 * (triển khai: it implements a task of a directive above, `directives.implements_task_id`) is
 * overseen — seen whole, every unit's tasks and figures — also by the bodies above it, to any
 * depth ({@link oversees}, {@link overseenSql}); acting on it (publish, edit, review, press)
 * stays with the body that issued it ({@link governs}, {@link ownIssueSql}): the province
 * follows An Thi's carrying down of its task but does not write An Thi's letters.
 */

/** What the rule reads of the signed-in user. */
export interface ScopedUser {
  role: Role;
  unitId: string;
  /** The issuing body the user acts for. */
  bodyId: string;
}

/** What the rule reads of a directive. */
export interface ScopedDirective {
  issuingUnitId: string;
  status: string;
  /**
   * The issuing bodies of the directives this one was carried down from, nearest first, to any
   * depth (empty unless it implements a task): {@link carriedFromSql} reads it.
   */
  carriedFrom: readonly string[];
}

/** Everything (admin); a body's directives and received tasks (chair, clerk); a unit's tasks. */
export type Scope = 'all' | 'body' | 'unit';

export function scopeOf(user: Pick<ScopedUser, 'role'>): Scope {
  switch (user.role) {
    case 'admin':
      return 'all';
    case 'chair':
    case 'clerk':
      return 'body';
    case 'unit_head':
    case 'unit_officer':
      return 'unit';
  }
}

/**
 * The unit whose received tasks are the user's own: a unit's people their unit, a chair or
 * clerk their body (a commune committee receives the district's tasks), the admin none.
 */
export function ownUnitOf(user: ScopedUser): string | null {
  switch (scopeOf(user)) {
    case 'all':
      return null;
    case 'body':
      return user.bodyId;
    case 'unit':
      return user.unitId;
  }
}

/** Whether the user acts on the directive as its issuer (publish, edit, review): their body issued it. */
export function governs(user: ScopedUser, directive: Pick<ScopedDirective, 'issuingUnitId'>) {
  switch (scopeOf(user)) {
    case 'all':
      return true;
    case 'body':
      return directive.issuingUnitId === user.bodyId;
    case 'unit':
      return false;
  }
}

/**
 * Whether the user sees the directive whole (every unit's tasks and figures): they govern it,
 * or their body issued a directive it was carried down from, to any depth.
 */
export function oversees(
  user: ScopedUser,
  directive: Pick<ScopedDirective, 'issuingUnitId' | 'carriedFrom'>,
) {
  return (
    governs(user, directive) ||
    (scopeOf(user) === 'body' && directive.carriedFrom.includes(user.bodyId))
  );
}

/** Whether the user may see a task of the directive given to the unit `unitId`. */
export function maySeeTask(
  user: ScopedUser,
  task: { unitId: string },
  directive: Pick<ScopedDirective, 'issuingUnitId' | 'carriedFrom'>,
): boolean {
  return oversees(user, directive) || task.unitId === ownUnitOf(user);
}

/**
 * Whether the user may see the directive: one they govern (drafts included), or a published one
 * that gave their own unit a task (`ownUnitHasTask`, which the caller looks up).
 */
export function maySeeDirective(
  user: ScopedUser,
  directive: ScopedDirective,
  ownUnitHasTask: boolean,
): boolean {
  return oversees(user, directive) || (directive.status === 'published' && ownUnitHasTask);
}

/**
 * The one value the SQL fragments below compare with, as the query's parameters: none for the
 * admin, else `ownUnitOf(user)` (a chair's or clerk's body is also their own unit). Put it where
 * the fragments' placeholder `p` points.
 */
export function scopeParams(user: ScopedUser): string[] {
  const own = ownUnitOf(user);
  return own === null ? [] : [own];
}

/** Deeper than any real chain of committees; stops a cycle written by hand into the tables. */
const MAX_CHAIN_DEPTH = 32;

/** SQL: the directive `d` was issued by the body `p` ({@link governs}). */
export function ownIssueSql(d: string, p: string): string {
  return `${d}.issuing_unit_id = ${p}`;
}

/**
 * How an SQL fragment finds the directives carried down from a body's own, for the one rule to
 * cost what the query can afford:
 * - `'list'` walks down once per statement from the body over the chain's edges (a province's
 *   tens of thousands of carried-down directives at most, never their tasks): a list filtered
 *   by it pays for the walk once, not per row;
 * - `'row'` walks up from each row to the top of its chain ({@link carriedFromSql}: a few index
 *   lookups per row): for a statement about one directive, where walking a whole province's chain
 *   down to answer for one row would cost a hundred times more.
 * Both answer the same question; `test/two-tier-chain.e2e-spec.ts` checks them equal.
 */
export type ChainWalk = 'list' | 'row';

/**
 * SQL ({@link oversees}): the directive `d` was issued by the body `p`, or carried down (any
 * depth) from one it issued, found by `walk` ({@link ChainWalk}).
 */
export function overseenSql(d: string, p: string, walk: ChainWalk = 'list'): string {
  if (walk === 'row')
    return `(${ownIssueSql(d, p)} OR (${d}.implements_task_id IS NOT NULL AND ${p} = ANY(${carriedFromSql(d)})))`;
  return `(${ownIssueSql(d, p)} OR (${d}.implements_task_id IS NOT NULL AND ${d}.id IN (
      WITH RECURSIVE bs_edge AS (
        SELECT bs_c.id, bs_c.implements_directive_id AS parent_id
          FROM directives bs_c WHERE bs_c.implements_directive_id IS NOT NULL
      ), bs_down(id, depth) AS (
        SELECT bs_e.id, 1 FROM bs_edge bs_e JOIN directives bs_p ON bs_p.id = bs_e.parent_id
         WHERE bs_p.issuing_unit_id = ${p}
        UNION
        SELECT bs_e.id, bs_down.depth + 1 FROM bs_edge bs_e JOIN bs_down ON bs_down.id = bs_e.parent_id
         WHERE bs_down.depth < ${MAX_CHAIN_DEPTH}
      ) SELECT bs_down.id FROM bs_down)))`;
}

/**
 * SQL, a `uuid[]` for {@link ScopedDirective.carriedFrom}: walking up from the directive `d`
 * (a correlated subquery, for loading one directive or a handful), the issuing bodies of the
 * directives it was carried down from, nearest first.
 */
export function carriedFromSql(d: string): string {
  return `ARRAY(WITH RECURSIVE bs_up(issuer, next_directive, depth) AS (
      SELECT bs_pd.issuing_unit_id, bs_pd.implements_directive_id, 1
        FROM directives bs_pd WHERE bs_pd.id = ${d}.implements_directive_id
      UNION ALL
      SELECT bs_pd.issuing_unit_id, bs_pd.implements_directive_id, bs_up.depth + 1
        FROM bs_up JOIN directives bs_pd ON bs_pd.id = bs_up.next_directive
       WHERE bs_up.depth < ${MAX_CHAIN_DEPTH}
    ) SELECT bs_up.issuer FROM bs_up ORDER BY bs_up.depth)`;
}

/** SQL: the user oversees the directive `d` ({@link oversees}); `p` holds {@link scopeParams}. */
export function overseesSql(
  user: ScopedUser,
  d: string,
  p: string,
  walk: ChainWalk = 'list',
): string {
  switch (scopeOf(user)) {
    case 'all':
      return 'TRUE';
    case 'body':
      return overseenSql(d, p, walk);
    case 'unit':
      return 'FALSE';
  }
}

/**
 * SQL: the user may see the task `t` ({@link maySeeTask}). `d`, when given, is the task's
 * directive already joined; otherwise the body's directives are a subquery on `directives`
 * (small, by IDX_directives_issuing_unit_id).
 */
export function visibleTaskSql(
  user: ScopedUser,
  t: string,
  p: string,
  d?: string,
  walk: ChainWalk = 'list',
): string {
  switch (scopeOf(user)) {
    case 'all':
      return 'TRUE';
    case 'body': {
      const governed = d
        ? overseenSql(d, p, walk)
        : `${t}.directive_id IN (SELECT gd.id FROM directives gd WHERE ${overseenSql('gd', p)})`;
      return `(${t}.unit_id = ${p} OR ${governed})`;
    }
    case 'unit':
      return `${t}.unit_id = ${p}`;
  }
}

/** SQL: the user may see the directive `d` ({@link maySeeDirective}). */
export function visibleDirectiveSql(
  user: ScopedUser,
  d: string,
  p: string,
  walk: ChainWalk = 'list',
): string {
  const received = `(${d}.status = 'published' AND EXISTS (SELECT 1 FROM tasks ot WHERE ot.directive_id = ${d}.id AND ot.unit_id = ${p}))`;
  switch (scopeOf(user)) {
    case 'all':
      return 'TRUE';
    case 'body':
      return `(${overseenSql(d, p, walk)} OR ${received})`;
    case 'unit':
      return received;
  }
}

/**
 * Of a directive's tasks, whose the user sees: null for all of them (the user oversees it),
 * else the one unit whose tasks they see (their own). `overseen` is {@link oversees}, known.
 */
export function directiveTasksUnit(user: ScopedUser, overseen: boolean): string | null {
  return overseen ? null : ownUnitOf(user);
}
