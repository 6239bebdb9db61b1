import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsSelect, Repository } from 'typeorm';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { UnitsService } from '../units/units.service.js';
import { UsersService } from '../users/users.service.js';
import {
  ChannelDto,
  type ChannelListQuery,
  type ChannelWithSecretDto,
  type CreateChannelDto,
  type UpdateChannelDto,
} from './notifications.dto.js';
import { ChannelOwnerError, ChannelTargetError, UnknownUserError } from './notifications.errors.js';
import { NotificationChannel } from './notification-channel.entity.js';
import { AppConfig } from '../core/config/app-config.js';
import { DomainError } from '../core/errors/domain-error.js';
import { isPublicAddress, literalAddress } from './outbound-address.js';

/** Admins' outbound channels: a webhook or an e-mail address for a unit or a user. */
@Injectable()
export class NotificationChannelsService {
  private readonly logger = new Logger(NotificationChannelsService.name);

  constructor(
    @InjectRepository(NotificationChannel)
    private readonly channels: Repository<NotificationChannel>,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  async list(query: ChannelListQuery): Promise<Page<ChannelDto>> {
    const [items, total] = await this.channels.findAndCount({
      where: {
        ...(query.unitId ? { unitId: query.unitId } : {}),
        ...(query.userId ? { userId: query.userId } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
      },
      select: withSecret(),
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: items.map((item) => ChannelDto.from(item)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string): Promise<ChannelDto> {
    return ChannelDto.from(await this.load(id));
  }

  /** The answer carries the webhook's secret in full, this once. */
  async create(input: CreateChannelDto): Promise<ChannelWithSecretDto> {
    if ((input.unitId === undefined) === (input.userId === undefined)) {
      throw new ChannelOwnerError();
    }
    checkTarget(input.kind, input, this.config.outboundAllowPrivateTargets);
    if (input.kind === 'email' && input.secret !== undefined) {
      throw new ChannelTargetError('an e-mail channel has no secret');
    }
    const channel = await this.transactions.run(async (manager) => {
      if (input.unitId) await this.units.requireExisting(manager, [input.unitId]);
      if (input.userId) await this.requireUser(input.userId);
      const repository = manager.getRepository(NotificationChannel);
      const saved = await repository.save(
        repository.create({
          kind: input.kind,
          unitId: input.unitId ?? null,
          userId: input.userId ?? null,
          url: input.kind === 'webhook' ? (input.url ?? null) : null,
          address: input.kind === 'email' ? (input.address ?? null) : null,
          secret: input.kind === 'webhook' ? (input.secret ?? newSecret()) : null,
          active: input.active ?? true,
        }),
      );
      return saved;
    });
    this.logger.log(
      `created ${channel.kind} channel ${channel.id} for ${channel.unitId ? `unit ${channel.unitId}` : `user ${channel.userId}`}`,
    );
    return withShownSecret(channel, channel.secret);
  }

  async update(id: string, input: UpdateChannelDto): Promise<ChannelWithSecretDto> {
    const channel = await this.load(id);
    checkTarget(channel.kind, input, this.config.outboundAllowPrivateTargets);
    if (channel.kind === 'email' && (input.secret !== undefined || input.rotateSecret)) {
      throw new ChannelTargetError('an e-mail channel has no secret');
    }
    let shown: string | null = null;
    if (input.secret !== undefined || input.rotateSecret) {
      shown = input.secret ?? newSecret();
      channel.secret = shown;
    }
    if (input.url !== undefined) channel.url = input.url;
    if (input.address !== undefined) channel.address = input.address;
    if (input.active !== undefined) channel.active = input.active;
    const saved = await this.channels.save(channel);
    this.logger.log(
      `updated channel ${id}: ${Object.keys(input)
        .filter((key) => key !== 'secret')
        .join(', ')}${shown ? ' (new secret)' : ''}`,
    );
    return withShownSecret(saved, shown);
  }

  /** Deletes the channel and its delivery history; deactivate it instead to keep the history. */
  async remove(id: string): Promise<void> {
    const result = await this.channels.delete({ id });
    if (!result.affected) throw new NotFoundError('notification_channel', id);
    this.logger.log(`deleted channel ${id}`);
  }

  private async load(id: string): Promise<NotificationChannel> {
    const channel = await this.channels.findOne({ where: { id }, select: withSecret() });
    if (!channel) throw new NotFoundError('notification_channel', id);
    return channel;
  }

  private async requireUser(id: string): Promise<void> {
    try {
      await this.users.get(id);
    } catch (error) {
      if (error instanceof NotFoundError) throw new UnknownUserError(id);
      throw error;
    }
  }
}

// `secret` is select: false; these reads need it to show it masked.
function withSecret(): FindOptionsSelect<NotificationChannel> {
  return {
    id: true,
    unitId: true,
    userId: true,
    kind: true,
    url: true,
    secret: true,
    address: true,
    active: true,
    createdAt: true,
    updatedAt: true,
  };
}

function checkTarget(
  kind: string,
  input: { url?: string; address?: string },
  allowPrivate: boolean,
): void {
  // A name is checked when a delivery connects (it may resolve elsewhere by then); an address
  // written into the URL can be refused now.
  const literal = input.url ? literalAddress(urlHost(input.url)) : null;
  if (!allowPrivate && literal && !isPublicAddress(literal)) {
    throw new DomainError(
      'invalid',
      'private_webhook_target',
      `${literal} is a private or local address; webhooks may only reach public hosts`,
    );
  }
  if (kind === 'webhook' && input.address !== undefined) {
    throw new ChannelTargetError('a webhook channel takes a url, not an address');
  }
  if (kind === 'email' && input.url !== undefined) {
    throw new ChannelTargetError('an e-mail channel takes an address, not a url');
  }
}

function urlHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

function withShownSecret(
  channel: NotificationChannel,
  secret: string | null,
): ChannelWithSecretDto {
  return { ...ChannelDto.from(channel), ...(secret ? { secret } : {}) };
}
