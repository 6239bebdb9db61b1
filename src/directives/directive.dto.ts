import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import { EscalationPolicyDto } from '../escalation/escalation.dto.js';
import { IsDeadline } from '../tasks/task.dto.js';
import { RecurrenceInput } from '../periods/period.dto.js';
import type { Assignment } from './assignment.entity.js';
import type { Coordinator } from './part-resolution.js';
import type { Directive } from './directive.entity.js';
import {
  DIRECTIVE_STATUSES,
  type DefaultDeadline,
  type DirectiveStatus,
} from './directive-status.js';
import { normalizeDefaultDeadline } from './default-deadline.js';
import type { Milestone, ParsedSubtask, Recurrence } from './parser/parsed-directive.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date, a date-time, or { "workingDays": N } counted from publication. */
export function IsDefaultDeadline(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDefaultDeadline',
      validator: {
        validate: (value: unknown) => value === null || normalizeDefaultDeadline(value) !== null,
        defaultMessage: () =>
          '$property must be a date (2021-06-30), a date-time (2021-06-30T16:00) or { "workingDays": N }',
      },
    },
    options,
  );
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ordinal: number;
  @ApiProperty({ example: '1' }) label: string;
  @ApiProperty({ example: 'Ủy ban nhân dân các xã, thị trấn' }) assignee: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Giám đốc',
    description: "The head's title when the letter addresses a person; the task is the body's",
  })
  assigneeTitle: string | null;
  @ApiProperty() requested: boolean;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String, example: '2021-06-30' }) deadline: string | null;
  @ApiProperty({ nullable: true, type: Object }) recurrence: Recurrence | null;
  @ApiProperty({ type: [Object] }) subtasks: ParsedSubtask[];
  @ApiProperty({
    type: [Object],
    description: 'Each dated step {text, deadline, kind: "work" | "report"}; deadline is the last',
  })
  milestones: Milestone[];
  @ApiProperty({ enum: ['matched', 'group', 'unmatched'] }) resolution: Assignment['resolution'];
  @ApiProperty({ enum: ['resolver', 'clerk'] }) resolvedBy: Assignment['resolvedBy'];
  @ApiProperty() confidence: number;
  @ApiProperty({ type: [String], format: 'uuid' }) unitIds: string[];
  @ApiProperty({
    type: [Object],
    description: 'Directory entries matched, or candidates when unmatched',
  })
  matches: Assignment['matches'];
  @ApiProperty({ type: [Object] }) coordinators: Coordinator[];

  static from(assignment: Assignment): AssignmentDto {
    return {
      id: assignment.id,
      ordinal: assignment.ordinal,
      label: assignment.label,
      assignee: assignment.assignee,
      assigneeTitle: assignment.assigneeTitle,
      requested: assignment.requested,
      text: assignment.text,
      deadline: assignment.deadline,
      recurrence: assignment.recurrence,
      subtasks: assignment.subtasks,
      milestones: assignment.milestones,
      resolution: assignment.resolution,
      resolvedBy: assignment.resolvedBy,
      confidence: assignment.confidence,
      unitIds: assignment.unitIds,
      matches: assignment.matches,
      coordinators: assignment.coordinators,
    };
  }
}

export class DirectiveSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DIRECTIVE_STATUSES }) status: DirectiveStatus;
  @ApiProperty({ nullable: true, type: String }) documentType: string | null;
  @ApiProperty({ nullable: true, type: String, example: '451/UBND-VHTT' }) number: string | null;
  @ApiProperty({ nullable: true, type: String }) issuer: string | null;
  @ApiProperty({
    description:
      'The body that issued the directive in dondoc (cơ quan ban hành): the importing clerk’s committee or department',
    example: { id: '5f0c…', code: 'ubnd-huyen', name: 'Ủy ban nhân dân huyện An Thi' },
  })
  issuingUnit: { id: string; code: string; name: string };
  @ApiProperty({ nullable: true, type: String }) issuedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The received task this directive carries down (triển khai), if any',
  })
  implementsTaskId: string | null;

  static from(directive: Directive): DirectiveSummaryDto {
    return {
      id: directive.id,
      status: directive.status,
      documentType: directive.documentType,
      number: directive.number,
      issuer: directive.issuer,
      issuingUnit: {
        id: directive.issuingUnitId,
        code: directive.issuingUnit?.code ?? '',
        name: directive.issuingUnit?.name ?? '',
      },
      issuedOn: directive.issuedOn,
      subject: directive.subject,
      publishedAt: directive.publishedAt?.toISOString() ?? null,
      createdAt: directive.createdAt.toISOString(),
      implementsTaskId: directive.implementsTaskId,
    };
  }
}

export class DirectiveDto extends DirectiveSummaryDto {
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ type: [String] }) recipients: string[];
  @ApiProperty({ type: [Object] }) references: Directive['references'];
  @ApiProperty({ type: [Object] }) targets: Directive['targets'];
  @ApiProperty({ nullable: true, type: Object }) signer: Directive['signer'];
  @ApiProperty({ type: [String] }) distribution: string[];
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ nullable: true, type: Object, example: { workingDays: 5 } })
  defaultDeadline: DefaultDeadline | null;
  @ApiProperty({ description: 'How the letter arrived' })
  source: { format: string; filename: string | null; mediaType: string | null; sha256: string };
  @ApiProperty({ format: 'uuid' }) importedBy: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) publishedBy: string | null;
  @ApiProperty({ type: [AssignmentDto] }) assignments: AssignmentDto[];

  static full(directive: Directive, assignments: Assignment[]): DirectiveDto {
    return {
      ...DirectiveSummaryDto.from(directive),
      place: directive.place,
      recipients: directive.recipients,
      references: directive.references,
      targets: directive.targets,
      signer: directive.signer,
      distribution: directive.distribution,
      warnings: directive.parseWarnings,
      defaultDeadline: directive.defaultDeadline,
      source: {
        format: directive.sourceFormat,
        filename: directive.sourceFilename,
        mediaType: directive.sourceMediaType,
        sha256: directive.sourceSha256,
      },
      importedBy: directive.importedById,
      publishedBy: directive.publishedById,
      assignments: assignments.map((assignment) => AssignmentDto.from(assignment)),
    };
  }
}

/** `PUT /api/directives/:id/implements`: the received task the draft carries down. */
export class ImplementsTaskDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  taskId: string;
}

export class DirectiveListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DIRECTIVE_STATUSES })
  @IsOptional()
  @IsIn(DIRECTIVE_STATUSES)
  status?: DirectiveStatus;

  @ApiPropertyOptional({ description: 'Part of the issuer’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  issuer?: string;

  @ApiPropertyOptional({ description: 'Issued on or after (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ description: 'Issued on or before (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;

  @ApiPropertyOptional({ description: 'Part of the number or subject, accents optional' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

class TargetValueDto {
  @IsOptional() @IsNumber() @Min(0) value: number | null;
  @IsOptional() @IsNumber() @Min(0) of: number | null;
  @IsOptional() @IsNumber() @Min(0) @Max(100) percent: number | null;
  @IsOptional() @Matches(DATE_ONLY) asOf: string | null;
}

class TargetGoalDto {
  @IsNumber() @Min(0) @Max(100) percent: number;
  @IsIn(['min', 'max']) comparator: 'min' | 'max';
}

export class TargetDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) indicator: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TargetValueDto)
  baseline: TargetValueDto | null;

  @ApiProperty({ nullable: true, description: 'Null: only the current figure is known' })
  // Required, and null only when written so: a missing goal is still a bad request.
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @ValidateNested()
  @Type(() => TargetGoalDto)
  target: TargetGoalDto | null;
}

export class UpdateDirectiveDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) documentType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) number?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) issuer?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'issuedOn must be a date (YYYY-MM-DD)' })
  issuedOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) subject?: string;

  @ApiPropertyOptional({ nullable: true, example: { workingDays: 5 } })
  @IsOptional()
  @IsDefaultDeadline()
  defaultDeadline?: unknown;

  @ApiPropertyOptional({ type: [TargetDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets?: TargetDto[];
}

export class PublishDirectiveDto {
  @ApiPropertyOptional({
    description: 'For parts without a deadline: a date, a date-time, or { "workingDays": N }',
    example: { workingDays: 5 },
  })
  @IsOptional()
  @IsDefaultDeadline()
  defaultDeadline?: unknown;

  @ApiPropertyOptional({
    type: EscalationPolicyDto,
    description: 'Overrides of the default escalation policy',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EscalationPolicyDto)
  escalationPolicy?: EscalationPolicyDto;
}

export class CoordinatorInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) name: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Chosen from the directory' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  unitIds?: string[];
}

export class CreateAssignmentDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) assignee: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) text: string;

  @ApiPropertyOptional({ nullable: true, example: '2021-06-30' })
  @IsOptional()
  @IsDeadline()
  deadline?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() requested?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Chosen from the directory' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiPropertyOptional({ type: [CoordinatorInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CoordinatorInput)
  coordinators?: CoordinatorInput[];

  @ApiPropertyOptional({
    type: RecurrenceInput,
    nullable: true,
    description:
      "The part's recurrence (kỳ báo cáo): its tasks get reporting periods; null: none of its own (a recurring sub-item's still counts)",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceInput)
  recurrence?: RecurrenceInput | null;
}

/** Any field of a part; `unitIds` and `coordinators` replace what was there. */
export class UpdateAssignmentDto extends PartialType(CreateAssignmentDto) {}

export class PublishResultDto {
  @ApiProperty({ format: 'uuid' }) directiveId: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty() tasks: number;
  @ApiProperty({ description: 'Reporting periods created (recurring parts, up to the horizon)' })
  periods: number;
  @ApiProperty({ description: 'Tasks created per part' })
  assignments: Array<{
    assignmentId: string;
    label: string;
    assignee: string;
    lead: number;
    coordinate: number;
  }>;
}
