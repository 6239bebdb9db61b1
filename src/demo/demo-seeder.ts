import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config.js';
import { DomainError } from '../core/errors/domain-error.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { UnitGroup } from '../units/unit-group.entity.js';
import { UnitGroupsService } from '../units/unit-groups.service.js';
import { Unit } from '../units/unit.entity.js';
import { UnitsService } from '../units/units.service.js';
import { PasswordHasher } from '../users/password-hasher.js';
import { UsersService } from '../users/users.service.js';
import {
  DEMO_GROUPS,
  DEMO_PASSWORD,
  DEMO_UNITS,
  DEMO_USERS,
  demoGroupMembers,
} from './demo-directory.js';

export class DemoSeedRefusedError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'demo_seed_refused',
      'demo accounts with known passwords are never created when NODE_ENV=production',
    );
  }
}

export interface SeedReport {
  units: number;
  groups: number;
  users: number;
}

// Concurrent seeds (two instances booting with SEED_DEMO=true) take turns.
const SEED_LOCK_KEY = 0x73656564; // "seed"

/**
 * Loads the demo directory: Hưng Yên province, its departments and ten districts, An Thi in
 * full, and their accounts (the letters are `DemoLetters`'). Idempotent: what exists (by code or username) is left as it is, so
 * running it again, or after people changed the data, adds only what is missing.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly units: UnitsService,
    private readonly groups: UnitGroupsService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
  ) {}

  async seed(): Promise<SeedReport> {
    if (this.config.isProduction) throw new DemoSeedRefusedError();
    const started = Date.now();
    // One hash for every demo account: they share the published demo password anyway.
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const report = await this.transactions.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const report: SeedReport = { units: 0, groups: 0, users: 0 };
      const idByCode = new Map(
        (await manager.getRepository(Unit).find({ select: { id: true, code: true } })).map(
          (unit) => [unit.code, unit.id],
        ),
      );
      // Parents come before children in DEMO_UNITS.
      for (const demo of DEMO_UNITS) {
        if (idByCode.has(demo.code)) continue;
        const unit = await this.units.insert(manager, {
          code: demo.code,
          name: demo.name,
          shortName: demo.shortName ?? null,
          kind: demo.kind,
          parentId: demo.parent ? idByCode.get(demo.parent) : null,
          population: demo.population ?? null,
          aliases: demo.aliases ?? [],
        });
        idByCode.set(unit.code, unit.id);
        report.units++;
      }
      const groupCodes = new Set(
        (await manager.getRepository(UnitGroup).find({ select: { code: true } })).map(
          (group) => group.code,
        ),
      );
      for (const demo of DEMO_GROUPS) {
        if (groupCodes.has(demo.code)) continue;
        await this.groups.insert(manager, {
          code: demo.code,
          name: demo.name,
          aliases: demo.aliases,
          description: demo.description,
          memberIds: demoGroupMembers(demo).map((code) => idByCode.get(code)!),
        });
        report.groups++;
      }
      const existing = await this.users.existingUsernames(
        manager,
        DEMO_USERS.map((user) => user.username),
      );
      for (const demo of DEMO_USERS) {
        if (existing.has(demo.username)) continue;
        await this.users.insert(manager, {
          username: demo.username,
          fullName: demo.fullName,
          role: demo.role,
          unitId: idByCode.get(demo.unit)!,
          passwordHash,
        });
        report.users++;
      }
      return report;
    });
    this.logger.log(
      `demo data: added ${report.units} units, ${report.groups} groups, ${report.users} users in ${Date.now() - started} ms`,
    );
    return report;
  }
}
