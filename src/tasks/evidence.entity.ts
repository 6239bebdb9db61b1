import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { Task } from './task.entity.js';

export const EVIDENCE_KINDS = ['file', 'link', 'note', 'metric', 'document'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Minh chứng: what a unit submits to show the work was done. */
@Entity({ name: 'evidence' })
@Index('IDX_evidence_task_id', ['taskId'])
@Check('CHK_evidence_kind', `"kind" IN (${EVIDENCE_KINDS.map((kind) => `'${kind}'`).join(', ')})`)
export class Evidence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evidence' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_evidence_task' })
  task?: Task;

  @Column({ type: 'varchar', length: 16 })
  kind: EvidenceKind;

  @Column({ name: 'created_by', type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_evidence_created_by' })
  createdBy?: User;

  /** file, or document with a file: SHA-256 of the content, which is also its storage key. */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ name: 'media_type', type: 'varchar', length: 127, nullable: true })
  mediaType: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true })
  sizeBytes: string | null;

  /** link */
  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** note; a caption for the other kinds */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  /** metric: e.g. "Số người đã cài Bluezone" = 4,120 as of 2020-08-28 */
  @Column({ type: 'varchar', length: 500, nullable: true })
  indicator: string | null;

  @Column({ type: 'numeric', nullable: true })
  value: string | null;

  @Column({ name: 'as_of', type: 'date', nullable: true })
  asOf: string | null;

  /** document: the unit's own paper — "Báo cáo số 12/BC-UBND ngày 28/8/2020" */
  @Column({ name: 'document_type', type: 'varchar', length: 100, nullable: true })
  documentType: string | null;

  @Column({ name: 'document_number', type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  @Column({ name: 'document_date', type: 'date', nullable: true })
  documentDate: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Withdrawn by the unit before reporting; the row and the history entry stay. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true })
  withdrawnById: string | null;
}
