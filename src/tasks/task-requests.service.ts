import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../core/database/pg-error.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { DomainError, NotFoundError } from '../core/errors/domain-error.js';
import { Outbox } from '../core/outbox/outbox.js';
import { deadlineInstant, normalizeDeadline } from './deadlines.js';
import { TaskAccess } from './task-access.service.js';
import { TaskEvents } from './task-history.js';
import { TaskRequest, type TaskRequestKind } from './task-request.entity.js';
import { updateTaskAtVersion } from './task-versioning.js';
import { CLOSED_STATUSES, moversOf } from './task-workflow.js';
import { TASK_DEADLINE_CHANGED } from './task-workflow.service.js';
import { Task } from './task.entity.js';
import { NotIssuerError, NotYourMoveError } from './tasks.errors.js';

class RequestPendingError extends DomainError {
  constructor(kind: TaskRequestKind) {
    super(
      'conflict',
      'request_pending',
      `a ${kind} request for this task is already waiting for a decision`,
    );
  }
}

class RequestDecidedError extends DomainError {
  constructor(id: string) {
    super('conflict', 'request_decided', `request ${id} has already been decided`);
  }
}

class RequestNotApplicableError extends DomainError {
  constructor(why: string) {
    super('conflict', 'request_not_applicable', why);
  }
}

/**
 * A unit's requests to the chair — a new deadline (gia hạn) or a pause (tạm hoãn) — and the
 * chair's decisions. An approved extension moves the deadline in force (the original stays on
 * record); an approved pause stops the clock until the task resumes.
 */
@Injectable()
export class TaskRequestsService {
  private readonly logger = new Logger(TaskRequestsService.name);

  constructor(
    @InjectRepository(TaskRequest) private readonly requests: Repository<TaskRequest>,
    private readonly access: TaskAccess,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async request(
    taskId: string,
    kind: TaskRequestKind,
    input: { reason: string; deadline?: string },
    user: AuthUser,
  ): Promise<TaskRequest> {
    const task = await this.access.findVisible(taskId, user);
    if (!moversOf(this.access.actorFor(task, user)).includes('unit')) {
      throw new NotYourMoveError(task.status, `${kind} request`);
    }
    if (CLOSED_STATUSES.includes(task.status))
      throw new RequestNotApplicableError(`the task is ${task.status}`);
    if (kind === 'pause' && task.status === 'paused')
      throw new RequestNotApplicableError('the task is already paused');
    const deadline = input.deadline ? normalizeDeadline(input.deadline) : null;
    const now = this.clock.now();
    try {
      const saved = await this.transactions.run(async (manager) => {
        const request = await manager.save(
          manager.create(TaskRequest, {
            taskId,
            kind,
            status: 'pending',
            reason: input.reason.trim(),
            requestedDeadline: deadline,
            requestedById: user.id,
          }),
        );
        await manager.update(Task, { id: taskId }, { lastUnitActivityAt: now });
        await TaskEvents.append(manager, {
          taskId,
          actorId: user.id,
          kind: kind === 'extension' ? 'extension_requested' : 'pause_requested',
          note: request.reason,
          data: {
            requestId: request.id,
            ...(deadline ? { deadline: { current: task.deadline, requested: deadline } } : {}),
          },
        });
        return request;
      });
      this.logger.log(`user ${user.id} requested ${kind} ${saved.id} on task ${taskId}`);
      return saved;
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new RequestPendingError(kind);
      throw error;
    }
  }

  async listForTask(taskId: string, user: AuthUser): Promise<TaskRequest[]> {
    await this.access.findVisible(taskId, user);
    return this.requests.find({ where: { taskId }, order: { requestedAt: 'ASC' } });
  }

  /** The chair's decision; the task changes with it, in one transaction. */
  async decide(
    id: string,
    approve: boolean,
    note: string | undefined,
    user: AuthUser,
  ): Promise<TaskRequest> {
    const now = this.clock.now();
    const decided = await this.transactions.run(async (manager) => {
      const request = await manager.findOne(TaskRequest, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request) throw new NotFoundError('task_request', id);
      // Another body's request answers as a missing one; a receiving body's chair may not decide.
      const visible = await this.access
        .findVisible(request.taskId, user)
        .catch((error: unknown) => {
          throw error instanceof NotFoundError ? new NotFoundError('task_request', id) : error;
        });
      if (!this.access.actorFor(visible, user).issuer) throw new NotIssuerError();
      if (request.status !== 'pending') throw new RequestDecidedError(id);
      // Locked: the version read here is the one the update below applies to.
      const task = await manager.findOne(Task, {
        where: { id: request.taskId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!task) throw new NotFoundError('task', request.taskId);
      if (approve) await this.apply(manager, request, task, user, now);
      else {
        await TaskEvents.append(manager, {
          taskId: task.id,
          actorId: user.id,
          kind: request.kind === 'extension' ? 'extension_rejected' : 'pause_rejected',
          note: note ?? null,
          data: { requestId: request.id },
        });
      }
      request.status = approve ? 'approved' : 'rejected';
      request.decidedById = user.id;
      request.decidedAt = now;
      request.decisionNote = note?.trim() || null;
      return manager.save(request);
    });
    this.logger.log(
      `user ${user.id} ${decided.status} ${decided.kind} request ${id} on task ${decided.taskId}`,
    );
    return decided;
  }

  private async apply(
    manager: EntityManager,
    request: TaskRequest,
    task: Task,
    user: AuthUser,
    now: Date,
  ) {
    if (CLOSED_STATUSES.includes(task.status))
      throw new RequestNotApplicableError(`the task is ${task.status}`);
    if (request.kind === 'extension') {
      const deadline = request.requestedDeadline!;
      await updateTaskAtVersion(manager, task.id, task.version, {
        deadline,
        dueAt: deadlineInstant(deadline),
        deadlineVersion: task.deadlineVersion + 1,
      });
      await TaskEvents.append(manager, {
        taskId: task.id,
        actorId: user.id,
        kind: 'extension_approved',
        note: request.reason,
        data: { requestId: request.id, deadline: { before: task.deadline, after: deadline } },
      });
      await Outbox.add(manager, TASK_DEADLINE_CHANGED, { taskId: task.id });
      return;
    }
    if (task.status === 'paused') throw new RequestNotApplicableError('the task is already paused');
    await updateTaskAtVersion(manager, task.id, task.version, {
      status: 'paused',
      pausedFrom: task.status,
      pausedAt: now,
    });
    await TaskEvents.append(manager, {
      taskId: task.id,
      actorId: user.id,
      kind: 'pause_approved',
      fromStatus: task.status,
      toStatus: 'paused',
      note: request.reason,
      data: { requestId: request.id },
    });
  }
}
