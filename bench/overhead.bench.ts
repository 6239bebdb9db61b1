import {
  LOAD_HEADER,
  type LoadResult,
  freePort,
  freshDatabase,
  dropDatabase,
  loadRow,
  peakRssMb,
  printLoad,
  runLoad,
  saveResults,
  startApi,
  startServer,
  stopProcess,
} from './bench-kit.js';

/**
 * `npm run bench:overhead`: `GET /api/health/live` (no I/O) through the whole app — Fastify under
 * Nest, request ids and logs, the global auth guard, the error filter — against a bare Fastify
 * server answering the same JSON, each in its own process, 50 connections, 3 s warm-up, 10 s
 * measured, alternated twice so drift on a shared machine hits both alike. Target ≥ 70% of bare.
 */
const CONNECTIONS = 50;
const WARM_UP = 2;
const SECONDS = 5;
const ROUNDS = 3;
const TARGET = 0.7;
const DATABASE = 'dondoc_bench_overhead';

const url = await freshDatabase(DATABASE);
try {
  const api = await startApi(
    url,
    process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {},
  );
  const port = await freePort();
  const bare = await startServer(
    'dist/bench/bare-fastify.js',
    { PORT: String(port) },
    port,
    '/api/health/live',
  );
  const app: LoadResult[] = [];
  const baseline: LoadResult[] = [];
  try {
    const load = (server: { base: string; child: { pid?: number } }) =>
      runLoad(
        {
          url: server.base,
          connections: CONNECTIONS,
          warmUpSeconds: WARM_UP,
          seconds: SECONDS,
          requests: [{ method: 'GET', path: '/api/health/live' }],
        },
        server.child.pid,
      );
    for (let round = 0; round < ROUNDS; round++) {
      app.push(await load(api));
      printLoad(`app  round ${round + 1}`, app.at(-1)!);
      baseline.push(await load(bare));
      printLoad(`bare round ${round + 1}`, baseline.at(-1)!);
    }
    const apiRss = peakRssMb(api.child.pid!);
    const bareRss = peakRssMb(bare.child.pid!);
    const sum = (runs: LoadResult[]) => runs.reduce((total, r) => total + r.rps, 0);
    const ratio = sum(app) / sum(baseline);
    // CPU per request does not depend on what else the machine runs: bare / app is the share of
    // the bare server's throughput the app would reach on an idle core.
    const cpu = (runs: LoadResult[]) =>
      runs.reduce((total, r) => total + r.cpuMsPerRequest! * r.ok, 0) /
      runs.reduce((total, r) => total + r.ok, 0);
    const cpuRatio = cpu(baseline) / cpu(app);
    console.log(
      `app / bare Fastify: ${(ratio * 100).toFixed(0)}% of req/s; by CPU per request ${(cpuRatio * 100).toFixed(0)}%`,
    );
    saveResults({
      name: 'overhead',
      title: 'Framework overhead: GET /api/health/live',
      command: 'npm run bench:overhead',
      body: [
        `The built API (\`dist/src/main.js\`, NODE_ENV=production, request logs on) and a bare Fastify`,
        `server answering the same JSON (\`bench/bare-fastify.ts\`), each in its own process; autocannon in a`,
        `third, ${CONNECTIONS} connections, ${WARM_UP} s warm-up then ${SECONDS} s measured, alternated ${ROUNDS} times.`,
        '',
        ...LOAD_HEADER,
        ...app.map((r, i) =>
          loadRow(`app, round ${i + 1}`, r, i === app.length - 1 ? apiRss : undefined),
        ),
        ...baseline.map((r, i) =>
          loadRow(
            `bare Fastify, round ${i + 1}`,
            r,
            i === baseline.length - 1 ? bareRss : undefined,
          ),
        ),
        '',
        `**app / bare: ${(ratio * 100).toFixed(0)}%** of the bare server's requests per second (target ≥ ${TARGET * 100}%).`,
        `By server CPU time per request (${cpu(app).toFixed(3)} ms app, ${cpu(baseline).toFixed(3)} ms bare), which other`,
        `load on the machine does not skew: ${(cpuRatio * 100).toFixed(0)}%.`,
      ],
      targets: [
        {
          what: 'health/live req/s, app / bare Fastify',
          measured: `${(ratio * 100).toFixed(0)}%`,
          target: `≥ ${TARGET * 100}%`,
          met: ratio >= TARGET,
        },
        {
          what: 'health/live server CPU per request, bare / app',
          measured: `${(cpuRatio * 100).toFixed(0)}%`,
          target: `≥ ${TARGET * 100}%`,
          met: cpuRatio >= TARGET,
        },
      ],
    });
  } finally {
    await stopProcess(api.child);
    await stopProcess(bare.child);
  }
} finally {
  await dropDatabase(DATABASE);
}
