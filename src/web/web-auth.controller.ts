import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser, Public } from '../auth/auth.decorators.js';
import { InvalidCredentialsError } from '../auth/auth.errors.js';
import { AuthService } from '../auth/auth.service.js';
import { vi } from './i18n/vi.js';
import { homeOf, PageRenderer, type WebRequest } from './page-renderer.service.js';
import { WebForm } from './web-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { clearSession, localPath, setFlash, setSession } from './web-session.js';

class SignInForm extends WebForm {
  @IsString() @MaxLength(100) username: string;
  @IsString() @MaxLength(200) password: string;
  @IsOptional() @IsString() @MaxLength(500) next?: string;
}

/** Seconds until a JWT expires, read from its own claims (it was just issued here). */
function secondsLeft(token: string, now: number): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    exp?: number;
  };
  return payload.exp ? Math.max(0, payload.exp - Math.floor(now / 1000)) : 3600;
}

/** Đăng nhập / đăng xuất, and the front door that sends each role to its own page. */
@WebPages()
@Controller()
export class WebAuthController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
  ) {}

  @AnyRole()
  @Get()
  home(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): void {
    void reply.redirect(homeOf(user.role), 303);
  }

  @Public()
  @Get('dang-nhap')
  signInPage(
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('next') next?: string,
    @Query('expired') expired?: string,
  ): Promise<string> {
    return this.pages.page(request, reply, 'sign-in', vi.signIn.title, {
      next: localPath(next, ''),
      username: '',
      message: expired ? vi.signIn.expired : '',
      messageKind: 'error',
    });
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('dang-nhap')
  async signIn(
    @Body() form: SignInForm,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    try {
      const { accessToken, user } = await this.auth.login(form.username, form.password);
      setSession(request, reply, accessToken, secondsLeft(accessToken, Date.now()));
      void reply.redirect(localPath(form.next, homeOf(user.role)), 303);
      return undefined;
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      return this.pages.page(
        request,
        reply,
        'sign-in',
        vi.signIn.title,
        {
          next: localPath(form.next, ''),
          username: form.username,
          message: vi.signIn.failed,
          messageKind: 'error',
        },
        401,
      );
    }
  }

  @Public()
  @Post('dang-xuat')
  signOut(@Res() reply: FastifyReply): void {
    clearSession(reply);
    setFlash(reply, { kind: 'ok', text: vi.signIn.signedOut });
    void reply.redirect(PAGES.signIn, 303);
  }
}
