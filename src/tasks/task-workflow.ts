import type { Role } from '../core/access/role.js';
import type { TaskStatus } from './task-status.js';

/**
 * The task status machine: the only moves there are, and who may make each. Pure: the caller
 * says who is acting and on what; this says whether the move is allowed and what it needs.
 */

export type Mover = 'unit' | 'reviewer' | 'manager' | 'system';

interface Move {
  by: Mover[];
  /** The move needs a reason (return, cancel) or a report and evidence (report). */
  needs?: 'reason' | 'report';
}

export const CLOSED_STATUSES: readonly TaskStatus[] = ['completed', 'cancelled'];
export const OPEN_STATUSES: readonly TaskStatus[] = [
  'assigned',
  'received',
  'in_progress',
  'reported',
  'returned',
  'paused',
];

const MOVES: Partial<Record<TaskStatus, Partial<Record<TaskStatus, Move>>>> = {
  assigned: { received: { by: ['unit'] } },
  received: { in_progress: { by: ['unit'] } },
  in_progress: { reported: { by: ['unit'], needs: 'report' } },
  returned: { reported: { by: ['unit'], needs: 'report' } },
  reported: {
    completed: { by: ['reviewer'] },
    returned: { by: ['reviewer'], needs: 'reason' },
  },
};

/** Who the actor is to this task. */
export interface Actor {
  role: Role;
  /** The actor belongs to the task's unit. */
  ownUnit: boolean;
  /** The directive lets its clerk review, besides the chair. */
  clerkMayReview: boolean;
  /**
   * The actor acts for the body that issued the task's directive (or is the admin): only the
   * issuer's chair and clerk review and manage its tasks (`core/access/body-scope.ts`).
   */
  issuer: boolean;
}

export function moversOf(actor: Actor): Mover[] {
  const movers: Mover[] = [];
  if (actor.ownUnit && (actor.role === 'unit_officer' || actor.role === 'unit_head'))
    movers.push('unit');
  if (!actor.issuer) return movers;
  if (actor.role === 'chair' || (actor.role === 'clerk' && actor.clerkMayReview))
    movers.push('reviewer');
  if (actor.role === 'clerk' || actor.role === 'admin') movers.push('manager');
  return movers;
}

export type MoveCheck =
  | { allowed: true; needs?: 'reason' | 'report' }
  | { allowed: false; why: 'invalid_transition' | 'not_your_move' };

/**
 * Whether `actor` may move a task from `from` to `to`. Besides the table: any open task may be
 * cancelled by a manager (clerk, admin) with a reason; a paused task resumes to the status it
 * left (`pausedFrom`), by its unit or a reviewer. Pausing itself happens only through an
 * approved pause request, never by this move.
 */
export function checkMove(
  from: TaskStatus,
  to: TaskStatus,
  actor: Actor,
  pausedFrom: TaskStatus | null,
): MoveCheck {
  const movers = moversOf(actor);
  if (to === 'cancelled') {
    if (CLOSED_STATUSES.includes(from)) return { allowed: false, why: 'invalid_transition' };
    return movers.includes('manager')
      ? { allowed: true, needs: 'reason' }
      : { allowed: false, why: 'not_your_move' };
  }
  if (from === 'paused') {
    if (to !== pausedFrom) return { allowed: false, why: 'invalid_transition' };
    return movers.includes('unit') || movers.includes('reviewer')
      ? { allowed: true }
      : { allowed: false, why: 'not_your_move' };
  }
  const move = MOVES[from]?.[to];
  if (!move) return { allowed: false, why: 'invalid_transition' };
  if (!move.by.some((mover) => movers.includes(mover)))
    return { allowed: false, why: 'not_your_move' };
  return { allowed: true, needs: move.needs };
}

/** A unit's own moves and submissions count as activity (for staleness); others' do not. */
export function isUnitActivity(actor: Actor): boolean {
  return moversOf(actor).includes('unit');
}
