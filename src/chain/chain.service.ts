import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import type { AuthUser } from '../core/access/access.decorators.js';
import { directiveTasksUnit } from '../core/access/body-scope.js';
import { AppConfig } from '../core/config/app-config.js';
import { preparedRows } from '../core/database/prepared-query.js';
import { Clock } from '../core/clock.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import { type FlagOptions, type TaskCategory } from '../tasks/task-flags.js';
import { CATEGORY_CODES, flagBounds } from '../tasks/task-flags.sql.js';
import type { TaskStatus } from '../tasks/task-status.js';
import { chainTreeSql, type ChainTreeSqlRow } from './chain-sql.js';
import { type ChainDirective, type ChainRow, type ChainSummary, chainTree } from './chain-tree.js';

export interface ChainDto {
  /** The instant the flags hold at (the Clock's). */
  asOf: string;
  summary: ChainSummary;
  root: ChainDirective;
}

/**
 * The chain route: a published directive the user may see, and what was carried down from it.
 * Who sees what follows the one rule (core/access/body-scope.ts): the root must be visible (else
 * 404, as a missing id); its issuing body sees every task and everything carried down from any
 * of them; a body that received the root sees its own task and what hangs under it — as the
 * visibility item 3 lands (a body governs what it issued and what was carried down from it).
 */
@Injectable()
export class ChainService {
  private readonly flagOptions: FlagOptions;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly compliance: ComplianceService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.flagOptions = {
      dueSoonWorkingDays: config.get('TASK_DUE_SOON_WORKING_DAYS'),
      staleWorkingDays: config.get('TASK_STALE_WORKING_DAYS'),
    };
  }

  async chain(id: string, user: AuthUser): Promise<ChainDto> {
    const { governed } = await this.compliance.visibleDirective(id, user);
    const own = directiveTasksUnit(user, governed);
    const now = this.clock.now();
    const bounds = flagBounds(now, await this.calendar.calendar(), this.flagOptions);
    const params = [id, now, bounds.dueSoonBefore, bounds.staleBefore];
    // Prepared: planning the recursive statement cost a tenth of running it. Arrays: thousands
    // of rows of 23 columns.
    const rows = (await preparedRows(
      this.dataSource,
      own !== null ? 'chain-tree-own' : 'chain-tree',
      chainTreeSql(own !== null),
      own !== null ? [...params, own] : params,
    )) as ChainTreeSqlRow[];
    const tree = chainTree(id, rows.map(chainRow));
    if (!tree) throw new NotFoundError('directive', id);
    return { asOf: now.toISOString(), ...tree };
  }
}

/** `CATEGORY_CODES` read back: the category of each integer. */
const CATEGORIES = Object.fromEntries(
  Object.entries(CATEGORY_CODES).map(([category, code]) => [code, category]),
) as Record<number, TaskCategory>;

function chainRow(row: ChainTreeSqlRow): ChainRow {
  const [
    directiveId,
    parentTaskId,
    depth,
    number,
    subject,
    issuer,
    issuedOn,
    bodyId,
    bodyCode,
    bodyName,
    taskId,
    status,
    requested,
    dueAt,
    unitId,
    code,
    name,
    category,
    overdue,
    daysOverdue,
    dueSoon,
    noDeadline,
    stale,
  ] = row;
  if (taskId === null) {
    return {
      kind: 'directive',
      directiveId,
      parentTaskId,
      depth: depth ?? 0,
      number,
      subject,
      issuer,
      issuedOn,
      body: { id: bodyId ?? '', code: bodyCode ?? '', name: bodyName ?? '' },
    };
  }
  return {
    kind: 'task',
    directiveId,
    task: {
      id: taskId,
      unit: { id: unitId ?? '', code: code ?? '', name: name ?? '' },
      status: status as TaskStatus,
      requested: requested ?? false,
      dueAt,
      flags: {
        category: category === null ? null : CATEGORIES[category],
        overdue: overdue ?? false,
        daysOverdue: daysOverdue ?? 0,
        dueSoon: dueSoon ?? false,
        noDeadline: noDeadline ?? false,
        stale: stale ?? false,
      },
    },
  };
}
