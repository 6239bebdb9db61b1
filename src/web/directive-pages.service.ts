import { Injectable } from '@nestjs/common';
import { CarryingDownService } from '../directives/carrying-down.service.js';
import type { AuthUser } from '../core/access/access.decorators.js';
import { DomainError, NotFoundError } from '../core/errors/domain-error.js';
import { AssignmentsService } from '../directives/assignments.service.js';
import type { Assignment } from '../directives/assignment.entity.js';
import { DirectivePublisher } from '../directives/directive-publisher.service.js';
import type { DirectiveSource } from '../directives/directive-source.js';
import {
  type DirectiveListQuery,
  UpdateAssignmentDto,
  UpdateDirectiveDto,
} from '../directives/directive.dto.js';
import type { DirectiveStatus } from '../directives/directive-status.js';
import { DirectivesService } from '../directives/directives.service.js';
import { type ReceivedTask, TasksService } from '../tasks/tasks.service.js';
import type { PublishProblem } from '../directives/publication-plan.js';
import { UnitGroupsService } from '../units/unit-groups.service.js';
import { UNIT_KINDS, type UnitKind } from '../units/unit-kind.js';
import type { Unit } from '../units/unit.entity.js';
import { UnitsService } from '../units/units.service.js';
import { governs } from '../core/access/body-scope.js';
import { vi } from './i18n/vi.js';
import { showWarning } from './parser-warnings.js';
import { type RecurrenceForm, recurrenceOf } from './recurrence-form.js';
import { createValidationPipe } from '../core/http/validation.js';

const PAGE_SIZE = 30;
/** The published directive's task list on its page (the compliance page has the rest). */
const TASKS_SHOWN = 200;

// The API's validation rules for the bodies the forms are turned into.
const VALIDATION = createValidationPipe();

/** A unit or group a part resolves to, as the draft page names it. */
export interface ShownMatch {
  type: 'unit' | 'group';
  name: string;
  members?: number;
  confidence: number;
}

/** A clerk's choice of units, refused when empty (an empty choice would leave the part unmatched). */
export class NoUnitsChosenError extends DomainError {
  constructor() {
    super('invalid', 'units_required', 'choose at least one unit or group');
  }
}

/** The directives pages: list, import, the draft beside its letter, fixes, preview and publication. */
@Injectable()
export class DirectivePagesService {
  constructor(
    private readonly directives: DirectivesService,
    private readonly carrying: CarryingDownService,
    private readonly tasks: TasksService,
    private readonly assignments: AssignmentsService,
    private readonly publisher: DirectivePublisher,
    private readonly units: UnitsService,
    private readonly groups: UnitGroupsService,
  ) {}

  async list(filter: { q?: string; status?: DirectiveStatus; page?: number }, user: AuthUser) {
    const page = filter.page ?? 1;
    const query = {
      q: filter.q,
      status: filter.status,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    } as DirectiveListQuery;
    const result = await this.directives.list(query, user);
    return {
      items: result.items,
      total: result.total,
      page,
      pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    };
  }

  /** The open tasks the clerk's body received: what a letter imported may carry down. */
  receivedTasks(user: AuthUser): Promise<ReceivedTask[]> {
    return this.tasks.receivedOpen(user.bodyId);
  }

  /** The letter, linked to the received task it carries down (named, or cited by the letter). */
  import(source: DirectiveSource, implementsTaskId: string | null | undefined, user: AuthUser) {
    return this.carrying.import(source, implementsTaskId, user);
  }

  /** The directive page: the parsed draft beside the letter, or the published state and its tasks. */
  async directive(id: string, user: AuthUser) {
    const { directive, assignments } = await this.directives.get(id, user);
    const [source, units, groups, implementsTask] = await Promise.all([
      this.directives.source(id, user),
      this.units.all(),
      this.groups.all(),
      // The received task it carries down (triển khai): for the issuing body (and the admin),
      // who chose it; not for the units it gives tasks to, nor the bodies above.
      directive.implementsTaskId && governs(user, directive)
        ? this.tasks.carriedDownTask(directive.implementsTaskId)
        : null,
    ]);
    const unitById = new Map(units.map((unit) => [unit.id, unit]));
    const tasks =
      directive.status === 'published'
        ? await this.directives.tasksOf(id, { limit: TASKS_SHOWN, offset: 0 }, user)
        : null;
    return {
      directive,
      lines: source.sourceText.split('\n'),
      warnings: directive.parseWarnings.map((text) =>
        showWarning(text, vi.directivesPages.parserWarnings),
      ),
      parts: assignments.map((assignment) => this.shownPart(assignment, unitById, groups)),
      // The choosers are for the issuing body, which alone edits the draft.
      directory: governs(user, directive) ? directoryByKind(units) : [],
      governed: governs(user, directive),
      implementsTask,
      groups: groups
        .map((group) => ({
          id: group.id,
          name: group.name,
          members: (group.members ?? []).filter((m) => m.active).length,
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      tasks,
    };
  }

  /** Sets a part's units to those chosen (a group stands for its active members). */
  async chooseUnits(
    directiveId: string,
    assignmentId: string,
    choice: { unitIds?: string[]; groupIds?: string[] },
    user: AuthUser,
  ): Promise<Assignment> {
    const unitIds = await this.unitsChosen(choice);
    if (unitIds.length === 0) throw new NoUnitsChosenError();
    return this.updatePart(directiveId, assignmentId, { unitIds }, user);
  }

  /**
   * Settles one named partner (phối hợp) of a part: the units chosen for it (a group stands for
   * its active members), or none — then the partner is dropped. The other partners stay as
   * they are.
   */
  async fixPartner(
    directiveId: string,
    assignmentId: string,
    index: number,
    choice: { unitIds?: string[]; groupIds?: string[]; remove?: boolean },
    user: AuthUser,
  ): Promise<Assignment> {
    const { assignments } = await this.directives.get(directiveId, user);
    const assignment = assignments.find((a) => a.id === assignmentId);
    if (!assignment) throw new NotFoundError('assignment', assignmentId);
    const partner = assignment.coordinators[index];
    if (!partner) throw new NotFoundError('coordinator', String(index));
    const chosen = choice.remove ? [] : await this.unitsChosen(choice);
    if (!choice.remove && chosen.length === 0) throw new NoUnitsChosenError();
    const coordinators = assignment.coordinators.flatMap((c, i) =>
      i !== index
        ? [c.resolution === 'unmatched' ? { name: c.name } : { name: c.name, unitIds: c.unitIds }]
        : choice.remove
          ? []
          : [{ name: c.name, unitIds: chosen }],
    );
    return this.updatePart(directiveId, assignmentId, { coordinators }, user);
  }

  /** Units chosen in a form: the units ticked, and the active members of the groups ticked. */
  private async unitsChosen(choice: { unitIds?: string[]; groupIds?: string[] }) {
    const unitIds = new Set(choice.unitIds ?? []);
    for (const groupId of choice.groupIds ?? []) {
      const group = await this.groups.get(groupId);
      for (const member of group.members ?? []) if (member.active) unitIds.add(member.id);
    }
    return [...unitIds];
  }

  /** A part's own deadline (a date, with a time if given), or none: the default applies. */
  setDeadline(
    directiveId: string,
    assignmentId: string,
    user: AuthUser,
    date?: string,
    time?: string,
  ) {
    const deadline = date ? (time ? `${date}T${time}` : date) : null;
    return this.updatePart(directiveId, assignmentId, { deadline }, user);
  }

  /** A part's recurrence as the clerk sets it, or none of its own (`frequency=none`). */
  async setRecurrence(
    directiveId: string,
    assignmentId: string,
    form: RecurrenceForm,
    user: AuthUser,
  ) {
    return this.updatePart(
      directiveId,
      assignmentId,
      { recurrence: await recurrenceOf(form) },
      user,
    );
  }

  removePart(directiveId: string, assignmentId: string, user: AuthUser) {
    return this.assignments.remove(directiveId, assignmentId, user);
  }

  /** The deadline for parts that name none: a date, N working days after publication, or none. */
  async setDefaultDeadline(
    id: string,
    form: { mode: 'date' | 'workingDays' | 'none'; date?: string; workingDays?: number },
    user: AuthUser,
  ) {
    const defaultDeadline =
      form.mode === 'none'
        ? null
        : form.mode === 'date'
          ? (form.date ?? '')
          : { workingDays: form.workingDays ?? -1 };
    const body = (await VALIDATION.transform(
      { defaultDeadline },
      { type: 'body', metatype: UpdateDirectiveDto },
    )) as UpdateDirectiveDto;
    return this.directives.update(id, body, user);
  }

  /** What publishing now would create, per part, and what blocks it (nothing is written). */
  async preview(id: string, user: AuthUser) {
    const preview = await this.publisher.preview(id, {}, user);
    const units = new Map((await this.units.all()).map((unit) => [unit.id, unit.name]));
    return {
      ...preview,
      problems: preview.problems.map((problem) => problemText(problem, units)),
    };
  }

  source(id: string, user: AuthUser) {
    return this.directives.source(id, user);
  }

  publish(id: string, user: AuthUser) {
    return this.publisher.publish(id, {}, user);
  }

  private async updatePart(
    directiveId: string,
    assignmentId: string,
    input: object,
    user: AuthUser,
  ) {
    const body = (await VALIDATION.transform(input, {
      type: 'body',
      metatype: UpdateAssignmentDto,
    })) as UpdateAssignmentDto;
    return this.assignments.update(directiveId, assignmentId, body, user);
  }

  private shownPart(
    assignment: Assignment,
    unitById: Map<string, Unit>,
    groups: Awaited<ReturnType<UnitGroupsService['all']>>,
  ) {
    const groupById = new Map(groups.map((group) => [group.id, group]));
    // Groups the resolver matched are shown as a group with its member count, units by name.
    const matches: ShownMatch[] =
      assignment.resolution === 'unmatched' || assignment.resolvedBy === 'clerk'
        ? assignment.unitIds.map((unitId) => ({
            type: 'unit',
            name: unitById.get(unitId)?.name ?? unitId,
            confidence: assignment.confidence,
          }))
        : assignment.matches.map((match) => ({
            type: match.type,
            name: match.name,
            members:
              match.type === 'group'
                ? (groupById.get(match.id)?.members?.filter((m) => m.active).length ?? 0)
                : undefined,
            confidence: match.confidence,
          }));
    return {
      assignment,
      matches,
      candidates: assignment.resolution === 'unmatched' ? assignment.matches : [],
      coordinators: assignment.coordinators.map((coordinator) => ({
        name: coordinator.name,
        resolution: coordinator.resolution,
        units: coordinator.unitIds.map((unitId) => unitById.get(unitId)?.name ?? unitId),
      })),
      unitCount: new Set(assignment.unitIds).size,
    };
  }
}

/** Active units grouped by kind, in the directory's order, for the choosers. */
function directoryByKind(units: Unit[]): Array<{ kind: UnitKind; units: Unit[] }> {
  return UNIT_KINDS.map((kind) => ({
    kind,
    units: units
      .filter((unit) => unit.active && unit.kind === kind)
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  })).filter((entry) => entry.units.length > 0);
}

/** A publication problem in Vietnamese. */
function problemText(problem: PublishProblem, units: Map<string, string>): string {
  const texts = vi.directivesPages.problems;
  if (problem.kind === 'no_parts') return texts.noParts;
  const part = texts.part(problem.label, problem.assignee);
  switch (problem.kind) {
    case 'unmatched':
      return `${part}: ${texts.unmatched}`;
    case 'coordinator_unmatched':
      return `${part}: ${texts.coordinatorUnmatched(problem.coordinator)}`;
    case 'no_deadline':
      return `${part}: ${texts.noDeadline}`;
    case 'inactive_units':
      return `${part}: ${texts.inactive(problem.unitIds.map((id) => units.get(id) ?? id).join(', '))}`;
  }
}
