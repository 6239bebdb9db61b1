import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { WorkingCalendar } from '../src/calendar/working-calendar.js';
import { Clock } from '../src/core/clock.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';

const letter = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../../shared/directives', name), 'utf8');
const SEED = letter('451-UBND-VHTT-bluezone.txt');
const DENGUE = letter('318-UBND-YT-sot-xuat-huyet.txt');

/** A multipart/form-data body with one file. */
function multipart(filename: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = '----dondoc-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('directive intake', () => {
  let t: TestApp;
  let clerk: string;
  let chair: string;

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.login('clerk');
    chair = await t.login('chair');
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    (await query<{ n: number }>(t.database, `SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  describe('parse', () => {
    it('should parse pasted text without storing anything', async () => {
      const reply = await t.request('POST', '/api/directives/parse', {
        token: chair,
        raw: SEED,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ number: '451/UBND-VHTT', issuedOn: '2020-08-22' });
      expect(reply.body.assignments).toHaveLength(6);
      expect(await count('directives')).toBe(0);
    });

    it('should parse a .docx upload', async () => {
      const lines = DENGUE.split('\n').map((line) => line.replace(/\*\*/g, ''));
      const doc = new Document({
        sections: [{ children: lines.map((line) => new Paragraph(line)) }],
      });
      const data = Buffer.from(await Packer.toBuffer(doc));
      const reply = await t.request('POST', '/api/directives/parse', {
        token: clerk,
        ...multipart(
          '318.docx',
          data,
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ),
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ number: '318/UBND-YT', issuedOn: '2021-09-07' });
      expect(reply.body.assignments.map((a: { assignee: string }) => a.assignee)).toEqual([
        'Phòng Y tế huyện',
        'Trung tâm Y tế huyện',
        'Ủy ban nhân dân các xã, thị trấn',
        'Đài Truyền thanh huyện',
      ]);
    });

    it('should refuse bad input with a clear 4xx and store nothing', async () => {
      const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      expectError(
        await t.request('POST', '/api/directives/parse', {
          token: clerk,
          ...multipart('letter.pdf', junk),
        }),
        400,
        'unreadable_document',
      );
      expectError(
        await t.request('POST', '/api/directives/parse', {
          token: clerk,
          raw: '   \n ',
          headers: { 'content-type': 'text/plain' },
        }),
        400,
        'empty_document',
      );
      expectError(
        await t.request('POST', '/api/directives/parse', {
          token: clerk,
          raw: 'x'.repeat(10 * 1024 * 1024),
          headers: { 'content-type': 'text/plain' },
        }),
        413,
      );
      const prose = await t.request('POST', '/api/directives/parse', {
        token: clerk,
        raw: 'Số: 12/UBND\nV/v họp giao ban\n\nKính gửi: Các phòng\n\nMời các đồng chí dự họp.',
        headers: { 'content-type': 'text/plain' },
      });
      expectError(prose, 422, 'not_a_directive');
      expect(prose.body.problems).toEqual(['no part of the text assigns work to a named body']);
      expectError(
        await t.request('POST', '/api/directives/parse', { token: clerk, body: { text: 5 } }),
        400,
        'no_source',
      );
      expect(await count('directives')).toBe(0);
    });

    it('should not let a unit officer parse or import', async () => {
      const officer = await t.login('phong-vhtt.officer');
      const options = { token: officer, raw: SEED, headers: { 'content-type': 'text/plain' } };
      expectError(await t.request('POST', '/api/directives/parse', options), 403);
      expectError(await t.request('POST', '/api/directives/import', options), 403);
    });
  });

  describe('import and publish the seed letter', () => {
    let directiveId: string;

    it('should store a draft with every assignee resolved to units', async () => {
      const reply = await t.request('POST', '/api/directives/import', {
        token: clerk,
        raw: SEED,
        headers: { 'content-type': 'text/plain' },
      });
      expect(reply.status).toBe(201);
      directiveId = reply.body.id;
      expect(reply.body).toMatchObject({
        status: 'draft',
        number: '451/UBND-VHTT',
        issuer: 'Ủy ban nhân dân huyện An Thi',
        // The clerk works in Văn phòng HĐND-UBND; the body it imports for is the committee.
        issuingUnit: { code: 'ubnd-huyen', name: 'Ủy ban nhân dân huyện An Thi' },
        source: { format: 'text', filename: null, mediaType: 'text/plain; charset=utf-8' },
      });
      expect(reply.body.source.sha256).toMatch(/^[0-9a-f]{64}$/);
      const parts = reply.body.assignments as Array<{
        resolution: string;
        unitIds: string[];
        requested: boolean;
      }>;
      expect(parts.map((a) => [a.resolution, a.unitIds.length])).toEqual([
        ['group', 21],
        ['matched', 1],
        ['matched', 1],
        ['matched', 1],
        ['group', 16],
        ['group', 6],
      ]);
      expect(parts[5].requested).toBe(true);
    });

    it('should keep the letter verbatim', async () => {
      const reply = await t.request('GET', `/api/directives/${directiveId}/source`, {
        token: clerk,
      });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/plain/);
      expect(reply.body).toBe(SEED);
      const [row] = await query<{ source_sha256: string; source_text: string }>(
        t.database,
        'SELECT source_sha256, source_text FROM directives WHERE id = $1',
        [directiveId],
      );
      const { createHash } = await import('node:crypto');
      expect(row.source_sha256).toBe(
        createHash('sha256').update(Buffer.from(SEED, 'utf8')).digest('hex'),
      );
      expect(row.source_text).toContain('Phạm Văn Huế');
    });

    it('should refuse a second import of the same letter, pointing at the first', async () => {
      const reply = await t.request('POST', '/api/directives/import', {
        token: clerk,
        raw: SEED,
        headers: { 'content-type': 'text/plain' },
      });
      expectError(reply, 409, 'duplicate_directive');
      expect(reply.body.existingId).toBe(directiveId);
      expect(await count('directives')).toBe(1);
    });

    it('should refuse to publish without deadlines, listing each part, and create nothing', async () => {
      const reply = await t.request('POST', `/api/directives/${directiveId}/publish`, {
        token: clerk,
        body: {},
      });
      expectError(reply, 422, 'publish_blocked');
      expect(reply.body.problems).toHaveLength(6);
      expect(reply.body.problems[0]).toMatch(
        /^part 1 \(Ủy ban nhân dân các xã, thị trấn\): no deadline/,
      );
      expect(await count('tasks')).toBe(0);
    });

    it('should refuse a malformed default deadline with 400', async () => {
      for (const defaultDeadline of ['30/6/2021', { workingDays: -1 }, { days: 5 }, '2021-02-30']) {
        expectError(
          await t.request('POST', `/api/directives/${directiveId}/publish`, {
            token: clerk,
            body: { defaultDeadline },
          }),
          400,
          'validation_failed',
        );
      }
    });

    it('should roll the whole publication back when one task cannot be written', async () => {
      // A fault injected in the database: the 30th task insert fails.
      await query(
        t.database,
        `CREATE FUNCTION fail_on_da_loc() RETURNS trigger AS $$
         BEGIN
           IF NEW.unit_id = (SELECT id FROM units WHERE code = 'xa-da-loc') THEN
             RAISE EXCEPTION 'injected failure';
           END IF;
           RETURN NEW;
         END $$ LANGUAGE plpgsql;
         CREATE TRIGGER fail_on_da_loc BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION fail_on_da_loc();`,
      );
      try {
        const reply = await t.request('POST', `/api/directives/${directiveId}/publish`, {
          token: clerk,
          body: { defaultDeadline: { workingDays: 5 } },
        });
        expectError(reply, 500);
      } finally {
        await query(
          t.database,
          'DROP TRIGGER fail_on_da_loc ON tasks; DROP FUNCTION fail_on_da_loc();',
        );
      }
      expect(await count('tasks')).toBe(0);
      expect(await count('outbox_events')).toBe(0);
      const [row] = await query<{ status: string }>(
        t.database,
        'SELECT status FROM directives WHERE id = $1',
        [directiveId],
      );
      expect(row.status).toBe('draft');
    });

    it('should publish one task per unit the groups name, with the default deadline in working days', async () => {
      // Friday 27 November 2026, 10:00 in Hanoi.
      t.app.get(Clock).set(new Date('2026-11-27T03:00:00Z'));
      const [first, second] = await Promise.all([
        t.request('POST', `/api/directives/${directiveId}/publish`, {
          token: clerk,
          body: { defaultDeadline: { workingDays: 5 } },
        }),
        t.request('POST', `/api/directives/${directiveId}/publish`, {
          token: clerk,
          body: { defaultDeadline: { workingDays: 5 } },
        }),
      ]);
      const [ok, refused] = first.status === 200 ? [first, second] : [second, first];
      expect(ok.status).toBe(200);
      expectError(refused, 409, 'directive_not_draft');
      expect(ok.body).toMatchObject({
        directiveId,
        tasks: 46,
        publishedAt: '2026-11-27T03:00:00.000Z',
      });
      expect(ok.body.assignments.map((a: { lead: number }) => a.lead)).toEqual([
        21, 1, 1, 1, 16, 6,
      ]);

      const expected = new WorkingCalendar().addWorkingDays('2026-11-27', 5);
      expect(expected).toBe('2026-12-04');
      const rows = await query<{
        code: string;
        deadline: string;
        role: string;
        requested: boolean;
      }>(
        t.database,
        `SELECT u.code, t.deadline, t.role, t.requested FROM tasks t JOIN units u ON u.id = t.unit_id`,
      );
      expect(rows).toHaveLength(46);
      expect(rows.every((row) => row.deadline === expected && row.role === 'lead')).toBe(true);
      expect(
        rows.filter((row) => row.code.startsWith('xa-') || row.code === 'tt-an-thi'),
      ).toHaveLength(21);
      expect(
        rows
          .filter((row) => row.requested)
          .map((row) => row.code)
          .sort(),
      ).toEqual(['hoi-ccb', 'hoi-lhpn', 'hoi-nong-dan', 'huyen-doan', 'ldld-huyen', 'mttq-huyen']);
      const events = await query<{ type: string; payload: { directiveId: string } }>(
        t.database,
        'SELECT type, payload FROM outbox_events',
      );
      expect(events).toEqual([{ type: 'directive.published', payload: { directiveId } }]);
      t.app.get(Clock).set(null);
    });

    it('should refuse changes to a published directive', async () => {
      expectError(
        await t.request('PATCH', `/api/directives/${directiveId}`, {
          token: clerk,
          body: { subject: 'x' },
        }),
        409,
        'directive_not_draft',
      );
      expect(await count('tasks')).toBe(46);
    });

    it('should show a commune officer the directive and only their own task', async () => {
      const officer = await t.login('xa-hong-quang.officer');
      const directive = await t.request('GET', `/api/directives/${directiveId}`, {
        token: officer,
      });
      expect(directive.status).toBe(200);
      const tasks = await t.request('GET', `/api/directives/${directiveId}/tasks`, {
        token: officer,
      });
      expect(tasks.body.total).toBe(1);
      expect(tasks.body.items[0]).toMatchObject({
        unit: { code: 'xa-hong-quang' },
        status: 'assigned',
        deadline: '2026-12-04',
      });
      const all = await t.request('GET', `/api/directives/${directiveId}/tasks?limit=200`, {
        token: chair,
      });
      expect(all.body.total).toBe(46);
      const list = await t.request('GET', '/api/directives', { token: officer });
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([directiveId]);
    });
  });

  describe('review of a draft', () => {
    let directiveId: string;

    it('should import the dengue letter with its coordinators, deadlines and subtasks', async () => {
      const reply = await t.request('POST', '/api/directives/import', {
        token: clerk,
        body: { text: DENGUE },
      });
      expect(reply.status).toBe(201);
      directiveId = reply.body.id;
      const [p1, p2, p3] = reply.body.assignments;
      expect(p1).toMatchObject({ deadline: '2021-09-20', resolution: 'matched' });
      expect(p1.coordinators).toEqual([
        { name: 'Trung tâm Y tế huyện', resolution: 'matched', unitIds: [expect.any(String)] },
      ]);
      expect(p2.subtasks).toHaveLength(3);
      expect(p3.deadline).toBe('2021-09-30T17:00:00+07:00');
    });

    it('should hide a draft from unit officers', async () => {
      const officer = await t.login('phong-yte.officer');
      expectError(
        await t.request('GET', `/api/directives/${directiveId}`, { token: officer }),
        404,
        'directive_not_found',
      );
      const list = await t.request('GET', '/api/directives?status=draft', { token: officer });
      expect(list.body.total).toBe(0);
    });

    it('should let the clerk fix a part: an unknown body, units from the directory, a deadline', async () => {
      const added = await t.request('POST', `/api/directives/${directiveId}/assignments`, {
        token: clerk,
        body: {
          assignee: 'Trạm Y tế các xã',
          text: 'Phun hóa chất diệt muỗi.',
          deadline: '2021-09-25T16:00',
        },
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        ordinal: 5,
        resolution: 'unmatched',
        deadline: '2021-09-25T16:00:00+07:00',
      });

      const blocked = await t.request('POST', `/api/directives/${directiveId}/publish`, {
        token: clerk,
        body: { defaultDeadline: '2021-10-15' },
      });
      expectError(blocked, 422, 'publish_blocked');
      expect(blocked.body.problems).toEqual([
        expect.stringMatching(/^part 5 \(Trạm Y tế các xã\): no unit matches/),
      ]);

      const communes = await t.request('GET', '/api/units?kind=commune&limit=200', {
        token: clerk,
      });
      const ids = communes.body.items.map((u: { id: string }) => u.id);
      const fixed = await t.request(
        'PATCH',
        `/api/directives/${directiveId}/assignments/${added.body.id}`,
        {
          token: clerk,
          body: { unitIds: ids },
        },
      );
      expect(fixed.body).toMatchObject({ resolution: 'group', resolvedBy: 'clerk', confidence: 1 });
      expect(fixed.body.unitIds).toHaveLength(21);

      expectError(
        await t.request('PATCH', `/api/directives/${directiveId}/assignments/${added.body.id}`, {
          token: clerk,
          body: { unitIds: ['00000000-0000-4000-8000-000000000009'] },
        }),
        400,
        'unknown_units',
      );
      expectError(
        await t.request('PATCH', `/api/directives/${directiveId}/assignments/${added.body.id}`, {
          token: clerk,
          body: { deadline: 'next week' },
        }),
        400,
      );
    });

    it('should publish with coordinate tasks and move a deadline off a day off', async () => {
      // Thursday 30 September 2021.
      t.app.get(Clock).set(new Date('2021-09-30T02:00:00Z'));
      try {
        const reply = await t.request('POST', `/api/directives/${directiveId}/publish`, {
          token: clerk,
          body: { defaultDeadline: '2021-10-16' },
        });
        expect(reply.status).toBe(200);
        // Parts: Phòng Y tế (+ Trung tâm Y tế coordinating), Trung tâm Y tế, 21 communes,
        // the radio station, and the added part for 21 communes.
        expect(
          reply.body.assignments.map((a: { lead: number; coordinate: number }) => [
            a.lead,
            a.coordinate,
          ]),
        ).toEqual([
          [1, 1],
          [1, 0],
          [21, 0],
          [1, 0],
          [21, 0],
        ]);
        expect(reply.body.tasks).toBe(46);
      } finally {
        t.app.get(Clock).set(null);
      }
      const rows = await query<{ code: string; role: string; deadline: string; due_at: Date }>(
        t.database,
        `SELECT u.code, t.role, t.deadline, t.due_at FROM tasks t JOIN units u ON u.id = t.unit_id
         JOIN assignments a ON a.id = t.assignment_id WHERE t.directive_id = $1 ORDER BY a.ordinal, u.code`,
        [directiveId],
      );
      expect(rows[0]).toMatchObject({ code: 'phong-yte', role: 'lead', deadline: '2021-09-20' });
      expect(rows[1]).toMatchObject({
        code: 'trung-tam-y-te',
        role: 'coordinate',
        deadline: '2021-09-20',
      });
      expect(new Date(rows[0].due_at).toISOString()).toBe('2021-09-20T16:59:59.999Z');
      // The radio station's part has no deadline: the default, Saturday 16/10, moves to Monday 18/10.
      expect(rows.find((row) => row.code === 'dai-truyen-thanh')?.deadline).toBe('2021-10-18');
    });

    it('should list and search directives', async () => {
      const found = await t.request(
        'GET',
        `/api/directives?q=${encodeURIComponent('sot xuat huyet')}`,
        { token: chair },
      );
      expect(found.body.items.map((d: { number: string }) => d.number)).toEqual(['318/UBND-YT']);
      const byNumber = await t.request('GET', '/api/directives?q=451', { token: chair });
      expect(byNumber.body.total).toBe(1);
      const inRange = await t.request('GET', '/api/directives?from=2021-01-01&to=2021-12-31', {
        token: chair,
      });
      expect(inRange.body.items.map((d: { number: string }) => d.number)).toEqual(['318/UBND-YT']);
      expectError(await t.request('GET', '/api/directives?from=yesterday', { token: chair }), 400);
    });

    it('should keep a unit out of directives that gave it no task', async () => {
      const officer = await t.login('phong-vhtt.officer');
      expectError(
        await t.request('GET', `/api/directives/${directiveId}`, { token: officer }),
        404,
      );
      expectError(
        await t.request('GET', `/api/directives/${directiveId}/tasks`, { token: officer }),
        404,
      );
      expectError(
        await t.request('GET', `/api/directives/${directiveId}/source`, { token: officer }),
        404,
      );
    });
  });
});
