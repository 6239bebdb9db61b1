import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../core/access/access.decorators.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { TaskAccess } from '../tasks/task-access.service.js';
import { type ReceivedTask, TasksService } from '../tasks/tasks.service.js';
import { citedTasks, linkedNotice } from './carrying-down.js';
import type { DirectiveSource } from './directive-source.js';
import { Directive } from './directive.entity.js';
import {
  NotIssuingBodyError,
  NotReceivedTaskError,
  SeveralCitedTasksError,
} from './directives.errors.js';
import { DirectivesService } from './directives.service.js';

/**
 * Carrying a received task down (triển khai, issue 16 part 3): a body imports its own letter as
 * the directive that implements a task it received (`directives.implements_task_id`), chosen
 * by the clerk or found from the letter's references; the link may change while the directive
 * is a draft and is fixed once it is published. Who sees the chain is `core/access/body-scope.ts`.
 */
@Injectable()
export class CarryingDownService {
  private readonly logger = new Logger(CarryingDownService.name);

  constructor(
    private readonly directives: DirectivesService,
    private readonly tasks: TasksService,
    private readonly access: TaskAccess,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * Imports the letter linked to the task it carries down: `implementsTaskId` when given (null:
   * none); otherwise the one open task of the importer's body whose directive the letter cites,
   * said in the draft's notices; several such tasks store nothing and answer 409 with them.
   */
  async import(
    source: DirectiveSource,
    implementsTaskId: string | null | undefined,
    user: AuthUser,
  ): Promise<Directive> {
    const parsed = await this.directives.parse(source);
    if (implementsTaskId !== undefined) {
      const implementing =
        implementsTaskId === null
          ? null
          : await this.receivedBy(user.bodyId, implementsTaskId, user);
      return this.directives.import(source, user, {
        parsed,
        implements: implementing,
        notice: null,
      });
    }
    const cited = citedTasks(parsed.references, await this.tasks.receivedOpen(user.bodyId));
    if (cited.length > 1) throw new SeveralCitedTasksError(cited);
    const [task] = cited;
    const imported = await this.directives.import(source, user, {
      parsed,
      implements: task ?? null,
      notice: task ? linkedNotice(task) : null,
    });
    if (task) {
      this.logger.log(
        `directive ${imported.id} linked to task ${task.taskId} of ${task.number}, which it cites`,
      );
    }
    return imported;
  }

  /** Links a draft to the task it carries down (or changes the link); its body's clerk only. */
  async link(id: string, taskId: string, user: AuthUser): Promise<void> {
    await this.transactions.run(async (manager) => {
      const directive = await this.ownDraft(manager, id, user);
      const task = await this.receivedBy(directive.issuingUnitId, taskId, user);
      await manager.update(
        Directive,
        { id },
        { implementsTaskId: task.taskId, implementsDirectiveId: task.directiveId },
      );
    });
    this.logger.log(`user ${user.id} linked directive ${id} to task ${taskId}`);
  }

  /** Removes a draft's link: it no longer carries a task down. */
  async unlink(id: string, user: AuthUser): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.ownDraft(manager, id, user);
      await manager.update(
        Directive,
        { id },
        { implementsTaskId: null, implementsDirectiveId: null },
      );
    });
    this.logger.log(`user ${user.id} unlinked directive ${id}`);
  }

  /**
   * The draft, locked, if the user's own body issued it: the link says which of the body's
   * received tasks the letter carries down, so only that body (or the admin) sets it, not a
   * body above that governs it through the chain.
   */
  private async ownDraft(
    manager: Parameters<DirectivesService['lockDraft']>[0],
    id: string,
    user: AuthUser,
  ): Promise<Directive> {
    const directive = await this.directives.lockDraft(manager, id, user);
    if (user.role !== 'admin' && directive.issuingUnitId !== user.bodyId) {
      throw new NotIssuingBodyError(id);
    }
    return directive;
  }

  /**
   * The open task `taskId` the body received; 404 when the user may not see the task at all,
   * 422 `not_received_task` when they may but it is not an open task of that body.
   */
  private async receivedBy(bodyId: string, taskId: string, user: AuthUser): Promise<ReceivedTask> {
    const [task] = await this.tasks.receivedOpen(bodyId, taskId);
    if (task) return task;
    await this.access.findVisible(taskId, user);
    throw new NotReceivedTaskError(taskId);
  }
}
