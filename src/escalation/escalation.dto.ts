import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';

export class DelayDto {
  @ApiPropertyOptional({ description: 'Working days (the calendar skips weekends and holidays)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  workingDays?: number;

  @ApiPropertyOptional({ description: 'Hours (may be fractional)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(24 * 366)
  hours?: number;
}

/** Overrides of the reporting periods' ladder (DEFAULT_PERIOD_POLICY). */
export class PeriodEscalationPolicyDto {
  @ApiPropertyOptional({
    type: DelayDto,
    nullable: true,
    description: 'Reminder before a period is due; null for none',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  reminderBefore?: DelayDto | null;

  @ApiPropertyOptional({ description: 'Tell the chair after this many misses in a row; 0 never' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  chairAfterMisses?: number;

  @ApiPropertyOptional({
    type: DelayDto,
    description: 'After the due instant, when the chair is told',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  chairAfter?: DelayDto;
}

/** Overrides of the default escalation policy for one directive, set at publication. */
export class EscalationPolicyDto {
  @ApiPropertyOptional({
    type: DelayDto,
    nullable: true,
    description: 'Reminder before the deadline; null for none',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  reminderBefore?: DelayDto | null;

  @ApiPropertyOptional({ type: DelayDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  receiptReminderAfter?: DelayDto | null;

  @ApiPropertyOptional({ type: DelayDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  staleReminderAfter?: DelayDto | null;

  @ApiPropertyOptional({ type: DelayDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  level2After?: DelayDto;

  @ApiPropertyOptional({ type: DelayDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DelayDto)
  level3Every?: DelayDto;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) maxLevel3Rounds?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) attentionAfterRounds?: number;

  @ApiPropertyOptional({ type: PeriodEscalationPolicyDto, description: 'The periods’ ladder' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PeriodEscalationPolicyDto)
  periods?: PeriodEscalationPolicyDto;
}

export class AttentionItemDto {
  @ApiProperty() taskId: string;
  @ApiProperty() rounds: number;
  @ApiProperty() lastLevel: number;
  @ApiProperty() lastEscalatedAt: string;
  @ApiProperty() unit: { id: string; code: string; name: string };
  @ApiProperty() directive: { id: string; number: string | null; subject: string | null };
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) deadline: string | null;
}

export class EscalationDto {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "A reporting period's rung (step p<number>-…): the period",
  })
  periodId: string | null;
  @ApiProperty() step: string;
  @ApiProperty() level: number;
  @ApiProperty() deadlineVersion: number;
  @ApiProperty() dueAt: string;
  @ApiProperty() firedAt: string;
  @ApiProperty() recipients: number;
}
