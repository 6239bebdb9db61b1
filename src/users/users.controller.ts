import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/access/access.decorators.js';
import type { Page } from '../core/http/pagination.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { CreateUserDto, UpdateUserDto, UserDto, UserListQuery } from './user.dto.js';
import { UsersService } from './users.service.js';

/** Account administration (Quản trị người dùng): admins only. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Query() query: UserListQuery): Promise<Page<UserDto>> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map((user) => UserDto.from(user)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  async get(@UuidParam() id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(id));
  }

  @Post()
  @ApiOkResponse({ type: UserDto })
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(body));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  async update(@UuidParam() id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.update(id, body));
  }
}
