import Fastify from 'fastify';

/**
 * The baseline of `npm run bench:overhead`: a bare Fastify server (no logger, no plugins)
 * answering `GET /api/health/live` with the same JSON as the app, in a process of its own.
 */
const app = Fastify({ logger: false });
app.get('/api/health/live', () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
