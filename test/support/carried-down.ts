import { letter } from './directives.js';
import type { TestApp } from './test-app.js';
import { query } from './test-database.js';

/** 2136, the province's letter whose part 5 An Thi carries down with 451. */
export const PROVINCE_LETTER = letter('2136-UBND-KGVX-bluezone-tinh.txt');
export const SEED_LETTER = letter('451-UBND-VHTT-bluezone.txt');

/** `text` with `from` replaced everywhere, refusing a letter without it. */
export function rewritten(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`no "${from}" in the letter`);
  return text.replaceAll(from, to);
}

export interface ProvinceChain {
  province: string;
  anThi: string;
  /** The province's 2136, published, and An Thi's task from its part 5. */
  d2136: string;
  anThiTask: string;
}

/**
 * The seed's chain over the test database: the demo's Hưng Yên province above An Thi, its
 * `tinh.chair` and `tinh.clerk` (the demo's `ubnd-huyen.officer`, an officer
 * of An Thi's committee itself, acts on the tasks An Thi receives), and 2136 published by the province
 * with part 5 given to An Thi. The Clock must be set.
 */
export async function provinceChain(t: TestApp): Promise<ProvinceChain> {
  // The demo's province (`tinh`, An Thi under it) with its `tinh.chair` and `tinh.clerk`.
  const [{ id: province }] = await query<{ id: string }>(
    t.database,
    "SELECT id FROM units WHERE code = 'tinh'",
  );
  const [{ id: anThi }] = await query<{ id: string }>(
    t.database,
    "SELECT id FROM units WHERE code = 'ubnd-huyen' AND parent_id = $1",
    [province],
  );
  const provinceClerk = await t.login('tinh.clerk');
  const draft = await t.request('POST', '/api/directives/import', {
    token: provinceClerk,
    body: { text: PROVINCE_LETTER, implementsTaskId: null },
  });
  if (draft.status !== 201) throw new Error(JSON.stringify(draft.body));
  for (const [i, part] of (draft.body.assignments as Array<{ id: string }>).entries()) {
    const path = `/api/directives/${draft.body.id}/assignments/${part.id}`;
    const reply =
      i === 4
        ? await t.request('PATCH', path, {
            token: provinceClerk,
            body: { unitIds: [anThi], coordinators: [], recurrence: null },
          })
        : await t.request('DELETE', path, { token: provinceClerk });
    if (reply.status >= 300) throw new Error(JSON.stringify(reply.body));
  }
  const published = await t.request('POST', `/api/directives/${draft.body.id}/publish`, {
    token: provinceClerk,
    body: { defaultDeadline: { workingDays: 10 } },
  });
  if (published.status !== 200) throw new Error(JSON.stringify(published.body));
  const [{ id: anThiTask }] = await query<{ id: string }>(
    t.database,
    'SELECT id FROM tasks WHERE directive_id = $1 AND unit_id = $2',
    [draft.body.id, anThi],
  );
  return { province, anThi, d2136: draft.body.id as string, anThiTask };
}

/** A unit's task of a directive, by the unit's code. */
export async function taskOfUnit(t: TestApp, directiveId: string, code: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    t.database,
    `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id
      WHERE t.directive_id = $1 AND u.code = $2 ORDER BY t.created_at, t.id LIMIT 1`,
    [directiveId, code],
  );
  if (!row) throw new Error(`no task of ${code} in ${directiveId}`);
  return row.id;
}

/** Moves a task as `token`, at its current version; throws unless it moved. */
export async function moveTask(
  t: TestApp,
  token: string,
  taskId: string,
  change: { status: string; report?: string; reason?: string },
): Promise<void> {
  const current = await t.request('GET', `/api/tasks/${taskId}`, { token });
  const reply = await t.request('POST', `/api/tasks/${taskId}/status`, {
    token,
    body: { ...change, version: current.body.version },
  });
  if (reply.status !== 200) throw new Error(`${change.status}: ${JSON.stringify(reply.body)}`);
}
