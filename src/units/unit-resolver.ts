import { issuerKindGroups } from './issuer-groups.js';
import { IssuerScope } from './issuer-scope.js';
import type { UnitKind } from './unit-kind.js';
import { nameKey, trigramSimilarity } from './vietnamese-text.js';

/** What the resolver needs to know of the directory; plain data, no database. */
export interface DirectoryUnit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  aliases: string[];
  active: boolean;
  kind: UnitKind;
  parentId: string | null;
}

export interface DirectoryGroup {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  memberIds: string[];
}

export interface UnitDirectory {
  units: DirectoryUnit[];
  groups: DirectoryGroup[];
  /** The district's own place names ("An Thi"), dropped after a trailing "huyện". */
  places: string[];
}

export type MatchMethod = 'exact' | 'compound' | 'fuzzy';

export interface BodyMatch {
  type: 'unit' | 'group';
  id: string;
  code: string;
  name: string;
  /** The part of the written name this body answers. */
  matchedText: string;
  confidence: number;
}

export interface Resolution {
  query: string;
  status: 'matched' | 'unmatched';
  method: MatchMethod | null;
  /** 1 for an exact name or alias; the similarity for a fuzzy match; 0 when unmatched. */
  confidence: number;
  matches: BodyMatch[];
  /** The concrete units that would each get a task: a group's active members, deduplicated. */
  unitIds: string[];
  /** Near names for a person to choose from, when nothing matched with confidence. */
  candidates: BodyMatch[];
}

export interface ResolverOptions {
  /** Lowest similarity accepted as a match. */
  minConfidence: number;
  /** How far the best fuzzy candidate must lead the next different one. */
  minLead: number;
  /** Lowest similarity worth offering as a candidate. */
  minCandidate: number;
}

export const DEFAULT_RESOLVER_OPTIONS: ResolverOptions = {
  minConfidence: 0.85,
  minLead: 0.08,
  minCandidate: 0.45,
};

interface Entry {
  type: 'unit' | 'group';
  id: string;
  code: string;
  name: string;
  key: string;
  unitIds: string[];
  /** A unit or named group of the directory, or one of the issuer's sets by kind (issuer-groups.ts). */
  origin: 'directory' | 'issuer';
  /** Every unit it stands for is under the issuer (always, without an issuer). */
  inReach: boolean;
}

/**
 * Maps a body's name as written in a directive to units. Exact (after folding accents, case,
 * spacing and abbreviations) beats everything; a list of bodies ("Ủy ban MTTQ, các hội đoàn thể
 * huyện") is split into parts that each match exactly; otherwise only a clearly best, very close
 * name is accepted. Anything less is "unmatched" with candidates: the resolver never guesses.
 *
 * Given the issuing body (`issuerId`), names are read as that body's letter means them (issue
 * 16): a set ("các xã, phường") is the issuer's own — its set by kind (issuer-groups.ts), or an
 * administrator's group under it with the same members — never another body's; a name ending in
 * a bare level word ("Công an huyện", "Văn phòng HĐND và UBND xã") is a body under the body of
 * that level above or at the issuer (issuer-scope.ts), also by its name without that body's
 * place, else one under no other body of that level (a police kept out of the committees'
 * tree), never another district's or commune's; any other name is looked for under the issuer first, then in the whole directory (a
 * request, Đề nghị, to a body it does not command, or a sibling's body named in full).
 */
export class UnitResolver {
  private readonly entries: Entry[];
  private readonly byKey = new Map<string, Entry[]>();
  private readonly places: string[];
  private readonly scope: IssuerScope<DirectoryUnit> | null;
  /** Per level body, the units under it by their name without its place ("cong an" for "Công an xã Ân Thi"). */
  private readonly localKeys = new Map<string, Map<string, Entry[]>>();

  constructor(
    directory: UnitDirectory,
    private readonly options: ResolverOptions = DEFAULT_RESOLVER_OPTIONS,
    issuerId: string | null = null,
  ) {
    this.places = directory.places.map((place) => nameKey(place));
    const active = new Set(directory.units.filter((unit) => unit.active).map((unit) => unit.id));
    const issuer = directory.units.find((unit) => unit.id === issuerId) ?? null;
    this.scope = issuer ? new IssuerScope(issuer, directory.units) : null;
    const reach = issuer && this.scope ? this.scope.reach(issuer.id) : null;
    const inReach = (ids: string[]) =>
      reach === null || (ids.length > 0 && ids.every((id) => reach.has(id)));
    const unitEntries = directory.units
      .filter((unit) => unit.active)
      .flatMap((unit) =>
        [unit.name, unit.shortName, ...unit.aliases]
          .filter((name): name is string => !!name)
          .map((name) => this.entry('unit', unit, name, [unit.id], 'directory', inReach)),
      );
    const groups = (list: DirectoryGroup[], origin: Entry['origin']) =>
      list.flatMap((group) => {
        const members = group.memberIds.filter((id) => active.has(id));
        return [group.name, ...group.aliases].map((name) =>
          this.entry('group', group, name, members, origin, inReach),
        );
      });
    this.entries = [
      ...unitEntries,
      ...groups(directory.groups, 'directory'),
      ...(issuer ? groups(issuerKindGroups(issuer, directory.units), 'issuer') : []),
    ].filter((entry) => entry.key.length > 0);
    for (const entry of this.entries) add(this.byKey, entry.key, entry);
  }

  resolve(query: string): Resolution {
    const text = query.trim();
    const exact = this.exact(text);
    if (exact) return this.matched(text, 'exact', [exact]);

    const parts = this.compound(text);
    if (parts) return this.matched(text, 'compound', parts);

    return this.fuzzy(text);
  }

  private entry(
    type: Entry['type'],
    body: { id: string; code: string; name: string },
    name: string,
    unitIds: string[],
    origin: Entry['origin'],
    inReach: (ids: string[]) => boolean,
  ): Entry {
    return {
      type,
      id: body.id,
      code: body.code,
      name: body.name,
      key: nameKey(name, this.places),
      unitIds,
      origin,
      inReach: inReach(unitIds),
    };
  }

  /**
   * The one body the name or alias stands for, as the issuer's letter means it (see the class);
   * two different bodies is no answer. Entries standing for the same units are one body.
   */
  private exact(text: string): BodyMatch | null {
    const key = nameKey(text, this.places);
    const found = this.byKey.get(key) ?? [];
    const relative = this.relative(text, key);
    const picked = relative
      ? pick(relative.tiers(found))
      : pick([
          found.filter((entry) => entry.origin === 'directory' && entry.inReach),
          found.filter((entry) => entry.origin === 'directory'),
        ]);
    return picked ? toMatch(picked, text, 1) : null;
  }

  /**
   * For a name the issuer's letter means relative to itself, where to look (`tiers`, in order)
   * and which entries a fuzzy match may pick (`within`); null for any other name, or without
   * an issuer.
   */
  private relative(
    text: string,
    key: string,
  ): { tiers: (found: Entry[]) => Entry[][]; within: (entry: Entry) => boolean } | null {
    if (!this.scope) return null;
    if (key.startsWith('cac ')) {
      // A set: the issuer's by kind, or an administrator's group with the same units, or (no
      // set of that name) one with nothing under another body of the issuer's kind.
      const others = this.scope.underOthers(null, this.scope.issuer);
      const ours = (entry: Entry) =>
        entry.origin === 'issuer' ||
        (entry.type === 'group' && !entry.unitIds.some((id) => others.has(id)));
      return {
        tiers: (found) => {
          const own = found.filter((entry) => entry.origin === 'issuer');
          const groups = found.filter(
            (entry) =>
              entry.origin === 'directory' &&
              ours(entry) &&
              (own.length === 0 || own.some((set) => sameUnits(set, entry))),
          );
          return [groups, own];
        },
        within: ours,
      };
    }
    const level = IssuerScope.trailingLevel(text);
    if (!level) return null;
    const body = this.scope.bodyAt(level);
    const reach = this.scope.reach(body.id);
    const within = (entry: Entry) =>
      entry.unitIds.length > 0 && entry.unitIds.every((id) => reach.has(id));
    const local = key.endsWith(` ${level}`) ? key.slice(0, -level.length - 1) : key;
    // By name without the place only under a body of that very level ("xã" under a commune).
    const named = this.scope.placeOf(body)?.level === level;
    const others = this.scope.underOthers(level, body);
    const notOthers = (entry: Entry) => !entry.unitIds.some((id) => others.has(id));
    return {
      tiers: (found) => [
        named ? (this.localKeysOf(body).get(local) ?? []) : [],
        found.filter(within),
        found.filter(notOthers),
      ],
      within: notOthers,
    };
  }

  /** The units under `body` by their name without its level and place, built once per body. */
  private localKeysOf(body: DirectoryUnit): Map<string, Entry[]> {
    let keys = this.localKeys.get(body.id);
    if (keys) return keys;
    keys = new Map();
    const place = this.scope?.placeOf(body);
    const reach = this.scope?.reach(body.id);
    if (place && reach) {
      const suffix = ` ${place.level} ${place.place}`;
      for (const entry of this.entries) {
        if (entry.type === 'unit' && reach.has(entry.id) && entry.key.endsWith(suffix))
          add(keys, entry.key.slice(0, -suffix.length), entry);
      }
    }
    this.localKeys.set(body.id, keys);
    return keys;
  }

  /**
   * Splits at commas, semicolons and "và" and finds the fewest consecutive runs of parts that each
   * match exactly; a run may keep its commas, as in "Ủy ban nhân dân các xã, thị trấn".
   */
  private compound(text: string): BodyMatch[] | null {
    const parts = text
      .split(/\s*[,;]\s*|\s+(?:và|va|cùng)\s+/i)
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    if (parts.length < 2 || parts.length > 20) return null;
    // best[i]: fewest matched runs covering parts[0..i), with the runs themselves.
    const best: Array<BodyMatch[] | null> = [[], ...parts.map(() => null)];
    for (let end = 1; end <= parts.length; end++) {
      for (let start = 0; start < end; start++) {
        const before = best[start];
        if (!before) continue;
        const match = this.exact(parts.slice(start, end).join(', '));
        if (match && (!best[end] || before.length + 1 < best[end]!.length)) {
          best[end] = [...before, match];
        }
      }
    }
    const runs = best[parts.length];
    return runs && runs.length > 1 ? runs : null;
  }

  /**
   * A clearly best, very close name; for a name the issuer means relative to itself, only among
   * the bodies it may mean (another commune's "Công an xã" is never a close match).
   */
  private fuzzy(text: string): Resolution {
    const key = nameKey(text, this.places);
    const within = this.relative(text, key)?.within ?? (() => true);
    const ranked = this.ranked(key, within);
    const [first, second] = ranked;
    if (this.accepted(first, second)) {
      return this.matched(text, 'fuzzy', [toMatch(first.entry, text, round(first.score))]);
    }
    return {
      query: text,
      status: 'unmatched',
      method: null,
      confidence: 0,
      matches: [],
      unitIds: [],
      candidates: this.ranked(key, () => true)
        .filter((candidate) => candidate.score >= this.options.minCandidate)
        .slice(0, 5)
        .map((candidate) => toMatch(candidate.entry, text, round(candidate.score))),
    };
  }

  private ranked(key: string, among: (entry: Entry) => boolean): Scored[] {
    const scored = new Map<string, Scored>();
    for (const entry of this.entries) {
      if (!among(entry)) continue;
      const score = trigramSimilarity(key, entry.key);
      const previous = scored.get(entry.id);
      if (!previous || score > previous.score) scored.set(entry.id, { entry, score });
    }
    return [...scored.values()].sort((a, b) => b.score - a.score);
  }

  private accepted(first: Scored | undefined, second: Scored | undefined): first is Scored {
    return (
      !!first &&
      first.score >= this.options.minConfidence &&
      (!second || first.score - second.score >= this.options.minLead)
    );
  }

  private matched(query: string, method: MatchMethod, matches: BodyMatch[]): Resolution {
    const unitIds = new Set<string>();
    for (const match of matches) {
      for (const id of this.unitIdsOf(match.id)) unitIds.add(id);
    }
    return {
      query,
      status: 'matched',
      method,
      confidence: Math.min(...matches.map((match) => match.confidence)),
      matches,
      unitIds: [...unitIds],
      candidates: [],
    };
  }

  private unitIdsOf(id: string): string[] {
    return this.entries.find((entry) => entry.id === id)?.unitIds ?? [];
  }
}

interface Scored {
  entry: Entry;
  score: number;
}

function add(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key) ?? [];
  if (!list.some((other) => other.id === entry.id)) list.push(entry);
  map.set(key, list);
}

function sameUnits(a: Entry, b: Entry): boolean {
  return [...a.unitIds].sort().join() === [...b.unitIds].sort().join();
}

/** The first tier naming exactly one body; entries standing for the same units are one body. */
function pick(tiers: Entry[][]): Entry | null {
  for (const tier of tiers) {
    const [first, ...rest] = tier;
    if (!first) continue;
    const units = [...first.unitIds].sort().join();
    if (rest.every((other) => other.id === first.id || [...other.unitIds].sort().join() === units))
      return first;
  }
  return null;
}

function toMatch(entry: Entry, matchedText: string, confidence: number): BodyMatch {
  return {
    type: entry.type,
    id: entry.id,
    code: entry.code,
    name: entry.name,
    matchedText,
    confidence,
  };
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
