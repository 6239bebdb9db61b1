import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { AppConfig } from '../core/config/app-config.js';
import { AssignmentsService } from '../directives/assignments.service.js';
import { CarryingDownService } from '../directives/carrying-down.service.js';
import { DirectivePublisher } from '../directives/directive-publisher.service.js';
import { DuplicateDirectiveError } from '../directives/directives.errors.js';
import { DirectivesService } from '../directives/directives.service.js';
import { extractDocumentText } from '../directives/document-text.js';
import { unitBodySql } from '../units/unit-body.js';
import { DemoSeedRefusedError } from './demo-seeder.js';

/** The two letters of the seed's chain, copied into the build beside this file. */
const LETTERS = join(import.meta.dirname, 'letters');
export const PROVINCE_LETTER = '2136-UBND-KGVX-bluezone-tinh.txt';
export const DISTRICT_LETTER = '451-UBND-VHTT-bluezone.txt';

const LETTERS_LOCK_KEY = 0x6c657474; // "lett"

export interface LettersReport {
  /** Directive ids, or null when the letter was there already (left as it is). */
  province: string | null;
  district: string | null;
  /** The parts of 2136 dropped because the directory does not name their bodies. */
  droppedParts: string[];
}

/**
 * The seed's own chain as demo data (issue 16): the province's clerk imports Công văn
 * 2136/UBND-KGVX and publishes it to the departments and the ten districts; An Thi's clerk
 * imports 451/UBND-VHTT, which links itself to An Thi's task from 2136 because it cites it,
 * and publishes it to the 21 communes and the district's bodies. Everything goes through the
 * services the API uses, as those clerks. Not run by tests unless they ask (most tests import
 * 451 themselves); a letter already imported is left as it is, so running it again is safe.
 */
@Injectable()
export class DemoLetters {
  private readonly logger = new Logger(DemoLetters.name);

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly directives: DirectivesService,
    private readonly carrying: CarryingDownService,
    private readonly assignments: AssignmentsService,
    private readonly publisher: DirectivePublisher,
  ) {}

  async seed(): Promise<LettersReport> {
    if (this.config.isProduction) throw new DemoSeedRefusedError();
    // Two instances booting at once take turns (a session lock: the services run transactions
    // of their own): otherwise the second could import 451 before the first published 2136,
    // and 451 would find no task to link itself to.
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [LETTERS_LOCK_KEY]);
      return await this.seedLocked();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [LETTERS_LOCK_KEY]).catch(() => undefined);
      await lock.release();
    }
  }

  private async seedLocked(): Promise<LettersReport> {
    const report: LettersReport = { province: null, district: null, droppedParts: [] };
    const provinceClerk = await this.actor('tinh.clerk');
    report.province = await this.importAndPublish(PROVINCE_LETTER, provinceClerk, 10, report);
    // 451 cites 2136: the import finds An Thi's task from it and links itself (carrying down).
    report.district = await this.importAndPublish(
      DISTRICT_LETTER,
      await this.actor('huyen-an-thi.clerk'),
      5,
      report,
    );
    this.logger.log(
      `demo letters: 2136 ${report.province ? 'published' : 'already there'}, 451 ${report.district ? 'published' : 'already there'}`,
    );
    return report;
  }

  /** Imports the letter as `user`, drops the parts naming bodies outside the directory, publishes. */
  private async importAndPublish(
    file: string,
    user: AuthUser,
    workingDays: number,
    report: LettersReport,
  ): Promise<string | null> {
    const data = await readFile(join(LETTERS, file));
    const extracted = await extractDocumentText({ data, filename: file, mediaType: 'text/plain' });
    let id: string;
    try {
      ({ id } = await this.carrying.import(
        {
          ...extracted,
          file: data,
          filename: file,
          mediaType: 'text/plain; charset=utf-8',
          sha256: createHash('sha256').update(data).digest('hex'),
        },
        undefined,
        user,
      ));
    } catch (error) {
      if (error instanceof DuplicateDirectiveError) return null;
      throw error;
    }
    const { assignments } = await this.directives.get(id, user);
    for (const part of assignments) {
      const unnamed =
        part.resolution === 'unmatched' ||
        part.coordinators.some((coordinator) => coordinator.resolution === 'unmatched');
      if (!unnamed) continue;
      await this.assignments.remove(id, part.id, user);
      report.droppedParts.push(`${file} part ${part.label} (${part.assignee})`);
    }
    await this.publisher.publish(id, { defaultDeadline: { workingDays } }, user);
    return id;
  }

  /** The demo account as the auth guard would load it (its body included). */
  private async actor(username: string): Promise<AuthUser> {
    const [user] = await this.dataSource.query<AuthUser[]>(
      `SELECT u.id, u.username, u.full_name AS "fullName", u.role, u.unit_id AS "unitId",
              ${unitBodySql('u.unit_id')} AS "bodyId"
         FROM users u WHERE u.username = $1 AND u.active`,
      [username],
    );
    if (!user)
      throw new Error(`demo letters: no active user ${username}; seed the directory first`);
    return user;
  }
}
