import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../core/http/pagination.js';
import { CHANNEL_KINDS, type ChannelKind } from './notification-channel.entity.js';
import type { NotificationChannel } from './notification-channel.entity.js';
import type { Notification } from './notification.entity.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './outbound-delivery.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const WEBHOOK_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const WEBHOOK_URL_MESSAGE = { message: 'url must be an http or https address' };

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'escalation' }) kind: string;
  @ApiProperty({
    example: 'Đôn đốc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang quá hạn 2 ngày',
  })
  title: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) taskId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) escalationId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(notification: Notification): NotificationDto {
    return {
      id: notification.id,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      taskId: notification.taskId,
      escalationId: notification.escalationId,
      readAt: notification.readAt?.toISOString() ?? null,
      createdAt: notification.createdAt.toISOString(),
    };
  }
}

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unreadOnly?: 'true' | 'false';
}

export class UnreadCountDto {
  @ApiProperty() count: number;
}

export class ReadAllDto {
  @ApiProperty({ description: 'How many notifications this marked read' }) updated: number;
}

export class ChannelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String, example: '…x9Qk', description: 'Webhooks only' })
  secretMasked: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  /** The secret itself never leaves through here; `secret` (when loaded) only shows masked. */
  static from(channel: NotificationChannel): ChannelDto {
    return {
      id: channel.id,
      kind: channel.kind,
      unitId: channel.unitId,
      userId: channel.userId,
      url: channel.url,
      address: channel.address,
      secretMasked: channel.kind === 'webhook' ? maskSecret(channel.secret) : null,
      active: channel.active,
      createdAt: channel.createdAt.toISOString(),
      updatedAt: channel.updatedAt.toISOString(),
    };
  }
}

/** The answer to creating a webhook or changing its secret: the only time the secret is shown. */
export class ChannelWithSecretDto extends ChannelDto {
  @ApiPropertyOptional({ description: 'The HMAC key in full: store it now, it is not shown again' })
  secret?: string;
}

export function maskSecret(secret: string | null | undefined): string {
  return secret ? `…${secret.slice(-4)}` : '…';
}

export class CreateChannelDto {
  @ApiProperty({ enum: CHANNEL_KINDS })
  @IsIn(CHANNEL_KINDS)
  kind: ChannelKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Every user of the unit; or give userId' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One user; or give unitId' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: 'https://hooks.example.vn/dondoc', description: 'Webhooks' })
  @ValidateIf((dto: CreateChannelDto) => dto.kind === 'webhook' || dto.url !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  @IsUrl(WEBHOOK_URL, WEBHOOK_URL_MESSAGE)
  url?: string;

  @ApiPropertyOptional({ example: 'vanthu@anthi.gov.vn', description: 'E-mail' })
  @ValidateIf((dto: CreateChannelDto) => dto.kind === 'email' || dto.address !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'address must be an e-mail address' })
  address?: string;

  @ApiPropertyOptional({
    minLength: 16,
    description: 'Webhooks: the HMAC key; generated if absent',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(255)
  secret?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Kind and owner stay as created; make a new channel to change them. */
export class UpdateChannelDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  @IsUrl(WEBHOOK_URL, WEBHOOK_URL_MESSAGE)
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'address must be an e-mail address' })
  address?: string;

  @ApiPropertyOptional({ minLength: 16, description: 'Webhooks: a new HMAC key' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(255)
  secret?: string;

  @ApiPropertyOptional({ description: 'Webhooks: generate a new HMAC key (shown once)' })
  @IsOptional()
  @IsBoolean()
  rotateSecret?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ChannelListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ enum: CHANNEL_KINDS })
  @IsOptional()
  @IsIn(CHANNEL_KINDS)
  kind?: ChannelKind;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() notification: {
    id: string;
    userId: string;
    taskId: string | null;
    kind: string;
    title: string;
  };
  @ApiProperty() channel: {
    id: string;
    kind: ChannelKind;
    unitId: string | null;
    userId: string | null;
    target: string;
    active: boolean;
  };
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() channelId?: string;
}
