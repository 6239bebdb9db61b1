import { Worker } from 'bullmq';

/** A BullMQ worker doing nothing per job: the baseline of `npm run bench:escalation`. */
const [queueName, prefix, redisUrl] = process.argv.slice(2);
const worker = new Worker(queueName, () => Promise.resolve(), {
  connection: { url: redisUrl, maxRetriesPerRequest: null },
  prefix,
  concurrency: 8,
});
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
