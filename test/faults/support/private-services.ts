import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from '../../support/processes.js';

// Fault tests stop, flush and restart their services. The shared PostgreSQL and Redis serve other
// engineers' tests at the same time, so every fault here happens to a private server of the
// test's own, on a free port, removed at the end.

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PrivateRedis {
  url: string;
  port: number;
  /** A client for assertions (its own connection; closed by `destroy`). */
  client: Redis;
  /** Kills the server (SIGKILL: an outage, not a clean shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port (and, with `persistent`, the same data). */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A private `redis-server` on a free port. `persistent` keeps an append-only file fsynced on every
 * write in a temp directory, as the compose file's Redis does, so a restart comes back with the
 * queues; otherwise a restart comes back empty. `policy` is its maxmemory-policy.
 */
export async function startPrivateRedis(
  options: { persistent?: boolean; policy?: string } = {},
): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    options.policy ?? 'noeviction',
    '--daemonize',
    'no',
    ...(options.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
  ];
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const url = `redis://127.0.0.1:${port}`;

  const start = async () => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    server = child;
    exited = new Promise((done) => child.once('exit', () => done()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        // With an append-only file, Redis answers LOADING until it has read it back.
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`private redis-server on ${port} did not start`);
      await sleep(50);
    }
  };
  await start();
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => undefined);

  return {
    url,
    port,
    client,
    async kill() {
      server?.kill('SIGKILL');
      await exited;
      server = null;
    },
    start,
    async destroy() {
      client.disconnect();
      server?.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  port: number;
  /** A connection URL to one database of this cluster. */
  url(database: string): string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(
    database: string,
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * The newest PostgreSQL installed the Debian way (`/usr/lib/postgresql/<major>/bin`), so the
 * private cluster runs the major version this machine's server runs, whichever it is.
 */
function installedPostgresBin(root = '/usr/lib/postgresql'): string {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error(`no PostgreSQL server under ${root}: install one, or set TEST_PG_BIN`);
  }
  return join(root, majors[0], 'bin');
}

/**
 * A private PostgreSQL cluster (initdb into a temp directory owned by `postgres`, trust auth,
 * listening on 127.0.0.1 and a free port). Needs to run as root or as `postgres`.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = process.env.TEST_PG_BIN ?? installedPostgresBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-pg-'));
  const asRoot = process.getuid?.() === 0;
  const pgUser = async (command: string, args: string[]) => {
    if (!asRoot) return run(join(bin, command), args);
    const quoted = [join(bin, command), ...args].map((part) => `'${part}'`).join(' ');
    return run('su', ['postgres', '-c', quoted]);
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(group.trim()));
  }
  await pgUser('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = async () => {
    await pgUser('pg_ctl', [
      '-D',
      dir,
      '-o',
      options,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
    ]);
  };
  const stop = async () => {
    await pgUser('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async query<T extends pg.QueryResultRow>(
      database: string,
      sql: string,
      params: unknown[] = [],
    ) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    stop,
    start,
    async destroy() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
