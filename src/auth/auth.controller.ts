import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { UsersService } from '../users/users.service.js';
import { MeDto } from '../users/user.dto.js';
import { AnyRole, type AuthUser, CurrentUser, Public } from './auth.decorators.js';
import { LoginDto, LoginResponseDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Đăng nhập. Rate limited per client address; every failure is the same 401. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-in attempts from this address' })
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.username, body.password);
  }

  @AnyRole()
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return MeDto.from(await this.users.getWithUnit(user.id));
  }
}
