import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import {
  ActiveForm,
  GroupForm,
  PasswordForm,
  UnitFilter,
  UnitForm,
  UserFilter,
  UserForm,
} from './admin-pages.form.js';
import { AdminPagesService } from './admin-pages.service.js';
import { vi } from './i18n/vi.js';
import { PageRenderer, type WebRequest } from './page-renderer.service.js';
import { WebPages } from './web-pages.decorator.js';
import { PAGES } from './web-paths.js';
import { explainRefusals, setFlash } from './web-session.js';

const texts = vi.admin;
const UNITS = `${PAGES.admin}/don-vi`;
const GROUPS = `${PAGES.admin}/nhom`;
const USERS = `${PAGES.admin}/nguoi-dung`;

/** Quản trị (admin only): the unit directory, groups of units, accounts, and the queue board. */
@WebPages()
@Roles('admin')
@Controller('quan-tri')
export class AdminPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly admin: AdminPagesService,
  ) {}

  @Get()
  async index(
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.page(request, reply, 'admin/index', texts.title, {
      counts: await this.admin.overview(),
    });
  }

  @Get('don-vi')
  async units(
    @Query() filter: UnitFilter,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.page(request, reply, 'admin/units', texts.units, {
      ...(await this.admin.unitList(filter)),
      filter,
    });
  }

  @Post('don-vi')
  async createUnit(
    @Body() form: UnitForm,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const unit = await explainRefusals(request, reply, texts.errors, PAGES.admin, () =>
      this.admin.createUnit(form),
    );
    if (unit) this.done(reply, UNITS, 'unit-new', texts.unitCreated);
  }

  @Get('don-vi/:id')
  async unit(
    @UuidParam() id: string,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const view = await this.admin.unit(id);
    return this.pages.page(request, reply, 'admin/unit', texts.editUnit, view);
  }

  @Post('don-vi/:id')
  async updateUnit(
    @UuidParam() id: string,
    @Body() form: UnitForm,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const unit = await explainRefusals(request, reply, texts.errors, PAGES.admin, () =>
      this.admin.updateUnit(id, form),
    );
    if (unit) this.done(reply, UNITS, `unit-${id}`, texts.unitSaved);
  }

  @Get('nhom')
  async groups(
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.page(request, reply, 'admin/groups', texts.groups, {
      ...(await this.admin.groupList()),
    });
  }

  @Post('nhom')
  async createGroup(
    @Body() form: GroupForm,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const group = await explainRefusals(request, reply, texts.errors, PAGES.admin, () =>
      this.admin.createGroup(form),
    );
    if (group) this.done(reply, GROUPS, 'group-new', texts.groupCreated);
  }

  @Get('nhom/:id')
  async group(
    @UuidParam() id: string,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.page(request, reply, 'admin/group', texts.editGroup, {
      ...(await this.admin.group(id)),
    });
  }

  @Post('nhom/:id')
  async updateGroup(
    @UuidParam() id: string,
    @Body() form: GroupForm,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const group = await explainRefusals(request, reply, texts.errors, PAGES.admin, () =>
      this.admin.updateGroup(id, form),
    );
    if (group) this.done(reply, GROUPS, `group-${id}`, texts.groupSaved);
  }

  @Get('nguoi-dung')
  async users(
    @Query() filter: UserFilter,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.page(request, reply, 'admin/users', texts.users, {
      ...(await this.admin.userList(filter)),
      filter,
    });
  }

  @Post('nguoi-dung')
  async createUser(
    @Body() form: UserForm,
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = await explainRefusals(request, reply, texts.errors, PAGES.admin, () =>
      this.admin.createUser(form),
    );
    if (user) this.done(reply, USERS, 'user-new', texts.userCreated);
  }

  @Post('nguoi-dung/:id/trang-thai')
  async setActive(
    @UuidParam() id: string,
    @Body() form: ActiveForm,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const active = form.active === 'true';
    await this.admin.setUserActive(id, active);
    this.done(reply, USERS, `user-${id}`, active ? texts.reactivated : texts.deactivated);
  }

  @Post('nguoi-dung/:id/mat-khau')
  async resetPassword(
    @UuidParam() id: string,
    @Body() form: PasswordForm,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.admin.resetPassword(id, form.password);
    this.done(reply, USERS, `password-${id}`, texts.passwordReset);
  }

  private done(reply: FastifyReply, to: string, form: string, text: string): void {
    setFlash(reply, { kind: 'ok', text, form });
    void reply.redirect(to, 303);
  }
}
