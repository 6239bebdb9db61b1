import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/access/access.decorators.js';
import type { Page } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { DeliveryDto, DeliveryListQuery } from './notifications.dto.js';
import { OutboundDeliveriesService } from './outbound-deliveries.service.js';

/** Outbound deliveries and their failures (`?status=failed`); admins only. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('outbound-deliveries')
export class OutboundDeliveriesController {
  constructor(private readonly deliveries: OutboundDeliveriesService) {}

  @Roles('admin')
  @Get()
  list(@Query() query: DeliveryListQuery): Promise<Page<DeliveryDto>> {
    return this.deliveries.list(query);
  }

  /** Sends a failed delivery again, with a fresh round of attempts. */
  @Roles('admin')
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliveryDto })
  retry(@UuidParam() id: string): Promise<DeliveryDto> {
    return this.deliveries.retry(id);
  }
}
