import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../core/access/access.decorators.js';
import { AppConfig } from '../core/config/app-config.js';
import { Clock } from '../core/clock.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { Role } from '../core/access/role.js';
import * as format from './format.js';
import { vi } from './i18n/vi.js';
import { csrfTokenFor } from '../auth/csrf.guard.js';
import { type Flash, sessionToken, takeFlash } from './web-session.js';
import { PAGE_CSP } from './web-http.js';
import { PAGES } from './web-paths.js';

export type WebRequest = FastifyRequest & { user?: AuthUser };

interface NavItem {
  href: string;
  label: string;
}

/** Everything a template sees besides its own data, as `it.page`. */
export interface PageContext {
  title: string;
  user: AuthUser | null;
  nav: NavItem[];
  unread: number;
  csrf: string;
  flash: Flash | null;
  path: string;
  status: number;
}

const NAV: Record<Role, Array<keyof typeof vi.nav>> = {
  unit_officer: ['myTasks', 'notifications'],
  unit_head: ['myTasks', 'notifications'],
  clerk: ['directives', 'import', 'review', 'overview', 'notifications'],
  chair: ['overview', 'review', 'directives', 'notifications'],
  admin: ['admin', 'directives', 'overview', 'notifications'],
};
const NAV_HREF: Partial<Record<keyof typeof vi.nav, string>> = {
  myTasks: PAGES.tasks,
  directives: PAGES.directives,
  import: PAGES.importDirective,
  overview: PAGES.overview,
  review: PAGES.review,
  notifications: PAGES.notifications,
  admin: PAGES.admin,
};

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
  return NAV_HREF[NAV[role][0]] ?? PAGES.tasks;
}

/**
 * Renders the pages: Eta templates under `views/` (escaped by default), inside one layout with
 * the header, the role's menu, the unread count and the one-shot message.
 */
@Injectable()
export class PageRenderer {
  private readonly eta: Eta;

  constructor(
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {
    this.eta = new Eta({
      views: join(import.meta.dirname, 'views'),
      cache: config.get('NODE_ENV') !== 'development',
      autoEscape: true,
    });
  }

  /** A whole page; `data` is the template's own, `title` its heading. */
  async page(
    request: WebRequest,
    reply: FastifyReply,
    view: string,
    title: string,
    data: object = {},
    status = 200,
  ): Promise<string> {
    const user = request.user ?? null;
    const session = sessionToken(request);
    const page: PageContext = {
      title,
      user,
      nav: user
        ? NAV[user.role].map((key) => ({
            href: NAV_HREF[key] ?? '/',
            label: vi.nav[key],
          }))
        : [],
      unread: user ? await this.notifications.unreadCount(user.id) : 0,
      csrf: session ? csrfTokenFor(this.config.jwtSecret, session) : '',
      flash: takeFlash(request, reply),
      path: request.url,
      status,
    };
    void reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', PAGE_CSP);
    return this.eta.renderAsync(view, {
      ...data,
      page,
      t: vi,
      fmt: format,
      now: this.clock.now(),
      paths: PAGES,
    });
  }
}
