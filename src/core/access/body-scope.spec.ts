import {
  directiveTasksUnit,
  governs,
  oversees,
  overseesSql,
  maySeeDirective,
  maySeeTask,
  ownUnitOf,
  scopeParams,
  visibleDirectiveSql,
  visibleTaskSql,
  type ScopedUser,
} from './body-scope.js';

// An Thi's committee (`huyen`) with its office (`vp`), xã Đa Lộc (`xa`) under it, and a
// sibling district (`kim-dong`).
const chair: ScopedUser = { role: 'chair', unitId: 'huyen', bodyId: 'huyen' };
const clerk: ScopedUser = { role: 'clerk', unitId: 'vp', bodyId: 'huyen' };
const communeChair: ScopedUser = { role: 'chair', unitId: 'xa', bodyId: 'xa' };
const siblingClerk: ScopedUser = { role: 'clerk', unitId: 'kim-dong', bodyId: 'kim-dong' };
const officer: ScopedUser = { role: 'unit_officer', unitId: 'xa', bodyId: 'xa' };
const admin: ScopedUser = { role: 'admin', unitId: 'vp', bodyId: 'huyen' };

const anThis = { issuingUnitId: 'huyen', status: 'published', carriedFrom: [] };
const anThisDraft = { issuingUnitId: 'huyen', status: 'draft', carriedFrom: [] };
const communes = { issuingUnitId: 'xa', status: 'published', carriedFrom: [] };
// The commune carried down a task An Thi gave it, which An Thi carried down from the province.
const carried = { issuingUnitId: 'xa', status: 'published', carriedFrom: ['huyen', 'tinh'] };
const provinceChair: ScopedUser = { role: 'chair', unitId: 'tinh', bodyId: 'tinh' };

describe(governs.name, () => {
  it('should let a body’s chair and clerk govern what their body issued, and nothing else', () => {
    expect(governs(chair, anThis)).toBe(true);
    expect(governs(clerk, anThis)).toBe(true);
    expect(governs(siblingClerk, anThis)).toBe(false);
    expect(governs(communeChair, anThis)).toBe(false);
    expect(governs(communeChair, communes)).toBe(true);
    expect(governs(chair, communes)).toBe(false);
  });

  it('should let only the issuing body govern a directive carried down', () => {
    expect(governs(communeChair, carried)).toBe(true);
    expect(governs(chair, carried)).toBe(false);
    expect(governs(provinceChair, carried)).toBe(false);
  });

  it('should let the admin govern every directive and a unit’s people none', () => {
    expect(governs(admin, communes)).toBe(true);
    expect(governs(officer, communes)).toBe(false);
  });
});

describe(oversees.name, () => {
  it('should let every body up the chain oversee a directive carried down, and no sibling', () => {
    expect(oversees(communeChair, carried)).toBe(true);
    expect(oversees(chair, carried)).toBe(true);
    expect(oversees(provinceChair, carried)).toBe(true);
    expect(oversees(siblingClerk, carried)).toBe(false);
    expect(oversees(officer, carried)).toBe(false);
    expect(oversees(provinceChair, anThis)).toBe(false);
    expect(oversees(admin, carried)).toBe(true);
  });
});

describe(maySeeTask.name, () => {
  it('should show a body the tasks of its directives and the tasks it received', () => {
    expect(maySeeTask(chair, { unitId: 'xa' }, anThis)).toBe(true);
    expect(maySeeTask(communeChair, { unitId: 'xa' }, anThis)).toBe(true);
    expect(maySeeTask(communeChair, { unitId: 'xa-khac' }, anThis)).toBe(false);
    expect(maySeeTask(siblingClerk, { unitId: 'xa' }, anThis)).toBe(false);
  });

  it('should show a unit’s people their own unit’s tasks only, and the admin all', () => {
    expect(maySeeTask(officer, { unitId: 'xa' }, anThis)).toBe(true);
    expect(maySeeTask(officer, { unitId: 'vp' }, anThis)).toBe(false);
    expect(maySeeTask(admin, { unitId: 'anything' }, communes)).toBe(true);
  });
});

describe(maySeeDirective.name, () => {
  it('should show a draft to its body only, and a published directive to the units it tasked', () => {
    expect(maySeeDirective(clerk, anThisDraft, false)).toBe(true);
    expect(maySeeDirective(siblingClerk, anThisDraft, false)).toBe(false);
    expect(maySeeDirective(communeChair, anThisDraft, true)).toBe(false);
    expect(maySeeDirective(communeChair, anThis, true)).toBe(true);
    expect(maySeeDirective(communeChair, anThis, false)).toBe(false);
    expect(maySeeDirective(officer, anThis, true)).toBe(true);
  });
});

describe(directiveTasksUnit.name, () => {
  it('should narrow a directive’s tasks to the own unit unless the user oversees it', () => {
    expect(directiveTasksUnit(chair, true)).toBeNull();
    expect(directiveTasksUnit(communeChair, false)).toBe('xa');
    expect(directiveTasksUnit(officer, false)).toBe('xa');
    expect(ownUnitOf(admin)).toBeNull();
  });
});

describe(visibleTaskSql.name, () => {
  it('should use the scope’s one placeholder exactly when it has a value', () => {
    for (const user of [chair, clerk, communeChair, officer, admin]) {
      const sql = [
        visibleTaskSql(user, 't', '$9'),
        visibleTaskSql(user, 't', '$9', 'd'),
        visibleDirectiveSql(user, 'd', '$9'),
        overseesSql(user, 'd', '$9'),
      ].join(' ');
      // pg refuses a parameter no statement uses; admin has none to place.
      expect(sql.includes('$9')).toBe(scopeParams(user).length === 1);
    }
    expect(scopeParams(clerk)).toEqual(['huyen']);
    expect(scopeParams(officer)).toEqual(['xa']);
    expect(overseesSql(officer, 'd', '$9')).toBe('FALSE');
  });
});
