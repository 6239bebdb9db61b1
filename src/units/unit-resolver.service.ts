import { Injectable } from '@nestjs/common';
import { KIND_GROUPS } from './issuer-groups.js';
import {
  DEFAULT_RESOLVER_OPTIONS,
  type Resolution,
  type UnitDirectory,
  UnitResolver,
} from './unit-resolver.js';
import type { Unit } from './unit.entity.js';
import { UnitGroupsService } from './unit-groups.service.js';
import { UnitsService } from './units.service.js';
import { foldVietnamese } from './vietnamese-text.js';

export interface ResolvedUnit {
  id: string;
  code: string;
  name: string;
  kind: Unit['kind'];
}

/** A resolution with the concrete units spelled out. */
export interface UnitResolution extends Resolution {
  units: ResolvedUnit[];
}

/**
 * Resolves bodies' names as directives write them against the current unit directory, as the
 * issuing body's letter means them (`issuerId`: see `UnitResolver`). Used by the intake of
 * directives to turn "các xã, thị trấn" into one task per commune.
 */
@Injectable()
export class UnitResolverService {
  constructor(
    private readonly units: UnitsService,
    private readonly groups: UnitGroupsService,
  ) {}

  /** Resolves several names against one reading of the directory, for the issuer's letter. */
  async resolveMany(names: string[], issuerId: string | null = null): Promise<UnitResolution[]> {
    const [units, groups] = await Promise.all([this.units.all(), this.groups.all()]);
    const directory: UnitDirectory = {
      units,
      groups: groups.map((group) => ({
        ...group,
        memberIds: (group.members ?? []).map((unit) => unit.id),
      })),
      places: districtPlaces(units),
    };
    const resolver = new UnitResolver(directory, DEFAULT_RESOLVER_OPTIONS, issuerId);
    const byId = new Map(units.map((unit) => [unit.id, unit]));
    return names.map((name) => {
      const resolution = resolver.resolve(name);
      return {
        ...resolution,
        units: resolution.unitIds.map((id) => {
          const unit = byId.get(id)!;
          return { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind };
        }),
      };
    });
  }

  /** Every name the directory knows a body by: units' names, short names and aliases; groups. */
  async knownNames(): Promise<string[]> {
    const [units, groups] = await Promise.all([this.units.all(), this.groups.all()]);
    return [
      ...units.flatMap((unit) => [unit.name, unit.shortName ?? '', ...(unit.aliases ?? [])]),
      ...groups.map((group) => group.name),
      // Every issuer's sets by kind ("Ủy ban nhân dân các xã, phường"): names the parser completes.
      ...KIND_GROUPS.flatMap((group) => group.names),
    ].filter(Boolean);
  }

  async resolve(name: string, issuerId: string | null = null): Promise<UnitResolution> {
    const [resolution] = await this.resolveMany([name], issuerId);
    return resolution;
  }
}

/** "Ủy ban nhân dân huyện An Thi" → "An Thi": the place a trailing "huyện …" may name. */
function districtPlaces(units: Unit[]): string[] {
  return units
    .filter((unit) => unit.kind === 'district_committee')
    .map((unit) => /(?:huyện|quận|thị xã|thành phố)\s+(.+)$/iu.exec(unit.name)?.[1])
    .filter((place): place is string => !!place && foldVietnamese(place).length > 0);
}
