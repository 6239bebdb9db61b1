import { startInProcessApi, SERVER } from '/work/main/dist/bench/bench-kit.js';
import pg from 'pg';
const url = `${SERVER}/dondoc_bench_chain`;
const c = new pg.Client({ connectionString: url }); await c.connect();
const ids = (await c.query(`SELECT id FROM directives WHERE number LIKE '%/UBND-TINH'`)).rows.map(r => r.id);
const { app, base, token } = await startInProcessApi(url, 'tinh.chair');
const paths = (process.argv[2] ?? '').split(',');
for (const p of paths) {
  const times = [];
  for (let i = 0; i < 30; i++) {
    const id = ids[i % ids.length];
    const b = performance.now();
    const r = await fetch(`${base}${p.replace(':id', id)}`, { headers: { authorization: `Bearer ${token}` } });
    const t = await r.text();
    times.push(performance.now() - b);
    if (r.status !== 200) console.log(r.status, t.slice(0, 200));
  }
  times.sort((a, b) => a - b);
  console.log(p, 'p50', times[15].toFixed(1), 'p95', times[28].toFixed(1));
}
await app.close(); await c.end();
