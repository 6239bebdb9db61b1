import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../core/database/pg-error.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import type { PageQuery } from '../core/http/pagination.js';
import type { CreateUnitGroupDto, UpdateUnitGroupDto } from './unit-group.dto.js';
import { UnitGroup } from './unit-group.entity.js';
import { Unit } from './unit.entity.js';
import { UnitCodeTakenError } from './units.errors.js';
import { UnitsService } from './units.service.js';

@Injectable()
export class UnitGroupsService {
  private readonly logger = new Logger(UnitGroupsService.name);

  constructor(
    @InjectRepository(UnitGroup) private readonly groups: Repository<UnitGroup>,
    private readonly units: UnitsService,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(query: PageQuery): Promise<Page<UnitGroup>> {
    const [items, total] = await this.groups.findAndCount({
      order: { name: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: await this.withMembers(items),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string): Promise<UnitGroup> {
    const group = await this.groups.findOne({ where: { id } });
    if (!group) throw new NotFoundError('unit_group', id);
    const [withMembers] = await this.withMembers([group]);
    return withMembers;
  }

  /** Every group with its members, for the resolver's directory. */
  async all(): Promise<UnitGroup[]> {
    return this.withMembers(await this.groups.find());
  }

  /**
   * Members as plain unit rows, not entities through the relation: a province-wide group has a
   * thousand members or more, past what one request may hydrate.
   */
  private async withMembers(groups: UnitGroup[]): Promise<UnitGroup[]> {
    const members = await this.units.membersOf(groups.map((group) => group.id));
    for (const group of groups) group.members = members.get(group.id) ?? [];
    return groups;
  }

  async create(input: CreateUnitGroupDto): Promise<UnitGroup> {
    const id = await this.transactions.run((manager) => this.insert(manager, input));
    this.logger.log(
      `created unit group ${id} (${input.code}) with ${input.memberIds.length} members`,
    );
    return this.get(id);
  }

  /** Inserts a group inside the caller's transaction (also used by the demo seed). */
  async insert(manager: EntityManager, input: CreateUnitGroupDto): Promise<string> {
    await this.units.requireExisting(manager, input.memberIds);
    const group = manager.create(UnitGroup, {
      code: input.code,
      name: input.name,
      aliases: input.aliases ?? [],
      description: input.description ?? null,
      members: input.memberIds.map((id) => ({ id }) as Unit),
    });
    const saved = await this.saving(input.code, () => manager.getRepository(UnitGroup).save(group));
    return saved.id;
  }

  async update(id: string, input: UpdateUnitGroupDto): Promise<UnitGroup> {
    await this.transactions.run(async (manager) => {
      const group = await manager.getRepository(UnitGroup).findOne({ where: { id } });
      if (!group) throw new NotFoundError('unit_group', id);
      const { memberIds, ...fields } = input;
      Object.assign(group, fields);
      if (memberIds) {
        await this.units.requireExisting(manager, memberIds);
        group.members = memberIds.map((unitId) => ({ id: unitId }) as Unit);
      }
      await this.saving(group.code, () => manager.getRepository(UnitGroup).save(group));
    });
    this.logger.log(`updated unit group ${id}: ${Object.keys(input).join(', ')}`);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const result = await this.groups.delete({ id });
    if (!result.affected) throw new NotFoundError('unit_group', id);
    this.logger.log(`deleted unit group ${id}`);
  }

  private async saving(code: string, save: () => Promise<UnitGroup>): Promise<UnitGroup> {
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
