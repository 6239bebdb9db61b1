import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { TargetDto } from '../directives/directive.dto.js';
import type { DirectiveTarget } from '../directives/parser/parsed-directive.js';

export class UpdateTargetsDto {
  @ApiProperty({ type: [TargetDto], description: 'Replaces the directive’s targets' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets: TargetDto[];
}

export class TargetFigureDto {
  @ApiProperty({ nullable: true, type: Number, example: 15277 }) value: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 134494 }) of: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 11.36 }) percent: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) asOf: string | null;
}

export class TargetUnitDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) population: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Latest reported value' })
  value: number | null;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Points missing to the target' })
  gap: number | null;
  @ApiProperty() met: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) asOf: string | null;
  @ApiProperty({
    description:
      'True when the unit reported nothing itself and the value is the sum of what the units of the directive(s) it carried the task down with report (recursively)',
  })
  rolledUp: boolean;
}

export class TargetHistoryPointDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() value: number;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
}

export class TargetProgressDto {
  @ApiProperty() index: number;
  @ApiProperty() indicator: string;
  @ApiProperty({ nullable: true, type: Object, description: 'Null: no rate to reach was given' })
  target: DirectiveTarget['target'];
  @ApiProperty({ nullable: true, type: Object }) baseline: DirectiveTarget['baseline'];
  @ApiProperty({ type: TargetFigureDto }) current: TargetFigureDto;
  @ApiProperty({ nullable: true, type: Number }) gap: number | null;
  @ApiProperty() met: boolean;
  @ApiProperty({
    type: [TargetUnitDto],
    description: 'Units with a task, lowest percentage first (a unit’s people: their own only)',
  })
  units: TargetUnitDto[];
  @ApiProperty({
    type: [TargetHistoryPointDto],
    description: 'The baseline, then each report date',
  })
  history: TargetHistoryPointDto[];
}

export class TargetsDto {
  @ApiProperty({ type: [TargetProgressDto] }) targets: TargetProgressDto[];
}

export class TrendColumnDto {
  @ApiProperty({ format: 'date', description: "The period's first day" }) from: string;
  @ApiProperty({ format: 'date', description: "The period's last day" }) to: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
}

export class TrendTotalDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Sum of standing figures at `to`' })
  value: number | null;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
}

export class TrendUnitDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: [Number],
    nullable: true,
    description: "The figure of the unit's report for each column (null: none standing)",
  })
  values: Array<number | null>;
  @ApiProperty({ type: [Number], nullable: true, description: 'values ÷ population, in %' })
  percents: Array<number | null>;
}

export class TargetTrendDto {
  @ApiProperty() index: number;
  @ApiProperty() indicator: string;
  @ApiProperty({ nullable: true, type: Object }) target: DirectiveTarget['target'];
  @ApiProperty({ type: [TrendColumnDto] }) columns: TrendColumnDto[];
  @ApiProperty({ type: [TrendTotalDto], description: 'The district, one per column' })
  totals: TrendTotalDto[];
  @ApiProperty({ type: [TrendUnitDto], description: 'A unit’s people: their own only' })
  units: TrendUnitDto[];
}

export class TargetTrendsDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [TargetTrendDto] }) targets: TargetTrendDto[];
}
