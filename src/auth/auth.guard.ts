import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../core/access/role.js';
import {
  type AuthUser,
  COOKIE_SESSION_KEY,
  PUBLIC_KEY,
  ROLES_KEY,
  SESSION_COOKIE,
} from '../core/access/access.decorators.js';
import { NotSignedInError, RoleForbiddenError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { RouteMetadataCache } from './route-metadata-cache.js';

interface RouteAccess {
  isPublic: boolean;
  cookieSession: boolean;
  roles: Role[] | undefined;
}

/**
 * Global guard, deny by default: a route is open only when marked `@Public()`, and otherwise
 * admits a valid access token whose session is live and whose user is still active and holds one
 * of the route's `@Roles()`. Session and user are reloaded on every request, so a sign-out, a
 * deactivation or a role change takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly routes = new RouteMetadataCache<RouteAccess>((targets) => ({
    isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
    cookieSession: this.reflector.getAllAndOverride<boolean>(COOKIE_SESSION_KEY, targets) ?? false,
    roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
  }));

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.routes.of(context);
    if (route.isPublic) return true;

    const request = context.switchToHttp().getRequest<
      {
        headers: Record<string, string | undefined>;
        user?: AuthUser;
      } & AuthenticatedRequest
    >();
    // A Bearer token, when given, is the credential and the cookie is not consulted; any other
    // Authorization scheme (Basic, Negotiate …) is no credential here, so the cookie decides, and
    // a cookie-signed request needs its anti-forgery token whatever other headers it carries.
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const cookie =
      bearer === undefined && route.cookieSession
        ? cookieValue(request.headers.cookie, SESSION_COOKIE)
        : undefined;
    const token = bearer ?? cookie;
    if (!token) throw new NotSignedInError();
    const user = await this.auth.authenticate(token);
    request.user = user;
    request.authenticatedBy = bearer !== undefined ? 'bearer' : { cookie: token };

    if (!route.roles?.includes(user.role)) throw new RoleForbiddenError();
    return true;
  }
}

/**
 * How the auth guard signed a request in, recorded on the request for the anti-forgery guard:
 * `'bearer'` (a header another site cannot make a browser send), or the session cookie's token.
 * Absent on `@Public()` routes and before the guard has run.
 */
export type AuthenticatedBy = 'bearer' | { cookie: string };

export interface AuthenticatedRequest {
  authenticatedBy?: AuthenticatedBy;
}

/** One cookie's value from a Cookie header (no cookie plugin is needed to read one name). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length > 0) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
