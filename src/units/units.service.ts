import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import {
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from '../core/database/pg-error.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import type { CreateUnitDto, UnitListQuery, UpdateUnitDto } from './unit.dto.js';
import { Unit } from './unit.entity.js';
import {
  UnitCodeTakenError,
  UnitInUseError,
  UnitParentCycleError,
  UnknownUnitsError,
} from './units.errors.js';
import { foldVietnamese } from './vietnamese-text.js';

/** A unit's columns under the entity's property names (for reads that skip hydration). */
const UNIT_ROW = `u.id, u.code, u.name, u.short_name AS "shortName", u.kind,
  u.parent_id AS "parentId", u.population, u.aliases, u.search_text AS "searchText", u.active,
  u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

export interface UnitPage {
  items: Unit[];
  total: number;
  limit: number;
  offset: number;
  population: number | null;
}

@Injectable()
export class UnitsService {
  private readonly logger = new Logger(UnitsService.name);

  constructor(
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(query: UnitListQuery): Promise<UnitPage> {
    const filtered = this.units.createQueryBuilder('unit');
    if (query.activeOnly !== 'false') filtered.andWhere('unit.active');
    if (query.kind) filtered.andWhere('unit.kind = :kind', { kind: query.kind });
    if (query.parentId)
      filtered.andWhere('unit.parentId = :parentId', { parentId: query.parentId });
    const search = query.q ? foldVietnamese(query.q) : '';
    if (search) {
      filtered.andWhere(`unit.searchText LIKE :search ESCAPE '\\'`, {
        search: `%${search.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    const [items, totals] = await Promise.all([
      filtered
        .clone()
        .orderBy('unit.kind', 'ASC')
        .addOrderBy('unit.name', 'ASC')
        .take(query.limit)
        .skip(query.offset)
        .getMany(),
      filtered
        .clone()
        .select('COUNT(*)::int', 'total')
        .addSelect('SUM(unit.population)::int', 'population')
        .getRawOne<{ total: number; population: number | null }>(),
    ]);
    return {
      items,
      total: totals?.total ?? 0,
      population: totals?.population ?? null,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string): Promise<Unit> {
    const unit = await this.units.findOne({ where: { id } });
    if (!unit) throw new NotFoundError('unit', id);
    return unit;
  }

  /**
   * Every unit, active or not, for the resolver's directory and the pages' pickers. Read as plain
   * rows of the entity's shape, not hydrated entities: a province's directory runs past a
   * thousand units, and a request hydrates at most 1,000 entities.
   */
  all(): Promise<Unit[]> {
    return this.units.query(`SELECT ${UNIT_ROW} FROM units u ORDER BY u.code`);
  }

  /** The members of the given groups, as plain unit rows by group id (see {@link all}). */
  async membersOf(groupIds: string[]): Promise<Map<string, Unit[]>> {
    const members = new Map<string, Unit[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return members;
    const rows = await this.units.query<Array<Unit & { groupId: string }>>(
      `SELECT m.group_id AS "groupId", ${UNIT_ROW}
         FROM unit_group_members m JOIN units u ON u.id = m.unit_id
        WHERE m.group_id = ANY($1::uuid[])
        ORDER BY u.code`,
      [groupIds],
    );
    for (const { groupId, ...unit } of rows) members.get(groupId)?.push(unit);
    return members;
  }

  async create(input: CreateUnitDto): Promise<Unit> {
    const unit = await this.transactions.run((manager) => this.insert(manager, input));
    this.logger.log(`created unit ${unit.id} (${unit.code})`);
    return unit;
  }

  /** Inserts a unit inside the caller's transaction (also used by the demo seed). */
  async insert(manager: EntityManager, input: CreateUnitDto): Promise<Unit> {
    if (input.parentId) await this.requireExisting(manager, [input.parentId]);
    const unit = manager.create(Unit, {
      ...input,
      shortName: input.shortName ?? null,
      parentId: input.parentId ?? null,
      population: input.population ?? null,
      aliases: input.aliases ?? [],
      active: input.active ?? true,
    });
    unit.searchText = searchText(unit);
    return this.saving(input.code, () => manager.getRepository(Unit).save(unit));
  }

  async update(id: string, input: UpdateUnitDto): Promise<Unit> {
    const updated = await this.transactions.run(async (manager) => {
      const unit = await manager
        .getRepository(Unit)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw new NotFoundError('unit', id);
      if (input.parentId) {
        await this.requireExisting(manager, [input.parentId]);
        await this.refuseCycle(manager, id, input.parentId);
      }
      // Only the fields sent: the DTO's class declares every field, so absent ones are own
      // undefined keys, which would blank the unit's aliases before its search text is built.
      Object.assign(unit, definedOnly(input));
      unit.searchText = searchText(unit);
      return this.saving(unit.code, () => manager.getRepository(Unit).save(unit));
    });
    this.logger.log(`updated unit ${id}: ${Object.keys(input).join(', ')}`);
    return updated;
  }

  /** Deletes a unit nothing refers to; one with users or sub-units should be deactivated instead. */
  async remove(id: string): Promise<void> {
    const unit = await this.get(id);
    try {
      await this.units.delete({ id: unit.id });
    } catch (error) {
      if (pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) {
        throw new UnitInUseError(id);
      }
      throw error;
    }
    this.logger.log(`deleted unit ${id} (${unit.code})`);
  }

  /** Throws unless every id names an existing unit. */
  async requireExisting(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await manager
      .getRepository(Unit)
      .createQueryBuilder('unit')
      .select('unit.id', 'id')
      .where('unit.id = ANY(:ids)', { ids })
      .getRawMany<{ id: string }>();
    const found = new Set(rows.map((row) => row.id));
    const missing = [...new Set(ids)].filter((unitId) => !found.has(unitId));
    if (missing.length > 0) throw new UnknownUnitsError(missing);
  }

  private async refuseCycle(manager: EntityManager, id: string, parentId: string): Promise<void> {
    // Walk up from the new parent; meeting the unit itself means it would become its own ancestor.
    const rows: Array<{ id: string }> = await manager.query(
      `WITH RECURSIVE ancestors(id, parent_id) AS (
         SELECT id, parent_id FROM units WHERE id = $1
         UNION
         SELECT u.id, u.parent_id FROM units u JOIN ancestors a ON u.id = a.parent_id
       )
       SELECT id FROM ancestors WHERE id = $2`,
      [parentId, id],
    );
    if (rows.length > 0) throw new UnitParentCycleError(id);
  }

  private async saving(code: string, save: () => Promise<Unit>): Promise<Unit> {
    try {
      return await save();
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        throw new UnitCodeTakenError(code);
      }
      throw error;
    }
  }
}

function searchText(unit: Unit): string {
  return foldVietnamese([unit.code, unit.name, unit.shortName ?? '', ...unit.aliases].join(' | '));
}

/** The entries of a partial update that were given (undefined ones dropped, null kept). */
function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
