import type { Redis } from 'ioredis';
import { runBuilt, stop, type RunningProcess } from '../support/processes.js';
import {
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  query,
  TEMPLATE_DATABASE,
  uniqueName,
} from '../support/test-database.js';
import {
  processEnv,
  type RunSql,
  seedEscalatingTasks,
  startWorker,
  waitForAllFired,
} from './support/fault-harness.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-services.js';

// BullMQ keeps the queues in Redis: dondoc refuses a Redis that may evict keys, and trims finished
// jobs so a long run does not grow Redis without bound.

async function countKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
}

describe('Redis configuration', () => {
  it('should refuse to start, in one line, unless maxmemory-policy is noeviction', async () => {
    const redis = await startPrivateRedis({ policy: 'allkeys-lru' });
    try {
      const env = {
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl(TEMPLATE_DATABASE),
        REDIS_URL: redis.url,
        MIGRATIONS_RUN: 'false',
      };
      for (const entry of ['src/main.js', 'src/worker.js']) {
        const result = await runBuilt(entry, env);
        expect(result.code).toBe(1);
        const lines = result.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          new RegExp(
            `^dondoc: Redis at 127\\.0\\.0\\.1:${redis.port} has maxmemory-policy allkeys-lru; the job queues need noeviction .*README`,
          ),
        );
      }
      // The same server set right is accepted: the check reads the live setting.
      await redis.client.config('SET', 'maxmemory-policy', 'noeviction');
      const worker = startWorker(
        processEnv({ databaseUrl: databaseUrl(TEMPLATE_DATABASE), redisUrl: redis.url }),
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(worker.child.exitCode).toBeNull();
      } finally {
        await stop(worker);
      }
    } finally {
      await redis.destroy();
    }
  }, 60_000);

  it('should keep Redis bounded however many escalation jobs complete (soak)', async () => {
    const database = await createTestDatabase();
    const run: RunSql = (sql, params) => query(database, sql, params) as never;
    let redis: PrivateRedis | undefined;
    let worker: RunningProcess | undefined;
    try {
      redis = await startPrivateRedis();
      const prefix = uniqueName('dondoc_test');
      worker = startWorker(
        processEnv(
          { databaseUrl: databaseUrl(database), redisUrl: redis.url, redisPrefix: prefix },
          { ESCALATION_CONCURRENCY: '16' },
        ),
      );
      const rounds: Array<{ fired: number; jobKeys: number; completed: number; memory: number }> =
        [];
      let fired = 0;
      for (let round = 1; round <= 3; round++) {
        // Both steps (level 1 and 2) already due: 1,200 jobs a round, none left delayed.
        const seeded = await seedEscalatingTasks(run, {
          perUnit: 15,
          fromSeconds: -7200,
          spreadSeconds: 0,
          level2AfterHours: 1,
          tag: `soak${round}`,
        });
        const tally = await waitForAllFired(run, seeded.directiveId, 2 * seeded.tasks, 120_000);
        expect(tally).toMatchObject({
          missed: 0,
          fired: 2 * seeded.tasks,
          duplicateEscalations: 0,
        });
        fired += tally.fired;
        // Let the last completions land before counting.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        rounds.push({
          fired,
          jobKeys: await countKeys(redis.client, `${prefix}:bull:escalation:esc-*`),
          completed: await redis.client.zcard(`${prefix}:bull:escalation:completed`),
          memory: await usedMemory(redis.client),
        });
      }
      console.log(
        `soak (fired so far, job hashes, completed set, used_memory):\n${rounds
          .map((r) => `  ${r.fired}\t${r.jobKeys}\t${r.completed}\t${r.memory}`)
          .join('\n')}`,
      );
      // 3,600 jobs ran; Redis keeps the last 1,000 completed (removeOnComplete.count).
      expect(fired).toBe(3600);
      for (const round of rounds) {
        expect(round.completed).toBeLessThanOrEqual(1000);
        expect(round.jobKeys).toBeLessThanOrEqual(1000);
      }
      // Past the first round (allocator warm-up) memory stays flat: untrimmed, the 1,200 more job
      // hashes of the last round would add well over 15%.
      expect(rounds[2].memory).toBeLessThan(rounds[1].memory * 1.15);
    } finally {
      if (worker) await stop(worker);
      await redis?.destroy();
      await dropTestDatabase(database);
    }
  }, 240_000);
});
