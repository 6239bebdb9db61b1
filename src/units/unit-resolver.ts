import { nameKey, trigramSimilarity } from './vietnamese-text.js';

/** What the resolver needs to know of the directory; plain data, no database. */
export interface DirectoryUnit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  aliases: string[];
  active: boolean;
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
}

/**
 * Maps a body's name as written in a directive to units. Exact (after folding accents, case,
 * spacing and abbreviations) beats everything; a list of bodies ("Ủy ban MTTQ, các hội đoàn thể
 * huyện") is split into parts that each match exactly; otherwise only a clearly best, very close
 * name is accepted. Anything less is "unmatched" with candidates: the resolver never guesses.
 */
export class UnitResolver {
  private readonly entries: Entry[];
  private readonly byKey = new Map<string, Entry[]>();
  private readonly places: string[];

  constructor(
    directory: UnitDirectory,
    private readonly options: ResolverOptions = DEFAULT_RESOLVER_OPTIONS,
  ) {
    this.places = directory.places.map((place) => nameKey(place));
    const active = new Set(directory.units.filter((unit) => unit.active).map((unit) => unit.id));
    const unitEntries = directory.units
      .filter((unit) => unit.active)
      .flatMap((unit) =>
        [unit.name, unit.shortName, ...unit.aliases]
          .filter((name): name is string => !!name)
          .map((name) => this.entry('unit', unit, name, [unit.id])),
      );
    const groupEntries = directory.groups.flatMap((group) => {
      const members = group.memberIds.filter((id) => active.has(id));
      return [group.name, ...group.aliases].map((name) =>
        this.entry('group', group, name, members),
      );
    });
    this.entries = [...unitEntries, ...groupEntries].filter((entry) => entry.key.length > 0);
    for (const entry of this.entries) {
      const list = this.byKey.get(entry.key) ?? [];
      if (!list.some((other) => other.id === entry.id)) list.push(entry);
      this.byKey.set(entry.key, list);
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
  ): Entry {
    return {
      type,
      id: body.id,
      code: body.code,
      name: body.name,
      key: nameKey(name, this.places),
      unitIds,
    };
  }

  /** The one body whose name or alias folds to the same key; two different bodies is no answer. */
  private exact(text: string): BodyMatch | null {
    const found = this.byKey.get(nameKey(text, this.places));
    if (!found || found.length !== 1) return null;
    return toMatch(found[0], text, 1);
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

  private fuzzy(text: string): Resolution {
    const key = nameKey(text, this.places);
    const scored = new Map<string, { entry: Entry; score: number }>();
    for (const entry of this.entries) {
      const score = trigramSimilarity(key, entry.key);
      const previous = scored.get(entry.id);
      if (!previous || score > previous.score) scored.set(entry.id, { entry, score });
    }
    const ranked = [...scored.values()].sort((a, b) => b.score - a.score);
    const [first, second] = ranked;
    if (
      first &&
      first.score >= this.options.minConfidence &&
      (!second || first.score - second.score >= this.options.minLead)
    ) {
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
