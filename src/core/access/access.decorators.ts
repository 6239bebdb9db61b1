import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from './role.js';

export const PUBLIC_KEY = 'dondoc:public';
export const ROLES_KEY = 'dondoc:roles';
export const COOKIE_SESSION_KEY = 'dondoc:cookie-session';

/** The cookie that carries the session token of the web pages (and of the queue board). */
export const SESSION_COOKIE = 'dondoc_token';

/** Open to anyone, signed in or not (sign-in itself, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The roles a route admits. The global guard denies every route that names none, so a forgotten
 * decorator locks a route rather than opening it.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Routes of the web pages: the guard also takes the session token from the `dondoc_token`
 * cookie (the API itself takes only `Authorization: Bearer`, so a cookie cannot act on it).
 */
export const CookieSession = () => SetMetadata(COOKIE_SESSION_KEY, true);

/** Any signed-in user; object-level checks in the service still apply. */
export const AnyRole = () => Roles(...ROLES);

/** The signed-in user, as the guard loaded it for this request. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  unitId: string;
  /**
   * The issuing body the user acts for: the nearest committee or department up the tree from
   * `unitId` (`units/unit-body.ts`). Chairs and clerks act on its directives (`body-scope.ts`).
   */
  bodyId: string;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
