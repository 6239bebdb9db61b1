import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/access/access.decorators.js';
import { AuditPageDto, AuditEntryDto, AuditQuery } from './audit.dto.js';
import { AuditService } from './audit.service.js';

/** Nhật ký thao tác: the trail of every change made through the API; admins only, read-only. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQuery): Promise<AuditPageDto> {
    const page = await this.audit.list(query);
    return { ...page, items: page.items.map((row) => AuditEntryDto.from(row)) };
  }
}
