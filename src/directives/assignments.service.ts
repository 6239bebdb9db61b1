import type { AuthUser } from '../core/access/access.decorators.js';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import { UnitResolverService } from '../units/unit-resolver.service.js';
import { UnitsService } from '../units/units.service.js';
import { chosenByClerk, resolvedBy } from './assignment-resolution.js';
import { Assignment } from './assignment.entity.js';
import type { Coordinator } from './part-resolution.js';
import type {
  CoordinatorInput,
  CreateAssignmentDto,
  UpdateAssignmentDto,
} from './directive.dto.js';
import { normalizeDeadline } from '../tasks/deadlines.js';
import { DirectivesService } from './directives.service.js';

/** A clerk's corrections to a draft's parts: who, what, by when. */
@Injectable()
export class AssignmentsService {
  private readonly logger = new Logger(AssignmentsService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly directives: DirectivesService,
    private readonly resolver: UnitResolverService,
    private readonly units: UnitsService,
  ) {}

  async add(directiveId: string, input: CreateAssignmentDto, user: AuthUser): Promise<Assignment> {
    const assignment = await this.transactions.run(async (manager) => {
      const directive = await this.directives.lockDraft(manager, directiveId, user);
      const issuer = directive.issuingUnitId;
      const last = await manager
        .createQueryBuilder(Assignment, 'a')
        .select('COALESCE(MAX(a.ordinal), 0)', 'max')
        .where('a.directiveId = :directiveId', { directiveId })
        .getRawOne<{ max: number }>();
      const ordinal = Number(last?.max ?? 0) + 1;
      const units = input.unitIds
        ? await this.chosen(manager, input.unitIds)
        : resolvedBy(await this.resolver.resolve(input.assignee, issuer));
      return manager.save(
        manager.create(Assignment, {
          directiveId,
          ordinal,
          label: String(ordinal),
          assignee: input.assignee.trim(),
          requested: input.requested ?? false,
          text: input.text.trim(),
          deadline: input.deadline ? normalizeDeadline(input.deadline) : null,
          recurrence: input.recurrence ? { ...input.recurrence } : null,
          subtasks: [],
          milestones: [],
          assigneeTitle: null,
          ...units,
          coordinators: await this.coordinators(manager, input.coordinators ?? [], issuer),
        }),
      );
    });
    this.logger.log(
      `added part ${assignment.ordinal} (${assignment.id}) to draft directive ${directiveId}`,
    );
    return assignment;
  }

  async update(
    directiveId: string,
    id: string,
    input: UpdateAssignmentDto,
    user: AuthUser,
  ): Promise<Assignment> {
    const assignment = await this.transactions.run(async (manager) => {
      const directive = await this.directives.lockDraft(manager, directiveId, user);
      const issuer = directive.issuingUnitId;
      const assignment = await manager.findOne(Assignment, { where: { id, directiveId } });
      if (!assignment) throw new NotFoundError('assignment', id);
      if (input.text !== undefined) assignment.text = input.text.trim();
      if (input.requested !== undefined) assignment.requested = input.requested;
      if (input.deadline !== undefined) {
        assignment.deadline = input.deadline === null ? null : normalizeDeadline(input.deadline);
      }
      if (input.assignee !== undefined) assignment.assignee = input.assignee.trim();
      // Chosen units win; a renamed assignee without them is resolved again.
      if (input.unitIds !== undefined)
        Object.assign(assignment, await this.chosen(manager, input.unitIds));
      else if (input.assignee !== undefined) {
        Object.assign(
          assignment,
          resolvedBy(await this.resolver.resolve(assignment.assignee, issuer)),
        );
      }
      if (input.coordinators !== undefined) {
        assignment.coordinators = await this.coordinators(manager, input.coordinators, issuer);
      }
      if (input.recurrence !== undefined) {
        assignment.recurrence = input.recurrence ? { ...input.recurrence } : null;
      }
      return manager.save(assignment);
    });
    this.logger.log(
      `updated part ${id} of draft directive ${directiveId}: ${Object.keys(input).join(', ')}`,
    );
    return assignment;
  }

  async remove(directiveId: string, id: string, user: AuthUser): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.directives.lockDraft(manager, directiveId, user);
      const result = await manager.delete(Assignment, { id, directiveId });
      if (!result.affected) throw new NotFoundError('assignment', id);
    });
    this.logger.log(`removed part ${id} from draft directive ${directiveId}`);
  }

  private async chosen(manager: EntityManager, unitIds: string[]) {
    await this.units.requireExisting(manager, unitIds);
    return chosenByClerk(unitIds);
  }

  private async coordinators(
    manager: EntityManager,
    inputs: CoordinatorInput[],
    issuer: string,
  ): Promise<Coordinator[]> {
    const toResolve = inputs.filter((input) => !input.unitIds).map((input) => input.name);
    const resolved = new Map(
      (await this.resolver.resolveMany(toResolve, issuer)).map((resolution, i) => [
        toResolve[i],
        resolution,
      ]),
    );
    const result: Coordinator[] = [];
    for (const input of inputs) {
      const fields = input.unitIds
        ? await this.chosen(manager, input.unitIds)
        : resolvedBy(resolved.get(input.name)!);
      result.push({
        name: input.name.trim(),
        resolution: fields.resolution,
        unitIds: fields.unitIds,
      });
    }
    return result;
  }
}
