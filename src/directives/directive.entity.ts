import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { EscalationPolicy } from '../escalation/escalation-policy.js';
import { Task } from '../tasks/task.entity.js';
import { Unit } from '../units/unit.entity.js';
import { User } from '../users/user.entity.js';
import type { Assignment } from './assignment.entity.js';
import {
  DIRECTIVE_STATUSES,
  type DefaultDeadline,
  type DirectiveStatus,
} from './directive-status.js';
import type { DirectiveReference, DirectiveTarget, Signer } from './parser/parsed-directive.js';

/** A directive (công văn, kế hoạch, chỉ thị …) as imported, reviewed and published. */
@Entity({ name: 'directives' })
@Index('UQ_directives_identity_key', ['identityKey'], { unique: true })
@Index('IDX_directives_status_issued_on', ['status', 'issuedOn'])
@Index('IDX_directives_issuing_unit_id', ['issuingUnitId'])
@Index('IDX_directives_implements_task_id', ['implementsTaskId'])
@Index('IDX_directives_implements_directive_id', ['implementsDirectiveId'])
@Check(
  'CHK_directives_implements_both',
  '("implements_task_id" IS NULL) = ("implements_directive_id" IS NULL)',
)
@Check(
  'CHK_directives_status',
  `"status" IN (${DIRECTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`,
)
export class Directive {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_directives' })
  id: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: DirectiveStatus;

  @Column({ name: 'document_type', type: 'varchar', length: 100, nullable: true })
  documentType: string | null;

  /** "451/UBND-VHTT" */
  @Column({ type: 'varchar', length: 100, nullable: true })
  number: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  issuer: string | null;

  /**
   * Number and issuer folded ("451/ubnd-vhtt|uy ban nhan dan huyen an thi"): the same letter
   * imported twice collides here. Null when the letter has no number.
   */
  @Column({ name: 'identity_key', type: 'varchar', length: 400, nullable: true })
  identityKey: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  place: string | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recipients: string[];

  @Column({ name: 'legal_bases', type: 'jsonb', default: () => "'[]'" })
  references: DirectiveReference[];

  /** Chỉ tiêu, editable; tracked by the compliance views. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  targets: DirectiveTarget[];

  @Column({ type: 'jsonb', nullable: true })
  signer: Signer | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  distribution: string[];

  /** What the parser could not read, kept for the clerk's review. */
  @Column({ name: 'parse_warnings', type: 'text', array: true, default: () => "'{}'" })
  parseWarnings: string[];

  /** Whether the clerk, besides the chair, may accept or return reports on this directive. */
  @Column({ name: 'clerk_may_review', type: 'boolean', default: false })
  clerkMayReview: boolean;

  /** The escalation policy set at publication (null: the configured default applies). */
  @Column({ name: 'escalation_policy', type: 'jsonb', nullable: true })
  escalationPolicy: EscalationPolicy | null;

  @Column({ name: 'default_deadline', type: 'jsonb', nullable: true })
  defaultDeadline: DefaultDeadline | null;

  /** The text the parser read (extracted from the file when one was sent). */
  @Column({ name: 'source_text', type: 'text', select: false })
  sourceText: string;

  /** The file exactly as uploaded, when one was. */
  @Column({ name: 'source_file', type: 'bytea', nullable: true, select: false })
  sourceFile: Buffer | null;

  @Column({ name: 'source_filename', type: 'varchar', length: 255, nullable: true })
  sourceFilename: string | null;

  @Column({ name: 'source_media_type', type: 'varchar', length: 127, nullable: true })
  sourceMediaType: string | null;

  @Column({ name: 'source_format', type: 'varchar', length: 16 })
  sourceFormat: string;

  /** SHA-256 of the uploaded bytes (of the text when pasted). */
  @Column({ name: 'source_sha256', type: 'char', length: 64 })
  sourceSha256: string;

  /**
   * The body that issued the directive (cơ quan ban hành): the importing user's body
   * (`units/unit-body.ts`). Its chair and clerk govern the directive (`core/access/body-scope.ts`).
   */
  @Column({ name: 'issuing_unit_id', type: 'uuid' })
  issuingUnitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuing_unit_id', foreignKeyConstraintName: 'FK_directives_issuing_unit' })
  issuingUnit?: Unit;

  /**
   * Triển khai: the task this directive carries down — one its issuing body received from a
   * directive above. A task may be carried down by several directives (the chain's edges).
   */
  @Column({ name: 'implements_task_id', type: 'uuid', nullable: true })
  implementsTaskId: string | null;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'implements_task_id',
    foreignKeyConstraintName: 'FK_directives_implements_task',
  })
  implementsTask?: Task;

  /**
   * The directive of the task it carries down: the chain's edge from directive to directive, so
   * walking a province's chain probes one index per directive rather than one per task (issue
   * 16, part 6: 12 ms of a 35 ms chain query). Set with `implementsTaskId` from the received
   * task's own row at import (`DirectivesService.import`, given it by `CarryingDownService`) and
   * set or cleared with it by `CarryingDownService.link`/`unlink`; a CHECK keeps the two both
   * set or both null. That it is the task's directive rests on those writers (a foreign key to
   * `tasks (id, directive_id)` would need a second unique index on the million-row table).
   */
  @Column({ name: 'implements_directive_id', type: 'uuid', nullable: true })
  implementsDirectiveId: string | null;

  @ManyToOne(() => Directive, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'implements_directive_id',
    foreignKeyConstraintName: 'FK_directives_implements_directive',
  })
  implementsDirective?: Directive;

  /**
   * Not a column: the bodies this directive was carried down from, which the access rule reads
   * (`core/access/body-scope.ts`); the directives service fills it when it loads one to decide.
   */
  carriedFrom: string[] = [];

  @Column({ name: 'imported_by', type: 'uuid' })
  importedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'imported_by', foreignKeyConstraintName: 'FK_directives_imported_by' })
  importedBy?: User;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'FK_directives_published_by' })
  publishedBy?: User | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @OneToMany('Assignment', 'directive')
  assignments?: Assignment[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
