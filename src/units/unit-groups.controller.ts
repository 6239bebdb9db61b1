import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../core/access/access.decorators.js';
import { type Page, PageQuery } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { CreateUnitGroupDto, UnitGroupDto, UpdateUnitGroupDto } from './unit-group.dto.js';
import { UnitGroupsService } from './unit-groups.service.js';

/** Named sets of units that directives address as one body ("các xã, thị trấn"). */
@ApiTags('unit-groups')
@ApiBearerAuth()
@Controller('unit-groups')
export class UnitGroupsController {
  constructor(private readonly groups: UnitGroupsService) {}

  @AnyRole()
  @Get()
  async list(@Query() query: PageQuery): Promise<Page<UnitGroupDto>> {
    const page = await this.groups.list(query);
    return { ...page, items: page.items.map((group) => UnitGroupDto.from(group)) };
  }

  @AnyRole()
  @Get(':id')
  @ApiOkResponse({ type: UnitGroupDto })
  async get(@UuidParam() id: string): Promise<UnitGroupDto> {
    return UnitGroupDto.from(await this.groups.get(id), true);
  }

  @Roles('admin')
  @Post()
  @ApiOkResponse({ type: UnitGroupDto })
  async create(@Body() body: CreateUnitGroupDto): Promise<UnitGroupDto> {
    return UnitGroupDto.from(await this.groups.create(body), true);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: UnitGroupDto })
  async update(@UuidParam() id: string, @Body() body: UpdateUnitGroupDto): Promise<UnitGroupDto> {
    return UnitGroupDto.from(await this.groups.update(id, body), true);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string): Promise<void> {
    return this.groups.remove(id);
  }
}
