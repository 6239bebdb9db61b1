/**
 * Seeds `assignments × 40` lead tasks already past their deadline (each of the 40 units with
 * one officer) and the outbox event that schedules them: the escalation engine's heaviest
 * moment, for the worker tests and `npm run bench:escalation`. `run` executes one SQL statement.
 * With `spread`, the tasks fall due one after another instead, evenly from `startInMs` after
 * now over `overMs`: the steady state, where each step is scheduled before it is due.
 */
export type RunSql = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export const DUE_TASKS_POLICY = {
  reminderBefore: null,
  receiptReminderAfter: null,
  staleReminderAfter: null,
  level2After: { hours: 1000 },
  maxLevel3Rounds: 0,
};

export async function seedDueTasks(
  run: RunSql,
  assignments: number,
  spread?: { startInMs: number; overMs: number },
): Promise<number> {
  await run(
    `INSERT INTO units (code, name, kind) SELECT 'u-' || g, 'Đơn vị ' || g, 'office' FROM generate_series(1, 40) g`,
  );
  await run(
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT u.code || '.officer', 'Cán bộ ' || u.name, 'unit_officer', u.id, 'not-a-hash' FROM units u`,
  );
  const [directive] = await run<{ id: string }>(
    `INSERT INTO directives (status, number, source_text, source_format, source_sha256, imported_by, issuing_unit_id, published_at, escalation_policy)
     SELECT 'published', '1/BENCH', 'x', 'text', repeat('0', 64), u.id, u.unit_id, now() - interval '1 day', $1
       FROM (SELECT id, unit_id FROM users LIMIT 1) u
     RETURNING id`,
    [JSON.stringify(DUE_TASKS_POLICY)],
  );
  await run(
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution)
     SELECT $1, g, g::text, 'Đơn vị', 'Việc ' || g, 'group' FROM generate_series(1, $2) g`,
    [directive.id, assignments],
  );
  const [{ n }] = await run<{ n: number }>(
    `WITH created AS (
       INSERT INTO tasks (directive_id, assignment_id, unit_id, role, deadline, due_at, last_unit_activity_at)
       SELECT a.directive_id, a.id, u.id, 'lead', '2020-01-01',
              now() + ($1::float8 + (row_number() OVER (ORDER BY a.ordinal, u.code) - 1) * $2::float8)
                      * interval '1 millisecond',
              now()
         FROM assignments a CROSS JOIN units u
       RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
    [spread?.startInMs ?? 0, spread ? spread.overMs / (assignments * 40) : 0],
  );
  await run(`INSERT INTO outbox_events (type, payload) VALUES ('directive.published', $1)`, [
    JSON.stringify({ directiveId: directive.id }),
  ]);
  return n;
}
