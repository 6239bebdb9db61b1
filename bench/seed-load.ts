import pg from 'pg';
import { PasswordHasher } from '../src/users/password-hasher.js';
import { unitBodySql } from '../src/units/unit-body.js';

/**
 * The database of the HTTP benchmarks, in a few set-based statements (no API, no loops):
 * 1,000 units, all in the province-wide group `toan-tinh`; users `bench.admin`, `bench.chair`,
 * `bench.clerk` and an officer for each of the first 20 units (`u-0001.officer` …), password
 * `bench1234`; 100 published directives, each with one part for the whole group: 100,000 tasks
 * with their first history line. Six tasks in ten wait for review (`reported`), the rest are
 * spread over the other states.
 */
export const UNITS = 1000;
export const DIRECTIVES = 100;
export const OFFICERS = 20;
export const PASSWORD = 'bench1234';
export const GROUP_CODE = 'toan-tinh';

export async function seedLoad(url: string): Promise<{ tasks: number; seconds: number }> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const hash = await new PasswordHasher().hash(PASSWORD);
    await client.query(
      `INSERT INTO units (code, name, kind)
       SELECT 'u-' || lpad(g::text, 4, '0'), 'Xã ' || g, 'office' FROM generate_series(1, $1) g`,
      [UNITS],
    );
    await client.query(
      `INSERT INTO unit_groups (code, name) VALUES ($1, 'Các xã, phường, thị trấn toàn tỉnh')`,
      [GROUP_CODE],
    );
    await client.query(
      `INSERT INTO unit_group_members (group_id, unit_id)
       SELECT g.id, u.id FROM unit_groups g CROSS JOIN units u WHERE g.code = $1`,
      [GROUP_CODE],
    );
    await client.query(
      `INSERT INTO users (username, full_name, role, unit_id, password_hash)
       SELECT 'bench.' || r, 'Bench ' || r, r, (SELECT id FROM units WHERE code = 'u-0001'), $1
         FROM unnest(ARRAY['admin', 'chair', 'clerk']) r`,
      [hash],
    );
    await client.query(
      `INSERT INTO users (username, full_name, role, unit_id, password_hash)
       SELECT code || '.officer', 'Cán bộ ' || name, 'unit_officer', id, $1
         FROM units ORDER BY code LIMIT $2`,
      [hash, OFFICERS],
    );
    await client.query(
      `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                               source_sha256, imported_by, issuing_unit_id, published_at)
       SELECT 'published', g || '/BENCH-TT', 'UBND tỉnh', 'Văn bản ' || g, current_date - 5,
              'x', 'text', repeat('0', 64), (SELECT id FROM users WHERE username = 'bench.clerk'),
              ${unitBodySql(`(SELECT unit_id FROM users WHERE username = 'bench.clerk')`)}, now()
         FROM generate_series(1, $1) g`,
      [DIRECTIVES],
    );
    await client.query(
      `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, unit_ids)
       SELECT d.id, 1, '1', 'UBND các xã, phường, thị trấn', 'Triển khai nhiệm vụ', 'group',
              (SELECT array_agg(id) FROM units)
         FROM directives d`,
    );
    const due = `to_char(current_date + 20, 'YYYY-MM-DD')`;
    await client.query(
      `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, status, deadline, original_deadline,
                          due_at, report, reported_at, completed_at, last_unit_activity_at)
       SELECT a.directive_id, a.id, u.id, 'lead', s.status, ${due}, ${due},
              ((current_date + 21)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'),
              CASE WHEN s.status IN ('reported', 'completed') THEN 'Đã thực hiện' END,
              CASE WHEN s.status IN ('reported', 'completed') THEN now() - interval '1 day' END,
              CASE WHEN s.status = 'completed' THEN now() END,
              now() - interval '2 days'
         FROM assignments a CROSS JOIN units u
         JOIN LATERAL (SELECT (ARRAY['reported','reported','reported','reported','reported','reported',
                                     'assigned','received','in_progress','completed'])
                              [1 + abs(hashtext(a.id::text || u.id::text)) % 10] AS status) s ON true`,
    );
    await client.query(
      `INSERT INTO task_events (task_id, actor_id, kind, to_status, data)
       SELECT t.id, (SELECT id FROM users WHERE username = 'bench.clerk'), 'assigned', 'assigned',
              jsonb_build_object('deadline', t.deadline, 'role', t.role)
         FROM tasks t`,
    );
    await client.query('VACUUM ANALYZE');
    const [{ n }] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks'))
      .rows;
    return { tasks: n, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}
