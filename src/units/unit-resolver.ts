import { childrenOf, descendants, issuerKindGroups, levelAndPlace } from './issuer-groups.js';
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
 * 16): a name is first looked for among the bodies under the issuer, then among the issuer's sets
 * by kind ("các xã, phường": issuer-groups.ts), and only then in the whole directory (a request,
 * Đề nghị, to a body it does not command). A body under the issuer is also known by its name
 * without the issuer's place: in the letter of "Ủy ban nhân dân xã Ân Thi", "Công an xã" is
 * "Công an xã Ân Thi", never a sibling commune's police.
 */
export class UnitResolver {
  private readonly entries: Entry[];
  private readonly byKey = new Map<string, Entry[]>();
  /** Bodies under the issuer by their name without the issuer's place ("cong an" for "Công an xã Ân Thi"). */
  private readonly localByKey = new Map<string, Entry[]>();
  private readonly places: string[];
  private readonly issuerPlace: { level: string; place: string } | null = null;

  constructor(
    directory: UnitDirectory,
    private readonly options: ResolverOptions = DEFAULT_RESOLVER_OPTIONS,
    issuerId: string | null = null,
  ) {
    this.places = directory.places.map((place) => nameKey(place));
    const active = new Set(directory.units.filter((unit) => unit.active).map((unit) => unit.id));
    const issuer = directory.units.find((unit) => unit.id === issuerId) ?? null;
    const reach = issuer
      ? new Set(descendants(issuer.id, childrenOf(directory.units)).map((unit) => unit.id))
      : null;
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
    if (issuer && reach) {
      this.issuerPlace = levelAndPlace(issuer.name);
      for (const entry of unitEntries) {
        if (!entry.inReach) continue;
        const local = this.withoutIssuerPlace(entry.key, false);
        if (local) add(this.localByKey, local, entry);
      }
    }
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
   * A key without the issuer's level and place at its end ("cong an xa an thi" → "cong an" for
   * xã Ân Thi); a written name may also end in the level word alone ("Công an xã"). Null when
   * the key names no place of the issuer's.
   */
  private withoutIssuerPlace(key: string, levelAlone: boolean): string | null {
    if (!this.issuerPlace) return null;
    const { level, place } = this.issuerPlace;
    for (const suffix of [`${level} ${place}`, ...(levelAlone ? [level] : [])]) {
      if (key.endsWith(` ${suffix}`)) return key.slice(0, -suffix.length - 1);
    }
    return null;
  }

  /**
   * The one body the name or alias stands for: under the issuer by its name without the
   * issuer's place, else the first of these holding exactly one body — the bodies under the
   * issuer, the issuer's sets by kind, the whole directory. Two different bodies is no answer.
   */
  private exact(text: string): BodyMatch | null {
    const key = nameKey(text, this.places);
    const local = this.withoutIssuerPlace(key, true);
    const found = this.byKey.get(key) ?? [];
    const picked = pick([
      local === null ? [] : (this.localByKey.get(local) ?? []),
      found.filter((entry) => entry.origin === 'directory' && entry.inReach),
      found.filter((entry) => entry.origin === 'issuer'),
      found.filter((entry) => entry.origin === 'directory'),
    ]);
    return picked ? toMatch(picked, text, 1) : null;
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

  /** A clearly best, very close name: under the issuer first, then in the whole directory. */
  private fuzzy(text: string): Resolution {
    const key = nameKey(text, this.places);
    const ownFirst = this.entries.some((entry) => !entry.inReach);
    if (ownFirst) {
      const [first, second] = this.ranked(key, (entry) => entry.inReach);
      if (this.accepted(first, second))
        return this.matched(text, 'fuzzy', [toMatch(first.entry, text, round(first.score))]);
    }
    const ranked = this.ranked(key, () => true);
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
      candidates: ranked
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
