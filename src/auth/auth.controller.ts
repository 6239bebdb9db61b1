import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBody } from '../core/http/error-body.js';
import { MeDto } from '../users/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { AnyRole, type AuthUser, CurrentUser, Public } from '../core/access/access.decorators.js';
import { LoginDto, RefreshDto, SessionDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { RateLimit } from './rate-limit.guard.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Đăng nhập. Rate limited per client address; every failure is the same 401. */
  @Public()
  @RateLimit('login')
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many sign-in attempts' })
  login(@Body() body: LoginDto): Promise<SessionDto> {
    return this.auth.login(body.username, body.password);
  }

  /** New tokens for a refresh token, which is spent; a spent one presented again ends the session. */
  @Public()
  // Open: the refresh token in the body is the credential. `security: []` says so in OpenAPI.
  @ApiOperation({ security: [] })
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ type: ErrorBody, description: 'invalid_refresh_token' })
  refresh(@Body() body: RefreshDto): Promise<SessionDto> {
    return this.auth.refresh(body.refreshToken);
  }

  /** Đăng xuất: ends the refresh token's session and its access tokens. 204 even when already ended. */
  @Public()
  @ApiOperation({ security: [] })
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @AnyRole()
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return MeDto.from(await this.users.getWithUnit(user.id));
  }
}
