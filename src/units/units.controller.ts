import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { CreateUnitDto, UnitDto, UnitListDto, UnitListQuery, UpdateUnitDto } from './unit.dto.js';
import { type UnitResolution, UnitResolverService } from './unit-resolver.service.js';
import { UnitsService } from './units.service.js';

class ResolveQuery {
  @ApiProperty({ example: 'Ủy ban nhân dân các xã, thị trấn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name: string;
}

/** The unit directory (danh mục đơn vị): everyone signed in reads it, admins change it. */
@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly resolver: UnitResolverService,
  ) {}

  @AnyRole()
  @Get()
  @ApiOkResponse({ type: UnitListDto })
  async list(@Query() query: UnitListQuery): Promise<UnitListDto> {
    const page = await this.units.list(query);
    return { ...page, items: page.items.map((unit) => UnitDto.from(unit)) };
  }

  /** Which units a body's name stands for, as a directive of the caller's body writes it. */
  @Roles('admin', 'clerk', 'chair')
  @Get('resolve')
  resolve(@Query() query: ResolveQuery, @CurrentUser() user: AuthUser): Promise<UnitResolution> {
    return this.resolver.resolve(query.name, user.bodyId);
  }

  @AnyRole()
  @Get(':id')
  @ApiOkResponse({ type: UnitDto })
  async get(@UuidParam() id: string): Promise<UnitDto> {
    return UnitDto.from(await this.units.get(id));
  }

  @Roles('admin')
  @Post()
  @ApiOkResponse({ type: UnitDto })
  async create(@Body() body: CreateUnitDto): Promise<UnitDto> {
    return UnitDto.from(await this.units.create(body));
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: UnitDto })
  async update(@UuidParam() id: string, @Body() body: UpdateUnitDto): Promise<UnitDto> {
    return UnitDto.from(await this.units.update(id, body));
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string): Promise<void> {
    return this.units.remove(id);
  }
}
