import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CookieSession } from '../core/access/access.decorators.js';
import { CsrfGuard } from '../auth/csrf.guard.js';
import { WebErrorFilter } from './web-error.filter.js';

/**
 * A controller of web pages: signed in by the session cookie through the same global guard
 * and roles as the API, forms checked against forgery, errors answered as pages (sign-in
 * redirect, 403 and 404 pages, the message on the form's page), and kept out of the API docs.
 */
export const WebPages = () =>
  applyDecorators(
    CookieSession(),
    UseGuards(CsrfGuard),
    UseFilters(WebErrorFilter),
    ApiExcludeController(),
  );
