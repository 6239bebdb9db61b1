import { checkMove, isUnitActivity, moversOf, type Actor } from './task-workflow.js';
import type { TaskStatus } from './task-status.js';

const officer: Actor = {
  role: 'unit_officer',
  ownUnit: true,
  clerkMayReview: false,
  issuer: false,
};
const head: Actor = { role: 'unit_head', ownUnit: true, clerkMayReview: false, issuer: false };
const otherOfficer: Actor = {
  role: 'unit_officer',
  ownUnit: false,
  clerkMayReview: false,
  issuer: false,
};
const chair: Actor = { role: 'chair', ownUnit: false, clerkMayReview: false, issuer: true };
const clerk: Actor = { role: 'clerk', ownUnit: false, clerkMayReview: false, issuer: true };
const reviewingClerk: Actor = { ...clerk, clerkMayReview: true };
const admin: Actor = { role: 'admin', ownUnit: false, clerkMayReview: false, issuer: true };

describe(checkMove.name, () => {
  it.each<[TaskStatus, TaskStatus]>([
    ['assigned', 'received'],
    ['received', 'in_progress'],
  ])('should let the unit move %s → %s', (from, to) => {
    expect(checkMove(from, to, officer, null)).toEqual({ allowed: true });
    expect(checkMove(from, to, head, null)).toEqual({ allowed: true });
    expect(checkMove(from, to, chair, null)).toEqual({ allowed: false, why: 'not_your_move' });
  });

  it('should need a report to report, from in_progress or returned', () => {
    expect(checkMove('in_progress', 'reported', officer, null)).toEqual({
      allowed: true,
      needs: 'report',
    });
    expect(checkMove('returned', 'reported', officer, null)).toEqual({
      allowed: true,
      needs: 'report',
    });
    expect(checkMove('received', 'reported', officer, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
  });

  it('should let only reviewers accept or return a report, a return needing a reason', () => {
    expect(checkMove('reported', 'completed', chair, null)).toEqual({ allowed: true });
    expect(checkMove('reported', 'returned', chair, null)).toEqual({
      allowed: true,
      needs: 'reason',
    });
    expect(checkMove('reported', 'completed', officer, null)).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
    expect(checkMove('reported', 'completed', clerk, null)).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
    expect(checkMove('reported', 'completed', reviewingClerk, null)).toEqual({ allowed: true });
    expect(checkMove('reported', 'completed', admin, null)).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
  });

  it('should let clerks and admins cancel any open task with a reason, and nothing closed', () => {
    for (const from of [
      'assigned',
      'received',
      'in_progress',
      'reported',
      'returned',
      'paused',
    ] as TaskStatus[]) {
      expect(checkMove(from, 'cancelled', clerk, null)).toEqual({ allowed: true, needs: 'reason' });
      expect(checkMove(from, 'cancelled', admin, null)).toEqual({ allowed: true, needs: 'reason' });
      expect(checkMove(from, 'cancelled', officer, null)).toEqual({
        allowed: false,
        why: 'not_your_move',
      });
    }
    expect(checkMove('completed', 'cancelled', clerk, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
    expect(checkMove('cancelled', 'cancelled', clerk, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
  });

  it('should resume a paused task only to the status it left', () => {
    expect(checkMove('paused', 'in_progress', officer, 'in_progress')).toEqual({ allowed: true });
    expect(checkMove('paused', 'in_progress', chair, 'in_progress')).toEqual({ allowed: true });
    expect(checkMove('paused', 'received', officer, 'in_progress')).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
    expect(checkMove('paused', 'in_progress', clerk, 'in_progress')).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
  });

  it('should never pause by a plain move, nor skip steps, nor reopen', () => {
    expect(checkMove('in_progress', 'paused', chair, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
    expect(checkMove('assigned', 'completed', chair, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
    expect(checkMove('completed', 'in_progress', officer, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
    expect(checkMove('assigned', 'in_progress', officer, null)).toEqual({
      allowed: false,
      why: 'invalid_transition',
    });
  });

  it('should give another unit’s officer no moves', () => {
    expect(moversOf(otherOfficer)).toEqual([]);
    expect(checkMove('assigned', 'received', otherOfficer, null)).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
  });
});

describe(isUnitActivity.name, () => {
  it('should give another body’s chair and clerk no moves on a task their body did not issue', () => {
    // A commune's chair sees the task the district gave the commune, and the district's clerk
    // sees a sibling district's nothing; neither reviews nor cancels a task it did not issue.
    const receiving = { ...chair, issuer: false };
    const otherClerk = { ...reviewingClerk, issuer: false };
    expect(moversOf(receiving)).toEqual([]);
    expect(moversOf(otherClerk)).toEqual([]);
    expect(checkMove('reported', 'completed', receiving, null)).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
    expect(checkMove('in_progress', 'cancelled', otherClerk, null)).toEqual({
      allowed: false,
      why: 'not_your_move',
    });
    expect(moversOf(chair)).toEqual(['reviewer']);
    expect(moversOf(reviewingClerk)).toEqual(['reviewer', 'manager']);
  });

  it('should count only the unit’s own actions as activity', () => {
    expect(isUnitActivity(officer)).toBe(true);
    expect(isUnitActivity(chair)).toBe(false);
    expect(isUnitActivity(otherOfficer)).toBe(false);
  });
});
