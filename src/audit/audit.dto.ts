import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import type { AuditLog } from './audit-log.entity.js';

export const AUDITED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `GET /api/audit` filters; all optional, combined with AND. */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who acted' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The unit of who acted' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: AUDITED_METHODS })
  @IsOptional()
  @IsIn(AUDITED_METHODS)
  method?: (typeof AUDITED_METHODS)[number];

  @ApiPropertyOptional({
    description: 'Part of the route pattern, e.g. "/api/tasks/:id/status" or "evidence"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  action?: string;

  @ApiPropertyOptional({ description: 'An id the request named or created' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ description: 'The request id (x-request-id)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  requestId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this instant (exclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class AuditEntryDto {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: Date;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ example: 'POST /api/tasks/:id/status' }) action: string;
  @ApiProperty({ type: [String] }) targetIds: string[];
  @ApiProperty() requestId: string;
  @ApiProperty({ example: 201 }) status: number;
  @ApiProperty({ nullable: true, type: String }) clientIp: string | null;

  static from(row: AuditLog): AuditEntryDto {
    return {
      id: row.id,
      at: row.at,
      userId: row.userId,
      username: row.username,
      role: row.role,
      unitId: row.unitId,
      action: row.action,
      targetIds: row.targetIds,
      requestId: row.requestId,
      status: row.status,
      clientIp: row.clientIp,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
