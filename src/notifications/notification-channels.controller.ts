import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/access/access.decorators.js';
import type { Page } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import {
  ChannelDto,
  ChannelListQuery,
  ChannelWithSecretDto,
  CreateChannelDto,
  UpdateChannelDto,
} from './notifications.dto.js';
import { NotificationChannelsService } from './notification-channels.service.js';

/** Outbound channels (webhook, e-mail) for units and users; admins only. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly channels: NotificationChannelsService) {}

  @Roles('admin')
  @Get()
  list(@Query() query: ChannelListQuery): Promise<Page<ChannelDto>> {
    return this.channels.list(query);
  }

  @Roles('admin')
  @Get(':id')
  @ApiOkResponse({ type: ChannelDto })
  get(@UuidParam() id: string): Promise<ChannelDto> {
    return this.channels.get(id);
  }

  /** A webhook's answer carries its secret in full, this once. */
  @Roles('admin')
  @Post()
  @ApiOkResponse({ type: ChannelWithSecretDto })
  create(@Body() body: CreateChannelDto): Promise<ChannelWithSecretDto> {
    return this.channels.create(body);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: ChannelWithSecretDto })
  update(@UuidParam() id: string, @Body() body: UpdateChannelDto): Promise<ChannelWithSecretDto> {
    return this.channels.update(id, body);
  }

  /** Deletes the channel with its delivery history; PATCH `active: false` keeps the history. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string): Promise<void> {
    return this.channels.remove(id);
  }
}
