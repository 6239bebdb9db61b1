import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { query } from '../support/test-database.js';

/** One registered route: the method and Fastify's pattern (`/api/tasks/:id`). */
export interface Route {
  method: string;
  pattern: string;
}

const LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/;

/**
 * Every route the booted app has registered, read from Fastify's own route tree
 * (`printRoutes`), so controllers, plugins (Swagger UI, Bull Board) and web pages all appear
 * whoever registered them. HEAD routes Fastify adds for each GET are listed too.
 */
export function routeTable(app: NestFastifyApplication): Route[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: Route[] = [];
  for (const line of tree.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const pattern = (depth > 0 ? prefixes[depth - 1] : '') + match[2];
    prefixes[depth] = pattern;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== '-') routes.push({ method, pattern });
    }
  }
  if (routes.length < 10) throw new Error(`route table not understood:\n${tree}`);
  return routes;
}

/** The names of a pattern's parameters (`:id`, `*`). */
export function parametersOf(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*');
}

/** Fills a pattern's parameters. */
export function fill(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z0-9_]+)|\*/g, (whole, name: string | undefined) => {
    const value = params[name ?? '*'];
    if (value === undefined) throw new Error(`no value for ${whole} in ${pattern}`);
    // A wildcard takes a path; a named parameter one segment.
    return name === undefined ? encodeURI(value) : encodeURIComponent(value);
  });
}

/**
 * A fingerprint of every table's content (md5 over the rows in a stable order), per table, so a
 * difference names the table. Tables matching `ignore` are left out.
 */
export async function databaseFingerprint(
  database: string,
  ignore: RegExp = /^$/,
): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    database,
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const names = tables.map((table) => table.name).filter((name) => !ignore.test(name));
  const sql = names
    .map(
      (name) =>
        `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') AS digest FROM "${name}" t`,
    )
    .join(' UNION ALL ');
  const rows = await query<{ name: string; digest: string }>(database, sql);
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}
