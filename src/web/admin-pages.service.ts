import { Injectable } from '@nestjs/common';
import { CreateUnitGroupDto, UpdateUnitGroupDto } from '../units/unit-group.dto.js';
import { UnitGroupsService } from '../units/unit-groups.service.js';
import { CreateUnitDto, UpdateUnitDto } from '../units/unit.dto.js';
import type { Unit } from '../units/unit.entity.js';
import { UnitsService } from '../units/units.service.js';
import type { Role } from '../core/access/role.js';
import { CreateUserDto, UpdateUserDto } from '../users/user.dto.js';
import { UsersService } from '../users/users.service.js';
import type { GroupForm, UnitForm, UserForm } from './admin-pages.form.js';
import { createValidationPipe } from '../core/http/validation.js';

// The API's validation rules, applied to the bodies the forms are turned into.
const VALIDATION = createValidationPipe();
const USERS_PAGE = 100;

async function validated<T extends object>(type: new () => T, value: object): Promise<T> {
  return (await VALIDATION.transform(value, { type: 'body', metatype: type })) as T;
}

/** "UBND xã A\nXã A" → ["UBND xã A", "Xã A"]: one alias per line. */
function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Quản trị: units, groups and users, through the same services and DTO rules as the API. */
@Injectable()
export class AdminPagesService {
  constructor(
    private readonly units: UnitsService,
    private readonly groups: UnitGroupsService,
    private readonly users: UsersService,
  ) {}

  async overview() {
    const [units, groups, users] = await Promise.all([
      this.units.list({ limit: 1, offset: 0, activeOnly: 'false' }),
      this.groups.list({ limit: 1, offset: 0 }),
      this.users.list({ limit: 1, offset: 0 }),
    ]);
    return { units: units.total, groups: groups.total, users: users.total };
  }

  async unitList(filter: { q?: string; all?: 'true' }) {
    const [page, all] = await Promise.all([
      this.units.list({
        q: filter.q,
        activeOnly: filter.all ? 'false' : 'true',
        limit: 200,
        offset: 0,
      }),
      this.units.all(),
    ]);
    return { units: page, parents: parentChoices(all), names: namesOf(all) };
  }

  async unit(id: string) {
    const [unit, all] = await Promise.all([this.units.get(id), this.units.all()]);
    return { unit, parents: parentChoices(all.filter((u) => u.id !== id)) };
  }

  async createUnit(form: UnitForm): Promise<Unit> {
    return this.units.create(
      await validated(CreateUnitDto, {
        code: form.code,
        name: form.name,
        kind: form.kind,
        ...(form.shortName ? { shortName: form.shortName } : {}),
        ...(form.parentId ? { parentId: form.parentId } : {}),
        ...(form.population !== undefined ? { population: form.population } : {}),
        aliases: lines(form.aliases),
        active: form.active !== 'false',
      }),
    );
  }

  async updateUnit(id: string, form: UnitForm): Promise<Unit> {
    return this.units.update(
      id,
      await validated(UpdateUnitDto, {
        code: form.code,
        name: form.name,
        kind: form.kind,
        shortName: form.shortName ?? null,
        parentId: form.parentId ?? null,
        population: form.population ?? null,
        aliases: lines(form.aliases),
        active: form.active !== 'false',
      }),
    );
  }

  async groupList() {
    const [groups, all] = await Promise.all([
      this.groups.list({ limit: 200, offset: 0 }),
      this.units.all(),
    ]);
    return { groups, directory: all.filter((unit) => unit.active) };
  }

  async group(id: string) {
    const [group, all] = await Promise.all([this.groups.get(id), this.units.all()]);
    return {
      group,
      directory: all.filter(
        (unit) => unit.active || (group.members ?? []).some((m) => m.id === unit.id),
      ),
    };
  }

  async createGroup(form: GroupForm) {
    return this.groups.create(
      await validated(CreateUnitGroupDto, {
        code: form.code,
        name: form.name,
        aliases: lines(form.aliases),
        ...(form.description ? { description: form.description } : {}),
        memberIds: form.memberIds ?? [],
      }),
    );
  }

  async updateGroup(id: string, form: GroupForm) {
    return this.groups.update(
      id,
      await validated(UpdateUnitGroupDto, {
        code: form.code,
        name: form.name,
        aliases: lines(form.aliases),
        description: form.description ?? null,
        memberIds: form.memberIds ?? [],
      }),
    );
  }

  async userList(filter: { role?: Role; page?: number }) {
    const page = filter.page ?? 1;
    const [users, all] = await Promise.all([
      this.users.list({ role: filter.role, limit: USERS_PAGE, offset: (page - 1) * USERS_PAGE }),
      this.units.all(),
    ]);
    return {
      users,
      page,
      pages: Math.max(1, Math.ceil(users.total / USERS_PAGE)),
      names: namesOf(all),
      directory: all.filter((unit) => unit.active),
    };
  }

  async createUser(form: UserForm) {
    return this.users.create(
      await validated(CreateUserDto, {
        username: form.username,
        fullName: form.fullName,
        role: form.role,
        unitId: form.unitId,
        password: form.password,
      }),
    );
  }

  async setUserActive(id: string, active: boolean) {
    return this.users.update(id, await validated(UpdateUserDto, { active }));
  }

  async resetPassword(id: string, password: string) {
    return this.users.update(id, await validated(UpdateUserDto, { password }));
  }
}

function namesOf(units: Unit[]): Record<string, string> {
  return Object.fromEntries(units.map((unit) => [unit.id, unit.name]));
}

function parentChoices(units: Unit[]): Unit[] {
  return units.filter((unit) => unit.active).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
