import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AnyRole, type AuthUser, CurrentUser, Public } from '../core/access/access.decorators.js';
import { InvalidCredentialsError } from '../auth/auth.errors.js';
import { AuthService } from '../auth/auth.service.js';
import { RateLimit } from '../auth/rate-limit.guard.js';
import { requestOrigin } from '../core/http/same-origin.js';
import { vi } from './i18n/vi.js';
import { homeOf, PageRenderer, type WebRequest } from './page-renderer.service.js';
import { WebForm } from './web-form.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { clearSession, localPath, refreshToken, setFlash, setSession } from './web-session.js';

class SignInForm extends WebForm {
  @IsString() @MaxLength(100) username: string;
  @IsString() @MaxLength(200) password: string;
  @IsOptional() @IsString() @MaxLength(500) next?: string;
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
  @RateLimit('login')
  @Post('dang-nhap')
  async signIn(
    @Body() form: SignInForm,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    // Login CSRF: another site's form would sign this browser in as the attacker (whose account
    // then collects what the victim types). A browser always says where a POST comes from; a
    // request saying neither (curl, a script) cannot carry a victim's browser, so it may pass.
    if (requestOrigin(request) === 'cross-site') {
      return this.pages.page(
        request,
        reply,
        'sign-in',
        vi.signIn.title,
        { next: '', username: '', message: vi.signIn.crossSite, messageKind: 'error' },
        403,
      );
    }
    try {
      const session = await this.auth.login(form.username, form.password);
      setSession(request, reply, session);
      void reply.redirect(localPath(form.next, homeOf(session.user.role)), 303);
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

  /** Ends the session itself (its refresh token is revoked), not only this browser's cookies. */
  @Public()
  @Post('dang-xuat')
  async signOut(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const refresh = refreshToken(request);
    if (refresh) await this.auth.logout(refresh);
    clearSession(reply);
    setFlash(reply, { kind: 'ok', text: vi.signIn.signedOut });
    void reply.redirect(PAGES.signIn, 303);
  }
}
