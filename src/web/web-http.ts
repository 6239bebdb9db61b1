import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import cookie from '@fastify/cookie';
import staticFiles from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../core/config/app-config.js';
import { PAGE_ROUTES_WITHOUT_API_PREFIX, PAGES } from './web-paths.js';

/** The one file of Chart.js the pages load, served from node_modules (no CDN). */
const CHART_JS = 'chart.umd.min.js';

/**
 * What the web pages need from the HTTP server (Nest already parses plain form posts): cookies
 * (signed ones too), their own files
 * under /static (every asset is served here: closed government networks reach no CDN), and
 * their addresses outside the API's `/api` prefix. Returns the routes to keep unprefixed.
 */
export async function prepareWebPages(app: NestFastifyApplication) {
  // Signed cookies (the flash message) use a key of their own, derived from the JWT secret.
  const jwtSecret = app.get(AppConfig, { strict: false }).jwtSecret;
  await app.register(cookie, {
    secret: createHmac('sha256', jwtSecret).update('dondoc signed cookies').digest(),
  });
  await app.register(staticFiles, {
    root: join(import.meta.dirname, 'public'),
    prefix: `${PAGES.assets}/`,
    maxAge: '1h',
    index: false,
  });
  const chartDir = dirname(createRequire(import.meta.url).resolve('chart.js'));
  await app.register(staticFiles, {
    root: chartDir,
    prefix: `${PAGES.assets}/vendor/`,
    decorateReply: false,
    maxAge: '1d',
    index: false,
    allowedPath: (path) => path === `/${CHART_JS}`,
  });
  return PAGE_ROUTES_WITHOUT_API_PREFIX;
}

/**
 * The pages' Content-Security-Policy: nothing from elsewhere, no inline script or style, forms
 * post only here. (The API's JSON and the docs keep helmet's other headers.)
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');
