import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../core/database/pg-error.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page, PageQuery } from '../core/http/pagination.js';
import type { TaskDto } from '../tasks/task.dto.js';
import { TasksService } from '../tasks/tasks.service.js';
import { UnitResolverService } from '../units/unit-resolver.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { foldVietnamese } from '../units/vietnamese-text.js';
import {
  carriedFromSql,
  governs,
  oversees,
  maySeeDirective,
  ownUnitOf,
  scopeParams,
  visibleDirectiveSql,
} from '../core/access/body-scope.js';
import { resolvedBy } from './assignment-resolution.js';
import { Assignment } from './assignment.entity.js';
import type { DirectiveListQuery, UpdateDirectiveDto } from './directive.dto.js';
import { Directive } from './directive.entity.js';
import type { DirectiveSource } from './directive-source.js';
import { normalizeDefaultDeadline } from './default-deadline.js';
import {
  DirectiveNotDraftError,
  DuplicateDirectiveError,
  NotADirectiveError,
  NotIssuingBodyError,
} from './directives.errors.js';
import { directiveProblems, parseDirective } from './parser/directive-parser.js';
import type { DirectiveTarget, ParsedDirective } from './parser/parsed-directive.js';

/** A part of a directive, with the directive's heading. */
export interface AssignmentPart {
  label: string;
  text: string;
  directive: { id: string; number: string | null; subject: string | null };
  /** Whether the clerk may accept or return this directive's reports. */
  clerkMayReview: boolean;
  /** The body that issued the directive. */
  issuingUnitId: string;
  /** The bodies it was carried down from (`body-scope.ts`). */
  carriedFrom: string[];
}

/** Intake of directives: parse, import as a draft, read, list and edit drafts. */
@Injectable()
export class DirectivesService {
  private readonly logger = new Logger(DirectivesService.name);

  constructor(
    @InjectRepository(Directive) private readonly directives: Repository<Directive>,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
    private readonly transactions: TransactionRunner,
    private readonly resolver: UnitResolverService,
    private readonly tasks: TasksService,
    private readonly calendar: CalendarService,
  ) {}

  /** The parser's draft of a letter; 422 when the text does not read as a directive. */
  async parse(source: Pick<DirectiveSource, 'text'>): Promise<ParsedDirective> {
    // The directory's names complete a body's name the parser cut at a verb-like word.
    // …and its calendar reads "Trước Tết Nguyên đán" as the last working day before the holiday.
    const [knownNames, calendar] = await Promise.all([
      this.resolver.knownNames(),
      this.calendar.calendar(),
    ]);
    const parsed = parseDirective(source.text, { knownNames, calendar });
    const problems = directiveProblems(parsed);
    if (problems.length > 0) throw new NotADirectiveError(problems);
    return parsed;
  }

  /**
   * Stores the letter verbatim with the parser's draft, each assignee resolved to units.
   * The same number from the same issuer twice is refused, pointing at the first import.
   * `carrying` (from `CarryingDownService`) brings the letter already parsed and the task it
   * carries down, with the notice the draft shows when that link was found, not chosen.
   */
  async import(
    source: DirectiveSource,
    user: AuthUser,
    carrying?: {
      parsed: ParsedDirective;
      /** The received task it carries down, and that task's directive. */
      implements: { taskId: string; directiveId: string } | null;
      notice: string | null;
    },
  ): Promise<Directive> {
    const parsed = carrying?.parsed ?? (await this.parse(source));
    const identityKey = parsed.number
      ? `${foldVietnamese(parsed.number)}|${foldVietnamese(parsed.issuer ?? '')}`
      : null;
    if (identityKey) await this.refuseDuplicate(identityKey, parsed.number!);

    // One reading of the directory for every name in the letter, as its issuer means them.
    const names = parsed.assignments.flatMap((a) => [a.assignee, ...a.coordinators]);
    const resolutions = new Map(
      (await this.resolver.resolveMany(names, user.bodyId)).map((r, i) => [names[i], r]),
    );

    let directive: Directive;
    try {
      directive = await this.transactions.run(async (manager) => {
        const saved = await manager.save(
          manager.create(Directive, {
            status: 'draft',
            documentType: parsed.documentType,
            number: parsed.number,
            issuer: parsed.issuer,
            identityKey,
            place: parsed.place,
            issuedOn: parsed.issuedOn,
            subject: parsed.subject,
            recipients: parsed.recipients,
            references: parsed.references,
            targets: parsed.targets,
            signer: parsed.signer,
            distribution: parsed.distribution,
            parseWarnings: carrying?.notice
              ? [...parsed.warnings, carrying.notice]
              : parsed.warnings,
            implementsTaskId: carrying?.implements?.taskId ?? null,
            implementsDirectiveId: carrying?.implements?.directiveId ?? null,
            defaultDeadline: null,
            sourceText: source.text,
            sourceFile: source.file,
            sourceFilename: source.filename,
            sourceMediaType: source.mediaType,
            sourceFormat: source.format,
            sourceSha256: source.sha256,
            // The importer's body issues the letter (the committee or department of its clerk).
            issuingUnitId: user.bodyId,
            importedById: user.id,
          }),
        );
        await manager.insert(
          Assignment,
          parsed.assignments.map((part) => ({
            directiveId: saved.id,
            ordinal: part.ordinal,
            label: part.label,
            assignee: part.assignee,
            assigneeTitle: part.assigneeTitle ?? null,
            requested: part.requested,
            text: part.text,
            deadline: part.deadline,
            recurrence: part.recurrence,
            subtasks: part.subtasks ?? [],
            milestones: part.milestones ?? [],
            ...resolvedBy(resolutions.get(part.assignee)!),
            coordinators: part.coordinators.map((name) => {
              const { resolution, unitIds } = resolvedBy(resolutions.get(name)!);
              return { name, resolution, unitIds };
            }),
          })),
        );
        return saved;
      });
    } catch (error) {
      // Two imports of the same letter at once: the unique key decides, the loser gets a 409.
      if (identityKey && pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        await this.refuseDuplicate(identityKey, parsed.number!);
      }
      throw error;
    }
    const unmatched = parsed.assignments.filter(
      (a) => resolutions.get(a.assignee)?.status === 'unmatched',
    );
    this.logger.log(
      `user ${user.id} imported directive ${directive.id} (${parsed.number ?? 'no number'}): ` +
        `${parsed.assignments.length} parts, ${unmatched.length} unmatched`,
    );
    return directive;
  }

  private async refuseDuplicate(identityKey: string, number: string): Promise<void> {
    const existing = await this.directives.findOne({
      where: { identityKey },
      select: { id: true },
    });
    if (existing) throw new DuplicateDirectiveError(number, existing.id);
  }

  /**
   * A directive with its parts, if this user may see it (`core/access/body-scope.ts`): the
   * issuing body's chair and clerk, the admin, and the units it gave a task once published.
   */
  async get(
    id: string,
    user: AuthUser,
  ): Promise<{ directive: Directive; assignments: Assignment[] }> {
    const directive = await this.findVisible(id, user);
    const assignments = await this.assignments.find({
      where: { directiveId: id },
      order: { ordinal: 'ASC' },
    });
    return { directive, assignments };
  }

  /** The directive row alone (with its issuing body), if this user may see it. */
  async findVisible(id: string, user: AuthUser): Promise<Directive> {
    const directive = await this.directives.findOne({
      where: { id },
      relations: { issuingUnit: true },
    });
    if (!directive) throw new NotFoundError('directive', id);
    await this.loadCarriedFrom(this.directives.manager, directive);
    await this.assertVisible(directive, user);
    return directive;
  }

  /**
   * The published directives carrying the task down, oldest first, for what the task's report
   * attaches (`documents/carried-down-reports.service.ts`): no user, as the caller is the
   * reporting of that task, which its own access check allowed.
   */
  async publishedCarryingDown(taskId: string): Promise<Directive[]> {
    return this.directives.find({
      where: { implementsTaskId: taskId, status: 'published' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * The directive, if this user acts on it as its issuer (publish, edit, targets, reports,
   * documents): 404 when they may not even see it, 403 when they see it as a receiving unit.
   */
  async findGoverned(id: string, user: AuthUser): Promise<Directive> {
    const directive = await this.findVisible(id, user);
    if (!governs(user, directive)) throw new NotIssuingBodyError(id);
    return directive;
  }

  /** A directive's tasks; a unit's people see their own unit's only. */
  async tasksOf(id: string, query: PageQuery, user: AuthUser): Promise<Page<TaskDto>> {
    const directive = await this.findVisible(id, user);
    return this.tasks.listForDirective(id, query, user, oversees(user, directive));
  }

  /** 404 rather than 403, so no one learns which directives exist beyond their own. */
  async assertVisible(directive: Directive, user: AuthUser): Promise<void> {
    if (oversees(user, directive)) return;
    const own = ownUnitOf(user);
    const received =
      directive.status === 'published' &&
      own !== null &&
      (await this.tasks.unitHasTask(directive.id, own));
    if (!maySeeDirective(user, directive, received)) {
      throw new NotFoundError('directive', directive.id);
    }
  }

  async list(query: DirectiveListQuery, user: AuthUser): Promise<Page<Directive>> {
    const builder = this.directives
      .createQueryBuilder('directive')
      .leftJoinAndSelect('directive.issuingUnit', 'issuingUnit');
    const [scope] = scopeParams(user);
    builder.andWhere(visibleDirectiveSql(user, 'directive', ':scope'), { scope });
    if (query.status) builder.andWhere('directive.status = :status', { status: query.status });
    if (query.from) builder.andWhere('directive.issuedOn >= :from', { from: query.from });
    if (query.to) builder.andWhere('directive.issuedOn <= :to', { to: query.to });
    if (query.issuer)
      builder.andWhere(`directive.identityKey LIKE :issuer`, {
        issuer: `%|%${like(query.issuer)}%`,
      });
    if (query.q) {
      builder.andWhere(`(lower(directive.number) LIKE :q OR ${FOLDED_SUBJECT} LIKE :folded)`, {
        q: `%${query.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`,
        folded: `%${like(query.q)}%`,
      });
    }
    const [items, total] = await builder
      .orderBy('directive.issuedOn', 'DESC', 'NULLS LAST')
      .addOrderBy('directive.createdAt', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** Edits a draft's header fields, targets and default deadline. */
  async update(
    id: string,
    input: UpdateDirectiveDto,
    user: AuthUser,
  ): Promise<{ directive: Directive; assignments: Assignment[] }> {
    await this.transactions.run(async (manager) => {
      const directive = await this.lockDraft(manager, id, user);
      const { defaultDeadline, ...fields } = input;
      Object.assign(directive, fields);
      if (defaultDeadline !== undefined)
        directive.defaultDeadline = normalizeDefaultDeadline(defaultDeadline);
      if (input.number !== undefined || input.issuer !== undefined) {
        directive.identityKey = directive.number
          ? `${foldVietnamese(directive.number)}|${foldVietnamese(directive.issuer ?? '')}`
          : null;
      }
      await manager.save(directive);
    });
    this.logger.log(
      `user ${user.id} updated draft directive ${id}: ${Object.keys(input).join(', ')}`,
    );
    return this.get(id, user);
  }

  /**
   * Replaces a directive's targets, before or after publication (chỉ tiêu are revised as the
   * work goes on). False when there is no such directive.
   */
  async setTargets(id: string, targets: DirectiveTarget[]): Promise<boolean> {
    const [, affected] = await this.directives.query<[unknown, number]>(
      `UPDATE directives SET targets = $2::jsonb, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(targets)],
    );
    return affected > 0;
  }

  /**
   * The part and directive behind each of the given assignments (what a task list shows beside a
   * task), by assignment id. For rows the caller already found visible.
   */
  async partsOf(assignmentIds: string[]): Promise<Map<string, AssignmentPart>> {
    if (assignmentIds.length === 0) return new Map();
    const rows = await this.assignments.query<
      Array<{
        id: string;
        label: string;
        text: string;
        directive_id: string;
        number: string | null;
        subject: string | null;
        clerk_may_review: boolean;
        issuing_unit_id: string;
        carried_from: string[];
      }>
    >(
      `SELECT a.id, a.label, a.text, d.id AS directive_id, d.number, d.subject, d.clerk_may_review,
              d.issuing_unit_id, ${carriedFromSql('d')} AS carried_from
         FROM assignments a JOIN directives d ON d.id = a.directive_id
        WHERE a.id = ANY($1::uuid[])`,
      [assignmentIds],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          label: row.label,
          text: row.text,
          directive: { id: row.directive_id, number: row.number, subject: row.subject },
          clerkMayReview: row.clerk_may_review,
          issuingUnitId: row.issuing_unit_id,
          carriedFrom: row.carried_from,
        },
      ]),
    );
  }

  /** The letter exactly as it arrived. */
  async source(id: string, user: AuthUser): Promise<Directive> {
    const directive = await this.directives
      .createQueryBuilder('directive')
      .addSelect(['directive.sourceText', 'directive.sourceFile'])
      .where('directive.id = :id', { id })
      .getOne();
    if (!directive) throw new NotFoundError('directive', id);
    await this.assertVisible(directive, user);
    return directive;
  }

  /**
   * Loads a draft for change by its issuing body's clerk (or the admin), locked until the
   * caller's transaction ends; 404 for a directive the user may not see.
   */
  async lockDraft(manager: EntityManager, id: string, user: AuthUser): Promise<Directive> {
    const directive = await manager.findOne(Directive, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!directive) throw new NotFoundError('directive', id);
    await this.loadCarriedFrom(manager, directive);
    if (!governs(user, directive)) {
      await this.assertVisible(directive, user);
      throw new NotIssuingBodyError(id);
    }
    if (directive.status !== 'draft') throw new DirectiveNotDraftError(id);
    return directive;
  }

  /** Fills `carriedFrom`, which the access rule reads, for a directive that carries a task down. */
  private async loadCarriedFrom(manager: EntityManager, directive: Directive): Promise<void> {
    if (!directive.implementsTaskId) return;
    const [row] = await manager.query<Array<{ carried_from: string[] }>>(
      `SELECT ${carriedFromSql('d')} AS carried_from FROM directives d WHERE d.id = $1`,
      [directive.id],
    );
    directive.carriedFrom = row?.carried_from ?? [];
  }
}

// Subjects are searched without accents: the folding is done in SQL the same way as in code.
const FOLDED_SUBJECT = `translate(lower(coalesce(directive.subject, '')), 'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ', 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd')`;

function like(text: string): string {
  return foldVietnamese(text).replace(/[\\%_]/g, '\\$&');
}
