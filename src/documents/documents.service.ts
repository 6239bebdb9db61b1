import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../core/access/access.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { vietnamDate } from '../calendar/working-calendar.js';
import { Clock } from '../core/clock.js';
import {
  ComplianceReportData,
  type DirectiveReportData,
} from '../compliance/compliance.report-data.js';
import { lateUnitsDownTheChain } from '../compliance/compliance-chain.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import type { Directive } from '../directives/directive.entity.js';
import { DirectivesService } from '../directives/directives.service.js';
import type {
  ComplianceCountsInput,
  LateUnitInput,
  OfficialDocumentInput,
} from './document-inputs.js';
import { numberSymbol } from './official-layout.js';
import { renderReport } from './report-document.js';
import { renderUrgingLetter } from './urging-letter-document.js';

/** Working days a late unit is given to finish and report, counted from the letter's date. */
const REPLY_WORKING_DAYS = 3;

export interface RenderedDocument {
  filename: string;
  content: Buffer;
}

/** The report and urging letter of a directive, from its compliance figures. */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly directives: DirectivesService,
    private readonly compliance: ComplianceReportData,
    private readonly chainCompliance: ComplianceService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  async report(
    directiveId: string,
    user: AuthUser,
    depth: 'all' | null = null,
  ): Promise<RenderedDocument> {
    const directive = await this.directives.findGoverned(directiveId, user);
    const { number, content } = await this.renderReportOf(
      directive,
      await this.lateDownTheChain(directiveId, user, depth),
    );
    this.logger.log(`user ${user.id} rendered the report of directive ${directiveId}`);
    return { filename: `bao-cao-${fileSlug(number)}.docx`, content };
  }

  /**
   * The compliance report of each published directive carrying the task down, for the task's
   * report to attach (triển khai): named `bao-cao-tuan-thu-<number>.docx`. No user: reporting
   * the task, which its access check allowed, is what asks for them.
   */
  async carriedDownReports(taskId: string): Promise<RenderedDocument[]> {
    const children = await this.directives.publishedCarryingDown(taskId);
    const rendered: RenderedDocument[] = [];
    for (const child of children) {
      const { number, content } = await this.renderReportOf(child, []);
      rendered.push({ filename: `bao-cao-tuan-thu-${fileSlug(number)}.docx`, content });
    }
    return rendered;
  }

  /** The report of a directive, with the units late further down the chain when asked. */
  private async renderReportOf(
    directive: Directive,
    lateBelow: LateUnitInput[],
  ): Promise<{ number: string; content: Buffer }> {
    const { common, data } = await this.load(directive);
    const content = await renderReport({
      ...common,
      totals: counts([data.totals.orders, data.totals.requests]),
      units: mergeUnits(data),
      lateUnits: [...lateUnits(data), ...lateBelow],
    });
    return { number: common.directive.number, content };
  }

  async urgingLetter(
    directiveId: string,
    user: AuthUser,
    depth: 'all' | null = null,
  ): Promise<RenderedDocument> {
    const { common, data } = await this.load(await this.directives.findGoverned(directiveId, user));
    const content = await renderUrgingLetter({
      ...common,
      lateUnits: [...lateUnits(data), ...(await this.lateDownTheChain(directiveId, user, depth))],
      replyBy: await this.calendar.addWorkingDays(common.date, REPLY_WORKING_DAYS),
    });
    this.logger.log(`user ${user.id} rendered the urging letter of directive ${directiveId}`);
    return { filename: `don-doc-${fileSlug(common.directive.number)}.docx`, content };
  }

  /**
   * With `depth=all`, the units late on the directives carried down from this one, at any depth
   * (compliance-chain.ts), each named with the directive it is late on: one line per unit and
   * directive, its overdue tasks counted (their parts are the carrying body's letter's).
   */
  private async lateDownTheChain(
    directiveId: string,
    user: AuthUser,
    depth: 'all' | null,
  ): Promise<LateUnitInput[]> {
    if (depth !== 'all') return [];
    const { carriedDown } = await this.chainCompliance.directive(directiveId, user, 'all');
    return lateUnitsDownTheChain(carriedDown ?? []).map((late) => ({
      unitName: `${late.unit.name} (Văn bản số ${late.directive.number ?? ''})`,
      reason: null,
      tasks: [
        {
          label: late.directive.number ?? '',
          text: `${late.figures.overdue} nhiệm vụ quá hạn chưa hoàn thành (triển khai cấp ${late.depth})`,
          deadline: null,
          daysLate: late.figures.daysOverdueMax,
        },
      ],
    }));
  }

  /**
   * What the report and the urging letter say of the directive. They are the issuing body's
   * (they name every unit): callers pass a directive the user governs (`findGoverned`), or one
   * carrying down the task being reported.
   */
  private async load(
    directive: Directive,
  ): Promise<{ common: OfficialDocumentInput; data: DirectiveReportData }> {
    const data = await this.compliance.directiveReportData(directive.id);
    const issuer = directive.issuer ?? 'Ủy ban nhân dân';
    const signer = data.directive.signer;
    const common: OfficialDocumentInput = {
      issuingBody: issuer,
      collective: 'Ủy ban nhân dân',
      place: directive.place ?? issuer.replace(/^Ủy ban nhân dân (huyện|xã|thị trấn|tỉnh) /i, ''),
      date: vietnamDate(this.clock.now()),
      signer: {
        name: signer?.name ?? '',
        position: signer?.position ?? 'Chủ tịch',
        capacity: signer?.capacity ?? null,
      },
      directive: {
        number: directive.number ?? '',
        issuer,
        subject: directive.subject ?? '',
        issuedOn: directive.issuedOn ?? vietnamDate(directive.createdAt),
      },
    };
    return { common, data };
  }
}

type Counts = Omit<ComplianceCountsInput, 'completionRate'>;

/** Orders and requests together; completion = completed ÷ (completed + overdue). */
function counts(rows: Counts[]): ComplianceCountsInput {
  const sum = (key: keyof Counts) => rows.reduce((total, row) => total + row[key], 0);
  const completed = sum('completedOnTime') + sum('completedLate');
  const judged = completed + sum('overdue');
  return {
    total: sum('total'),
    completedOnTime: sum('completedOnTime'),
    completedLate: sum('completedLate'),
    inProgressOnTime: sum('inProgressOnTime'),
    overdue: sum('overdue'),
    completionRate: judged === 0 ? null : completed / judged,
  };
}

/** One row per unit (its orders and requests rows together), in the compliance order. */
function mergeUnits(data: DirectiveReportData) {
  const byUnit = new Map<string, { name: string; rows: Counts[] }>();
  for (const row of data.units) {
    const entry = byUnit.get(row.unit.id) ?? { name: row.unit.name, rows: [] };
    entry.rows.push(row);
    byUnit.set(row.unit.id, entry);
  }
  return [...byUnit.values()].map(({ name, rows }) => ({ unitName: name, ...counts(rows) }));
}

function lateUnits(data: DirectiveReportData): LateUnitInput[] {
  return data.lateUnits.map((unit) => ({
    unitName: unit.unit.name,
    reason: unit.reason,
    tasks: unit.tasks.map((task) => ({
      label: task.partLabel,
      text: task.assignmentText,
      deadline: task.deadline,
      daysLate: task.daysLate,
    })),
  }));
}

/** "451/UBND-VHTT" gives "451-UBND-VHTT": ASCII only, safe in a header. */
function fileSlug(number: string): string {
  const slug = number
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || numberSymbol(number) || 'van-ban';
}
