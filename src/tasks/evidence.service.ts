import type { ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../core/access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { DomainError, NotFoundError } from '../core/errors/domain-error.js';
import type { PageQuery } from '../core/http/pagination.js';
import { EvidenceStorage, sanitizeFileName, type StoredFile } from './evidence-storage.js';
import {
  type EvidenceChangeDto,
  EvidenceDto,
  type EvidenceInput,
  type EvidencePageDto,
} from './evidence.dto.js';
import { Evidence } from './evidence.entity.js';
import type { GeneratedFile } from './carrying-down.ports.js';
import { TaskAccess } from './task-access.service.js';
import { TaskEvents } from './task-history.js';
import type { TaskStatus } from './task-status.js';
import { updateTaskAtVersion } from './task-versioning.js';
import { moversOf } from './task-workflow.js';
import { Task } from './task.entity.js';
import { StaleVersionError, TaskClosedError } from './tasks.errors.js';

export class NotTaskUnitError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'not_task_unit',
      "only the task's own unit may add or withdraw its evidence (minh chứng)",
    );
  }
}

export class EvidenceLockedError extends DomainError {
  constructor(why: string) {
    super('conflict', 'evidence_locked', why);
  }
}

export class EvidenceWithdrawnError extends DomainError {
  constructor(id: string) {
    super('conflict', 'evidence_withdrawn', `evidence ${id} has already been withdrawn`);
  }
}

export class FileRequiredError extends DomainError {
  constructor() {
    super(
      'invalid',
      'file_required',
      'evidence of kind "file" needs the file: send multipart/form-data with it in field "file"',
    );
  }
}

/** An upload already in the store, with the name the client gave it. */
export interface UploadedEvidenceFile extends StoredFile {
  originalName: string | null;
}

/** Where the unit may still add evidence; a paused task counts as the status it left. */
const ADDABLE: readonly TaskStatus[] = [
  'assigned',
  'received',
  'in_progress',
  'returned',
  'paused',
];

/**
 * Minh chứng: what a unit submits to show a task was done. Only the task's own unit adds or
 * withdraws it, and only until the task is reported; each change bumps the task's version and
 * appends a history line in the same transaction. Evidence is never deleted: withdrawing marks
 * it, and the row, its file and the history stay.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    private readonly access: TaskAccess,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly storage: EvidenceStorage,
  ) {}

  /**
   * The checks that can be made before an upload is read, so that nobody stores a file on a
   * task they may not touch: 404, 403, 409 (closed, reported, stale version).
   */
  async checkMayAdd(taskId: string, user: AuthUser, version?: number): Promise<void> {
    const task = await this.access.findVisible(taskId, user);
    this.checkAdd(task, user);
    if (version !== undefined && version !== task.version) {
      throw new StaleVersionError(version, task.version);
    }
  }

  /**
   * Adds evidence; a file must already be in the store (content-addressed, so if this
   * transaction fails the file is an orphan that harms nothing).
   */
  async add(
    taskId: string,
    input: EvidenceInput,
    file: UploadedEvidenceFile | null,
    user: AuthUser,
  ): Promise<EvidenceChangeDto> {
    if (input.kind === 'file' && !file) throw new FileRequiredError();
    const now = this.clock.now();
    const { id, version } = await this.transactions.run(async (manager) => {
      const task = await this.lockTask(
        manager,
        taskId,
        user,
        () => new NotFoundError('task', taskId),
      );
      this.checkAdd(task, user);
      const version = await updateTaskAtVersion(manager, taskId, input.version ?? task.version, {
        lastUnitActivityAt: now,
      });
      const result = await manager.insert(Evidence, {
        ...fieldsOf(input),
        ...(file ? this.fileFields(file) : {}),
        taskId,
        kind: input.kind,
        createdById: user.id,
        createdAt: now,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      await TaskEvents.append(manager, {
        taskId,
        actorId: user.id,
        kind: 'evidence_added',
        data: { evidenceId: id, kind: input.kind },
      });
      return { id, version };
    });
    this.logger.log(`user ${user.id} added ${input.kind} evidence ${id} to task ${taskId}`);
    return { ...EvidenceDto.from(await this.load(id)), version };
  }

  /**
   * Puts generated documents (a child directive's compliance report) in the store, before the
   * transaction that attaches them: a file whose transaction rolls back is a harmless orphan.
   */
  async storeGenerated(files: readonly GeneratedFile[]): Promise<UploadedEvidenceFile[]> {
    const stored: UploadedEvidenceFile[] = [];
    for (const file of files) {
      // The store reads an upload as a stream of chunks; the document is one.
      const saved = await this.storage.save(Readable.from([file.content]));
      stored.push({ ...saved, originalName: file.name });
    }
    return stored;
  }

  /**
   * Attaches stored generated files as file evidence in the caller's transaction (the report
   * of a carried-down task attaches its children's reports): a history line each, added by the
   * reporting user. The caller's write bumps the task's version.
   */
  async attachGenerated(
    manager: EntityManager,
    taskId: string,
    files: readonly UploadedEvidenceFile[],
    user: AuthUser,
    text: string,
  ): Promise<void> {
    const now = this.clock.now();
    for (const file of files) {
      const result = await manager.insert(Evidence, {
        ...this.fileFields(file),
        taskId,
        kind: 'file',
        text,
        createdById: user.id,
        createdAt: now,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      await TaskEvents.append(manager, {
        taskId,
        actorId: user.id,
        kind: 'evidence_added',
        data: { evidenceId: id, kind: 'file', generated: true },
      });
    }
    if (files.length > 0) {
      this.logger.log(
        `user ${user.id} attached ${files.length} generated file(s) to task ${taskId}`,
      );
    }
  }

  /** Withdraws evidence (rút minh chứng) before the task is reported; the row stays. */
  async withdraw(evidenceId: string, user: AuthUser, version?: number): Promise<EvidenceChangeDto> {
    const { taskId } = await this.findVisible(evidenceId, user);
    const now = this.clock.now();
    const newVersion = await this.transactions.run(async (manager) => {
      // The task row is locked first by every evidence change, so this read is current.
      const notFound = () => new NotFoundError('evidence', evidenceId);
      const task = await this.lockTask(manager, taskId, user, notFound);
      const evidence = await manager.findOneBy(Evidence, { id: evidenceId });
      if (!evidence) throw notFound();
      if (!moversOf(this.access.actorFor(task, user)).includes('unit')) {
        throw new NotTaskUnitError();
      }
      if (evidence.withdrawnAt) throw new EvidenceWithdrawnError(evidenceId);
      checkWithdrawable(task, evidence);
      const newVersion = await updateTaskAtVersion(manager, taskId, version ?? task.version, {
        lastUnitActivityAt: now,
      });
      await manager.update(
        Evidence,
        { id: evidenceId },
        { withdrawnAt: now, withdrawnById: user.id },
      );
      await TaskEvents.append(manager, {
        taskId,
        actorId: user.id,
        kind: 'evidence_withdrawn',
        data: { evidenceId, kind: evidence.kind },
      });
      return newVersion;
    });
    this.logger.log(`user ${user.id} withdrew evidence ${evidenceId} of task ${taskId}`);
    return { ...EvidenceDto.from(await this.load(evidenceId)), version: newVersion };
  }

  /** A task's evidence, oldest first, withdrawn ones included (with `withdrawnAt`). */
  async list(taskId: string, query: PageQuery, user: AuthUser): Promise<EvidencePageDto> {
    const task = await this.access.findVisible(taskId, user);
    const [items, total] = await this.evidence.findAndCount({
      where: { taskId },
      relations: { createdBy: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: items.map((item) => EvidenceDto.from(item)),
      total,
      limit: query.limit,
      offset: query.offset,
      version: task.version,
    };
  }

  /** The stored file of a piece of evidence, for those who may see its task. */
  async openFile(
    evidenceId: string,
    user: AuthUser,
  ): Promise<{ stream: ReadStream; size: number; mediaType: string; fileName: string }> {
    const evidence = await this.findVisible(evidenceId, user);
    if (!evidence.sha256) {
      throw new DomainError(
        'not_found',
        'evidence_file_not_found',
        `evidence ${evidenceId} has no file`,
      );
    }
    const { stream, size } = await this.storage.open(evidence.sha256);
    return {
      stream,
      size,
      mediaType: evidence.mediaType ?? 'application/octet-stream',
      fileName: evidence.fileName ?? evidence.sha256,
    };
  }

  /** The evidence with its task, if this user may see the task; 404 exactly as a missing one. */
  private async findVisible(evidenceId: string, user: AuthUser): Promise<Evidence> {
    const evidence = await this.evidence.findOne({
      where: { id: evidenceId },
      relations: { task: true },
    });
    if (!evidence?.task || !(await this.access.canSee(evidence.task, user))) {
      throw new NotFoundError('evidence', evidenceId);
    }
    return evidence;
  }

  private async lockTask(
    manager: EntityManager,
    taskId: string,
    user: AuthUser,
    notFound: () => Error,
  ): Promise<Task> {
    const task = await manager.findOne(Task, {
      where: { id: taskId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!task || !(await this.access.canSee(task, user, manager))) throw notFound();
    return task;
  }

  private checkAdd(task: Task, user: AuthUser): void {
    if (!moversOf(this.access.actorFor(task, user)).includes('unit')) throw new NotTaskUnitError();
    const status = effectiveStatus(task);
    if (status === 'completed' || status === 'cancelled') throw new TaskClosedError(task.status);
    if (!ADDABLE.includes(status)) {
      throw new EvidenceLockedError(
        'the task has been reported and awaits review; evidence can be added again if it is returned',
      );
    }
  }

  private fileFields(file: UploadedEvidenceFile): Partial<Evidence> {
    return {
      sha256: file.sha256,
      fileName: sanitizeFileName(file.originalName, file.type),
      mediaType: file.mediaType,
      sizeBytes: String(file.size),
    };
  }

  private async load(id: string): Promise<Evidence> {
    return this.evidence.findOneOrFail({ where: { id }, relations: { createdBy: true } });
  }
}

/** A paused task (tạm hoãn) counts as the status it left. */
function effectiveStatus(task: Task): TaskStatus {
  return task.status === 'paused' && task.pausedFrom ? task.pausedFrom : task.status;
}

/**
 * Evidence is part of the record once the task is reported: it cannot be withdrawn while the
 * report awaits review or after the task ends, nor after a return if that report included it.
 * Only what was added since the last report can be withdrawn.
 */
function checkWithdrawable(task: Task, evidence: Evidence): void {
  const status = effectiveStatus(task);
  if (status === 'completed' || status === 'cancelled' || status === 'reported') {
    throw new EvidenceLockedError(
      `the task is ${status === 'reported' ? 'reported' : status}; its evidence is part of the record and cannot be withdrawn`,
    );
  }
  if (task.reportedAt && evidence.createdAt <= task.reportedAt) {
    throw new EvidenceLockedError(
      `this evidence was part of the report of ${task.reportedAt.toISOString()}; it stays in the record`,
    );
  }
}

/** The columns each kind of input fills. */
function fieldsOf(input: EvidenceInput): Partial<Evidence> {
  switch (input.kind) {
    case 'file':
      return { text: input.text ?? null };
    case 'link':
      return { url: input.url, text: input.text ?? null };
    case 'note':
      return { text: input.text };
    case 'metric':
      return {
        indicator: input.indicator,
        value: String(input.value),
        asOf: input.asOf,
        text: input.text ?? null,
      };
    case 'document':
      return {
        documentType: input.documentType,
        documentNumber: input.documentNumber,
        documentDate: input.documentDate,
        text: input.text ?? null,
      };
  }
}
