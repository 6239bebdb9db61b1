import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { AppModule } from '../src/app.module.js';
import { dataSourceOptions } from '../src/app/data-source.js';
import { createHttpApp } from '../src/app/http-app.js';
import { validateEnvironment } from '../src/core/config/environment.js';
import { createRootLogger } from '../src/core/logging/logger.js';
import { runMigrationsLocked } from '../src/core/database/database-bootstrap.js';
import { writeReport } from './report.js';

/**
 * What the benchmarks share: their own databases on the shared server (names start with
 * `dondoc_bench_`, never a test database), the API and helpers as separate processes, the
 * autocannon load generator as a child process, peak RSS from /proc, and the results file each
 * benchmark writes for `docs/benchmarks.md`.
 */
export const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The worktree root (this file runs from dist/bench). */
export const ROOT = resolve(import.meta.dirname, '../..');
export const JWT_SECRET = randomBytes(32).toString('hex');
export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One SQL statement on the server's `postgres` database (CREATE/DROP DATABASE …). */
export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, migrated database of this name (dropped first if a previous run left it). */
export async function freshDatabase(name: string): Promise<string> {
  if (!/^dondoc_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database: ${name}`);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = `${SERVER}/${name}`;
  await runMigrationsLocked(dataSourceOptions(url));
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  if (process.env.BENCH_KEEP_DATABASE) return console.log(`kept database ${name}`);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** p-th percentile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function spawnNode(
  args: string[],
  env: Record<string, string>,
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Ho_Chi_Minh', ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export async function waitFor(url: string, timeoutMs = 60_000, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The peak resident set (VmHWM) of a process, in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export interface Server {
  base: string;
  child: ChildProcess;
  stderr: () => string;
}

/** Starts a built entry point that serves HTTP on `port` and waits until `readyPath` answers. */
export async function startServer(
  entry: string,
  env: Record<string, string>,
  port: number,
  readyPath: string,
): Promise<Server> {
  const child = spawnNode([entry], env);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}${readyPath}`, 60_000, child);
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${entry} did not start: ${String(error)}\n${stderr}`, { cause: error });
  }
  return { base, child, stderr: () => stderr };
}

/**
 * The real API (`dist/src/main.js`) on a free port, as in production: NODE_ENV=production,
 * request logs on (to /dev/null), no worker inside; sign-in rate limit raised for the set-up.
 */
export async function startApi(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Promise<Server & { prefix: string }> {
  const port = await freePort();
  const prefix = `dondoc_bench_${randomBytes(3).toString('hex')}`;
  const server = await startServer(
    'dist/src/main.js',
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      MIGRATIONS_RUN: 'false',
      RUN_WORKER: 'false',
      LOGIN_RATE_LIMIT: '1000',
      // Load from a handful of users: the API-wide limit would answer 429 to the load itself.
      API_RATE_LIMIT: '0',
      UPLOAD_RATE_LIMIT: '100000',
      EVIDENCE_DIR: join(tmpdir(), `${prefix}-evidence`),
      // e.g. BENCH_API_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the API.
      ...(process.env.BENCH_API_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS }
        : {}),
      ...extra,
    },
    port,
    '/api/health/live',
  );
  return { ...server, prefix };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const reply = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await reply.json()) as { accessToken?: string };
  if (!reply.ok || !body.accessToken)
    throw new Error(`login ${username}: ${reply.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadConfig {
  url: string;
  connections: number;
  warmUpSeconds: number;
  seconds: number;
  requests: LoadRequest[];
  /** Send each request at most once (warm-up included). */
  once?: boolean;
}

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  responses: number;
  ok: number;
  /** 2xx responses per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors, timeouts and non-2xx responses. */
  errors: number;
  statuses: Record<string, number>;
  /** CPU ms per 2xx response of the process under load (noise-resistant on a shared machine). */
  cpuMsPerRequest?: number;
}

/**
 * Runs autocannon in a child process (`load-generator.ts`) against `config.url`; with `serverPid`, also
 * the CPU time that process spent per successful request over the measured period.
 */
export async function runLoad(config: LoadConfig, serverPid?: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-load-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  try {
    const child = spawnNode(['dist/bench/load-generator.js', file], {}, 'pipe');
    let stdout = '';
    let stderr = '';
    let cpuAtStart = NaN;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (serverPid && Number.isNaN(cpuAtStart) && stdout.includes('measuring\n'))
        cpuAtStart = cpuMs(serverPid);
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    const cpuAtEnd = serverPid ? cpuMs(serverPid) : NaN;
    if (code !== 0) throw new Error(`load generator failed (${code}): ${stderr}`);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
    if (serverPid) result.cpuMsPerRequest = (cpuAtEnd - cpuAtStart) / Math.max(1, result.ok);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** A markdown table row of load figures. */
export function loadRow(label: string, r: LoadResult, rssMb?: number): string {
  const cpu = r.cpuMsPerRequest === undefined ? '–' : r.cpuMsPerRequest.toFixed(3);
  return `| ${label} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${cpu} | ${rssMb === undefined ? '–' : rssMb.toFixed(0)} |`;
}

export const LOAD_HEADER = [
  '| run | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/req | peak RSS MB |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

export function printLoad(label: string, r: LoadResult, rssMb?: number): void {
  console.log(
    `${label}: ${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms, p99 ${ms(r.p99)} ms, ` +
      `errors ${r.errors} (${JSON.stringify(r.statuses)})` +
      `${r.cpuMsPerRequest === undefined ? '' : `, server CPU ${r.cpuMsPerRequest.toFixed(3)} ms/req`}${rssMb === undefined ? '' : `, peak RSS ${rssMb.toFixed(0)} MB`}`,
  );
}

export interface Target {
  what: string;
  measured: string;
  target: string;
  met: boolean;
}

export interface BenchSection {
  name: string;
  title: string;
  command: string;
  /** Markdown: what was measured, how, and the figures. */
  body: string[];
  targets: Target[];
}

export interface BenchResult extends BenchSection {
  ranAt: string;
  node: string;
  cpus: number;
}

export const RESULTS_DIR = resolve(ROOT, 'bench/results');

/** Saves a benchmark's results and regenerates docs/benchmarks.md from all saved results. */
export function saveResults(section: BenchSection): void {
  const result: BenchResult = {
    ...section,
    ranAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    node: process.version,
    cpus: cpus().length,
  };
  writeFileSync(
    resolve(RESULTS_DIR, `${section.name}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  for (const target of section.targets) {
    console.log(
      `${target.met ? 'MET   ' : 'MISSED'} ${target.what}: ${target.measured} (target ${target.target})`,
    );
  }
  writeReport();
}

/**
 * The API in this process on 127.0.0.1 over a bench database (`url`, already migrated and seeded),
 * with a token of `username`: for benches that time single requests without a load generator.
 */
export async function startInProcessApi(
  url: string,
  username: string,
  password = 'bench1234',
): Promise<{ app: Awaited<ReturnType<typeof createHttpApp>>; base: string; token: string }> {
  const env = validateEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: `dondoc_bench_${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'warn',
    MIGRATIONS_RUN: 'false',
  });
  const app = await createHttpApp(
    AppModule.register(env),
    createRootLogger('warn', 'dondoc-bench'),
    { trustProxy: false },
  );
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, base, token: await login(base, username, password) };
}

/**
 * Whether the bench database `name` holds a complete seed: seeding benches mark it with
 * `COMMENT ON DATABASE … IS '<mark>'` once done, so a later run reuses it.
 */
export async function seededAlready(name: string, mark: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ mark: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
      [name],
    );
    return rows[0]?.mark === mark;
  } finally {
    await client.end();
  }
}
