import { childrenOf, descendants, type TreeUnit } from './issuer-groups.js';
import type { UnitKind } from './unit-kind.js';
import { foldVietnamese } from './vietnamese-text.js';

/**
 * Where a name in an issuer's letter may point (pure; issue 16, item 1). A name ending in a bare
 * level word means a body of that level above or at the issuer: "Công an huyện" in a commune's
 * letter is its district's police, "Công an xã" its own, "Công an tỉnh" its province's — never
 * another district's, commune's or province's. `bodyAt` finds that body, `reach` what is under
 * it.
 */

/** Level words, longest first ("thị xã" before "xã"), with the kinds of body at that level. */
const LEVEL_KINDS: ReadonlyArray<readonly [string, readonly UnitKind[]]> = [
  ['dac khu', ['special_zone']],
  ['thi tran', ['commune']],
  ['thanh pho', ['province_committee', 'district_committee']],
  ['thi xa', ['district_committee']],
  ['phuong', ['ward']],
  ['tinh', ['province_committee']],
  ['huyen', ['district_committee']],
  ['quan', ['district_committee']],
  ['xa', ['commune']],
];

/**
 * The level word and place of a committee's name, folded: "Ủy ban nhân dân xã Ân Thi" →
 * `{ level: 'xa', place: 'an thi' }`; null for a body not named so (a department).
 */
export function levelAndPlace(name: string): { level: string; place: string } | null {
  const folded = foldVietnamese(name);
  const prefix = 'uy ban nhan dan ';
  if (!folded.startsWith(prefix)) return null;
  const rest = folded.slice(prefix.length);
  const level = LEVEL_KINDS.find(([word]) => rest.startsWith(`${word} `))?.[0];
  return level ? { level, place: rest.slice(level.length + 1) } : null;
}

const kindsAt = (level: string) => LEVEL_KINDS.find(([word]) => word === level)?.[1] ?? [];

export interface NamedTreeUnit extends TreeUnit {
  name: string;
}

export class IssuerScope<T extends NamedTreeUnit = NamedTreeUnit> {
  private readonly byId: Map<string, T>;
  private readonly children: Map<string, T[]>;
  private readonly reaches = new Map<string, Set<string>>();
  private readonly others = new Map<string, Set<string>>();

  constructor(
    readonly issuer: T,
    units: readonly T[],
  ) {
    this.byId = new Map(units.map((unit) => [unit.id, unit]));
    this.children = childrenOf(units);
  }

  /** The level word a written name ends with, bare ("Công an huyện": `huyen`), else null. */
  static trailingLevel(text: string): string | null {
    const folded = foldVietnamese(text);
    return LEVEL_KINDS.find(([level]) => folded.endsWith(` ${level}`))?.[0] ?? null;
  }

  /**
   * The body a bare level word means in the issuer's letter: the issuer or the nearest body
   * above it of that level; the issuer itself when none is (a province's "cấp huyện").
   */
  bodyAt(level: string): T {
    const kinds = kindsAt(level);
    return this.ancestry(this.issuer).find((unit) => kinds.includes(unit.kind)) ?? this.issuer;
  }

  /** `unit` and the units above it, nearest first (a cycle written by hand is walked once). */
  private ancestry(unit: T): T[] {
    const found: T[] = [];
    const seen = new Set<string>();
    for (let at: T | undefined = unit; at && !seen.has(at.id);) {
      seen.add(at.id);
      found.push(at);
      at = at.parentId === null ? undefined : this.byId.get(at.parentId);
    }
    return found;
  }

  /** The units under `bodyId`, at any depth. */
  reach(bodyId: string): Set<string> {
    let found = this.reaches.get(bodyId);
    if (!found) {
      found = new Set(descendants(bodyId, this.children).map((unit) => unit.id));
      this.reaches.set(bodyId, found);
    }
    return found;
  }

  /**
   * What lies under the other bodies of a level than `body` (another district's offices for
   * "huyện"; with no level, of the body's own kind): a name relative to the issuer never means
   * one of them. Bodies in no committee's
   * tree (a district's police or Front, in directories that keep them apart) are not among them.
   */
  underOthers(level: string | null, body: T): Set<string> {
    const memo = `${level ?? ''}|${body.id}`;
    let found = this.others.get(memo);
    if (found) return found;
    // Without a level word: the other bodies of the body's own kind (another district's).
    const kinds = level === null ? [body.kind] : kindsAt(level);
    const above = new Set(this.ancestry(body).map((unit) => unit.id));
    found = new Set<string>();
    for (const unit of this.byId.values()) {
      if (!kinds.includes(unit.kind) || above.has(unit.id)) continue;
      found.add(unit.id);
      for (const id of this.reach(unit.id)) found.add(id);
    }
    this.others.set(memo, found);
    return found;
  }

  /** The level word and place a body's name ends in ("xã Ân Thi"), folded; null if none. */
  placeOf(body: T): { level: string; place: string } | null {
    return levelAndPlace(body.name);
  }
}
