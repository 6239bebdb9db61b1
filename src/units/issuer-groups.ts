import type { TreeUnit as BodyTreeUnit } from './unit-body.js';
import type { UnitKind } from './unit-kind.js';

/**
 * What a letter calls a set of the bodies under its issuer, by kind (issue 16, item 1): "Ủy ban
 * nhân dân các xã, phường" in the province's letter is every commune and ward of the province,
 * "các phòng, ban chuyên môn" in a commune's letter is that commune's offices. Each issuing body
 * has these sets without anyone keeping a group for it; an administrator's named group of the
 * same name, when it lies under the issuer, is preferred (unit-resolver.ts).
 */
export interface KindGroup {
  /** Stable part of the set's code; the issuer's code is appended. */
  code: string;
  /** How letters write it; the first is the set's name. */
  names: string[];
  kinds: readonly UnitKind[];
  /** Only the issuer's own children, or every unit of the kinds under it (through districts). */
  depth: 'children' | 'descendants';
}

const COMMUNE_LEVEL: readonly UnitKind[] = ['commune', 'ward', 'special_zone'];

export const KIND_GROUPS: readonly KindGroup[] = [
  {
    code: 'cac-xa-phuong',
    names: [
      'Ủy ban nhân dân các xã, phường, đặc khu',
      'Ủy ban nhân dân các xã, phường, thị trấn',
      'Ủy ban nhân dân các xã, phường',
      'Ủy ban nhân dân các xã, thị trấn',
      'Ủy ban nhân dân các phường, xã',
      'Ủy ban nhân dân cấp xã',
      'Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn tỉnh',
      'Ủy ban nhân dân các xã, phường trên địa bàn tỉnh',
    ],
    kinds: COMMUNE_LEVEL,
    depth: 'descendants',
  },
  {
    code: 'cac-huyen',
    names: [
      'Ủy ban nhân dân các huyện, thị xã, thành phố',
      'Ủy ban nhân dân các huyện, thành phố',
      'Ủy ban nhân dân cấp huyện',
    ],
    kinds: ['district_committee'],
    depth: 'descendants',
  },
  {
    code: 'cac-so-ban-nganh',
    names: ['Các sở, ban, ngành', 'Các sở, ngành', 'Các sở, ban, ngành tỉnh', 'Các sở, ngành tỉnh'],
    kinds: ['department'],
    depth: 'children',
  },
  {
    code: 'cac-phong-chuyen-mon',
    names: [
      'Các phòng, ban chuyên môn',
      'Các phòng chuyên môn',
      'Các cơ quan chuyên môn',
      'Các cơ quan chuyên môn thuộc Ủy ban nhân dân',
    ],
    kinds: ['office'],
    depth: 'children',
  },
  {
    code: 'cac-phong-ban',
    names: [
      'Các phòng, ban',
      'Các phòng, ban, ngành',
      'Các phòng, ban, đơn vị',
      'Các phòng, ngành',
    ],
    kinds: ['office', 'public_service'],
    depth: 'children',
  },
];

/** What the kind groups read of a unit: its place in the tree (unit-body.ts) and who it is. */
export interface TreeUnit extends BodyTreeUnit {
  id: string;
  code: string;
  active: boolean;
}

/** The issuer's sets, each with its active members (sets without a member are left out). */
export function issuerKindGroups(
  issuer: TreeUnit,
  units: readonly TreeUnit[],
): Array<{ id: string; code: string; name: string; aliases: string[]; memberIds: string[] }> {
  const children = childrenOf(units);
  const below = descendants(issuer.id, children);
  return KIND_GROUPS.flatMap((group) => {
    const pool = group.depth === 'children' ? (children.get(issuer.id) ?? []) : below;
    const memberIds = pool
      .filter((unit) => unit.active && group.kinds.includes(unit.kind))
      .map((unit) => unit.id);
    if (memberIds.length === 0) return [];
    const code = `${group.code}@${issuer.code}`;
    const [name, ...aliases] = group.names;
    return [{ id: code, code, name, aliases, memberIds }];
  });
}

/** The units under `rootId`, at any depth (a cycle written by hand into the table is walked once). */
export function descendants<T extends TreeUnit>(rootId: string, children: Map<string, T[]>): T[] {
  const found: T[] = [];
  const seen = new Set<string>([rootId]);
  const stack = [...(children.get(rootId) ?? [])];
  while (stack.length > 0) {
    const unit = stack.pop() as T;
    if (seen.has(unit.id)) continue;
    seen.add(unit.id);
    found.push(unit);
    stack.push(...(children.get(unit.id) ?? []));
  }
  return found;
}

export function childrenOf<T extends TreeUnit>(units: readonly T[]): Map<string, T[]> {
  const children = new Map<string, T[]>();
  for (const unit of units) {
    if (unit.parentId === null) continue;
    const list = children.get(unit.parentId) ?? [];
    list.push(unit);
    children.set(unit.parentId, list);
  }
  return children;
}
