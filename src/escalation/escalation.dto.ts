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
  @ApiProperty() step: string;
  @ApiProperty() level: number;
  @ApiProperty() deadlineVersion: number;
  @ApiProperty() dueAt: string;
  @ApiProperty() firedAt: string;
  @ApiProperty() recipients: number;
}
