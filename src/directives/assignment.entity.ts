import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { BodyMatch } from '../units/unit-resolver.js';
import { Directive } from './directive.entity.js';
import { type Coordinator, type Resolution, RESOLUTIONS } from './part-resolution.js';
import type { Milestone, ParsedSubtask, Recurrence } from './parser/parsed-directive.js';

/** One numbered part of a directive: who must do what, by when. */
@Entity({ name: 'assignments' })
@Index('UQ_assignments_directive_ordinal', ['directiveId', 'ordinal'], { unique: true })
@Check(
  'CHK_assignments_resolution',
  `"resolution" IN (${RESOLUTIONS.map((r) => `'${r}'`).join(', ')})`,
)
export class Assignment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_assignments' })
  id: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId: string;

  @ManyToOne(() => Directive, (directive) => directive.assignments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'directive_id', foreignKeyConstraintName: 'FK_assignments_directive' })
  directive?: Directive;

  @Column({ type: 'integer' })
  ordinal: number;

  /** The part's label as written: "1", "II", "Giao". */
  @Column({ type: 'varchar', length: 20 })
  label: string;

  /** The body as written in the letter. */
  @Column({ type: 'text' })
  assignee: string;

  /** The head's title when the letter names a person ("Giám đốc Sở Y tế" → "Giám đốc"). */
  @Column({ name: 'assignee_title', type: 'varchar', length: 120, nullable: true })
  assigneeTitle: string | null;

  @Column({ type: 'boolean', default: false })
  requested: boolean;

  @Column({ type: 'text' })
  text: string;

  /** "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:00+07:00"; null: the directive's default applies. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  deadline: string | null;

  @Column({ type: 'jsonb', nullable: true })
  recurrence: Recurrence | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  subtasks: ParsedSubtask[];

  /** Each dated step of the part, in order; empty when the deadline says it all. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  milestones: Milestone[];

  @Column({ type: 'varchar', length: 16 })
  resolution: Resolution;

  /** Who settled the units: the resolver, or a clerk choosing from the directory. */
  @Column({ name: 'resolved_by', type: 'varchar', length: 16, default: 'resolver' })
  resolvedBy: 'resolver' | 'clerk';

  /** The resolver's confidence, 0–1 (1 when a clerk chose). */
  @Column({ type: 'real', default: 0 })
  confidence: number;

  @Column({ name: 'unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  unitIds: string[];

  /** The directory entries matched, or near candidates when unmatched, for the review screen. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  matches: BodyMatch[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  coordinators: Coordinator[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
