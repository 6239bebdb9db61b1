import { query } from './test-database.js';
import type { TestApp } from './test-app.js';

/**
 * Building a chain of committees in tests (issue 16) without item 3's import path: a body's
 * directive carrying a received task down, published straight into the database with one part
 * and a task per unit, as publication would leave it. `implements_task_id` (and its directive) is the chain's edge.
 */
export async function carryDown(
  t: TestApp,
  options: {
    /** The task carried down (null: a directive of the body's own, e.g. a province's root). */
    taskId: string | null;
    /** The issuing body. */
    bodyId: string;
    number: string;
    unitIds: string[];
    dueAt: Date;
  },
): Promise<{ directiveId: string; tasks: Map<string, string> }> {
  const [directive] = await query<{ id: string }>(
    t.database,
    `INSERT INTO directives (status, number, issuer, subject, issued_on, source_text, source_format,
                             source_sha256, imported_by, issuing_unit_id, published_at,
                             implements_task_id, implements_directive_id)
     SELECT 'published', $1::text, u.name, 'Triển khai ' || $1::text, DATE '2026-11-20', 'x', 'text',
            repeat('0', 64), (SELECT id FROM users WHERE username = 'admin'), u.id, now(), $3::uuid,
            (SELECT directive_id FROM tasks WHERE id = $3::uuid)
       FROM units u WHERE u.id = $2
     RETURNING id`,
    [options.number, options.bodyId, options.taskId],
  );
  const [assignment] = await query<{ id: string }>(
    t.database,
    `INSERT INTO assignments (directive_id, ordinal, label, assignee, text, resolution, requested)
     VALUES ($1, 1, '1', 'Các đơn vị', 'Tuyên truyền cài đặt Bluezone', 'group', false)
     RETURNING id`,
    [directive.id],
  );
  const rows = await query<{ id: string; unit_id: string }>(
    t.database,
    `INSERT INTO tasks (directive_id, assignment_id, unit_id, role, requested, status, deadline, due_at)
     SELECT $1, $2, u, 'lead', false, 'assigned', to_char($3::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'), $3
       FROM unnest($4::uuid[]) u
     RETURNING id, unit_id`,
    [directive.id, assignment.id, options.dueAt, options.unitIds],
  );
  return { directiveId: directive.id, tasks: new Map(rows.map((r) => [r.unit_id, r.id])) };
}

/** A user of the unit with the demo password (copied from the demo chair), for `t.login`. */
export async function addUser(
  t: TestApp,
  username: string,
  role: string,
  unitId: string,
): Promise<void> {
  await query(
    t.database,
    `INSERT INTO users (username, full_name, role, unit_id, password_hash)
     SELECT $1, $1, $2, $3, password_hash FROM users WHERE username = 'chair'`,
    [username, role, unitId],
  );
}
