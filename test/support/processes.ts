import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { waitFor } from './wait-for.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningProcess {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
  signal: () => NodeJS.Signals | null;
}

/** Starts a built entry point (`dist/src/main.js` …) with the given environment on Node 24. */
export function startBuilt(entry: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [resolve(ROOT, 'dist', entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let signal: NodeJS.Signals | null = null;
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code, by) => {
      signal = by;
      done(code);
    }),
  );
  return { child, output: () => ({ stdout, stderr }), exited, signal: () => signal };
}

/** Runs a built entry point to its end, killing it after `timeoutMs`. */
export async function runBuilt(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const running = startBuilt(entry, env);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await running.exited;
    return { code, ...running.output(), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

export async function stop(running: RunningProcess): Promise<void> {
  if (running.child.exitCode !== null) return;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
  await running.exited;
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

/** Polls a URL until it answers `status`, or fails after `timeoutMs`. */
export async function waitForHttp(url: string, status = 200, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `${url} to answer ${status}`,
    async () => {
      try {
        return (await fetch(url)).status === status;
      } catch {
        return false; // not listening yet
      }
    },
    { timeout: timeoutMs, interval: 200 },
  );
}
