import { TransactionRunner } from '../../src/core/database/transaction-runner.js';
import { DEMO_PASSWORD } from '../../src/demo/demo-directory.js';
import type { UnitKind } from '../../src/units/unit-kind.js';
import { UnitsService } from '../../src/units/units.service.js';
import { PasswordHasher } from '../../src/users/password-hasher.js';
import { UsersService } from '../../src/users/users.service.js';
import type { TestApp } from './test-app.js';

/**
 * A province after 1 July 2025 (two tiers): the province committee with its departments, and
 * its communes and wards directly under it — no districts — each commune with offices of its
 * own. Built through the owning services (as the demo seeder is) into an app started with
 * `seed: false`; accounts use the demo password, so `t.login` signs them in.
 *
 * Accounts: `tinh.chair`, `tinh.clerk`; for each commune or ward `<code>.chair`, `<code>.clerk`;
 * for each office `<code>.officer`.
 */
export interface TwoTierProvince {
  /** Unit ids by code. */
  ids: Map<string, string>;
  communes: string[];
}

interface Body {
  code: string;
  name: string;
  kind: UnitKind;
  parent?: string;
  aliases?: string[];
}

const PLACES: Array<{ code: string; level: 'xã' | 'phường'; place: string }> = [
  { code: 'xa-an-thi', level: 'xã', place: 'Ân Thi' },
  { code: 'xa-xuan-truc', level: 'xã', place: 'Xuân Trúc' },
  { code: 'xa-pham-ngu-lao', level: 'xã', place: 'Phạm Ngũ Lão' },
  { code: 'xa-hong-quang', level: 'xã', place: 'Hồng Quang' },
  { code: 'phuong-pho-hien', level: 'phường', place: 'Phố Hiến' },
  { code: 'phuong-son-nam', level: 'phường', place: 'Sơn Nam' },
];

export const TWO_TIER_UNITS: Body[] = [
  {
    code: 'tinh',
    name: 'Ủy ban nhân dân tỉnh Hưng Yên',
    kind: 'province_committee',
    aliases: ['UBND tỉnh Hưng Yên'],
  },
  { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', parent: 'tinh' },
  { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', parent: 'tinh' },
  ...PLACES.flatMap(({ code, level, place }): Body[] => [
    {
      code,
      name: `Ủy ban nhân dân ${level} ${place}`,
      kind: level === 'xã' ? 'commune' : 'ward',
      parent: 'tinh',
      aliases: [`UBND ${level} ${place}`],
    },
    {
      code: `${code}-vhxh`,
      name: `Phòng Văn hóa - Xã hội ${level} ${place}`,
      kind: 'office',
      parent: code,
    },
    {
      code: `${code}-cong-an`,
      name: `Công an ${level} ${place}`,
      kind: 'police_military',
      parent: code,
    },
  ]),
];

export async function buildTwoTierProvince(t: TestApp): Promise<TwoTierProvince> {
  const passwordHash = await t.app.get(PasswordHasher).hash(DEMO_PASSWORD);
  const units = t.app.get(UnitsService);
  const users = t.app.get(UsersService);
  const ids = new Map<string, string>();
  await t.app.get(TransactionRunner).run(async (manager) => {
    for (const body of TWO_TIER_UNITS) {
      const unit = await units.insert(manager, {
        code: body.code,
        name: body.name,
        shortName: null,
        kind: body.kind,
        parentId: body.parent ? ids.get(body.parent)! : null,
        population: null,
        aliases: body.aliases ?? [],
      });
      ids.set(body.code, unit.id);
    }
    // No named group for "Ủy ban nhân dân các xã, phường": the province's letter means its
    // communes and wards by their kind (units/issuer-groups.ts), with nobody keeping a list.
    const accounts: Array<[string, 'admin' | 'chair' | 'clerk' | 'unit_officer', string]> = [
      ['admin', 'admin', 'tinh'],
      ['tinh.chair', 'chair', 'tinh'],
      ['tinh.clerk', 'clerk', 'tinh'],
      ...PLACES.flatMap(({ code }): Array<[string, 'chair' | 'clerk', string]> => [
        [`${code}.chair`, 'chair', code],
        [`${code}.clerk`, 'clerk', code],
      ]),
      ...TWO_TIER_UNITS.filter((u) => u.kind === 'office' || u.kind === 'police_military').map(
        (u): [string, 'unit_officer', string] => [`${u.code}.officer`, 'unit_officer', u.code],
      ),
    ];
    for (const [username, role, unit] of accounts) {
      await users.insert(manager, {
        username,
        fullName: username,
        role,
        unitId: ids.get(unit)!,
        passwordHash,
      });
    }
  });
  return { ids, communes: PLACES.map((p) => p.code) };
}
