import { readFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';
import { type LoadConfig, type LoadResult, percentile } from './bench-kit.js';

/**
 * The load generator, run as its own process by `runLoad()` so that the API under test never
 * shares an event loop with it: autocannon for a warm-up, then for the measured period, and the
 * figures as one JSON line on stdout. Requests rotate through `config.requests`; with `once`,
 * each is sent at most once over both periods (a status move must hit a distinct task).
 */
const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadConfig;
let next = 0;
let exhausted = 0;

function take(): Request {
  if (config.once && next >= config.requests.length) {
    exhausted++;
    return { method: 'GET', path: '/exhausted' };
  }
  return config.requests[next++ % config.requests.length];
}

async function run(seconds: number, record: boolean) {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: config.url,
    connections: config.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => {
          const { method, path, headers, body } = take();
          return {
            ...request,
            method,
            path,
            body,
            headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
          };
        },
      },
    ],
  });
  if (record) {
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      times.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  }
  const result = await instance;
  return { result, times, statuses };
}

if (config.warmUpSeconds > 0) await run(config.warmUpSeconds, false);
// runLoad() starts counting the server's CPU time here.
process.stdout.write('measuring\n');
const { result, times, statuses } = await run(config.seconds, true);
times.sort((a, b) => a - b);
const ok = Object.entries(statuses)
  .filter(([status]) => status.startsWith('2'))
  .reduce((sum, [, n]) => sum + n, 0);
const figures: LoadResult = {
  connections: config.connections,
  seconds: result.duration,
  responses: times.length,
  ok,
  rps: ok / result.duration,
  p50: percentile(times, 50),
  p95: percentile(times, 95),
  p99: percentile(times, 99),
  max: times.at(-1) ?? 0,
  errors: result.errors + times.length - ok + exhausted,
  statuses,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
