import fc from 'fast-check';
import pg from 'pg';
import { vietnamDate } from '../src/calendar/working-calendar.js';
import { CELL_SEVERITY, type CellInput, periodCellAt } from '../src/periods/period-cell.js';
import { PERIOD_STATUSES, periodStatusAt } from '../src/periods/period-status.js';
import { periodCellSql, periodStatusSql } from '../src/periods/period.sql.js';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/test-database.js';

/*
 * The period grid's cell is written twice: `periodCellAt()` in TypeScript and `periodCellSql()`,
 * which the grid's one statement embeds. This generates periods (any stored status, a span start,
 * a due instant, a first submission or none) and "as of" instants — edges included: exactly at
 * the due instant, a millisecond either side, midnight in Asia/Ho_Chi_Minh at the span's start —
 * evaluates the fragment in PostgreSQL under several session time zones and compares. A failure
 * prints fast-check's seed and counterexample; rerun it with PERIOD_CELL_SEED=<seed>.
 */

const SEED = Number(process.env.PERIOD_CELL_SEED ?? 20261204);
const RUNS = Number(process.env.PERIOD_CELL_RUNS ?? 200);
const DAY_MS = 86_400_000;

const SQL = `
  SELECT p.id, ${periodCellSql('p', '$2::timestamptz')} AS cell,
         ${periodStatusSql('p', '$2::timestamptz')} AS status,
         array_position($3::text[], ${periodCellSql('p', '$2::timestamptz')}) - 1 AS severity
    FROM jsonb_to_recordset($1::jsonb) AS p(id int, status varchar(16), starts_on date,
           due_at timestamptz, first_submitted_at timestamptz)
   ORDER BY p.id`;

const midnight = (date: string) => Date.parse(`${date}T00:00:00+07:00`);

/** An instant near `at`: the very instant, a millisecond off, or some time of a nearby day. */
const near = (at: number, maxDays: number) =>
  fc.oneof(
    fc.constantFrom(0, 1, -1).map((offset) => new Date(at + offset)),
    fc
      .tuple(fc.integer({ min: -maxDays, max: maxDays }), fc.integer({ min: 0, max: DAY_MS - 1 }))
      .map(
        ([days, offset]) => new Date(midnight(vietnamDate(new Date(at))) + days * DAY_MS + offset),
      ),
  );

const caseArb = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2035-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .chain((now) => {
    const period = fc
      .record({
        status: fc.constantFrom(...PERIOD_STATUSES),
        // The span starts up to three weeks either side of now (at its Vietnam midnight, often).
        startOffset: fc.integer({ min: -21, max: 21 }),
        spanDays: fc.integer({ min: 0, max: 35 }),
        dueShift: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: DAY_MS - 1 }),
          fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }),
        ),
        submitted: fc.boolean(),
        submittedShift: fc.oneof(
          fc.constantFrom(0, 1, -1),
          fc.integer({ min: -10 * DAY_MS, max: 10 * DAY_MS }),
        ),
      })
      .map(({ status, startOffset, spanDays, dueShift, submitted, submittedShift }) => {
        const startsOn = vietnamDate(new Date(midnight(vietnamDate(now)) + startOffset * DAY_MS));
        const dueAt = new Date(midnight(startsOn) + spanDays * DAY_MS + 15 * 3_600_000 + dueShift);
        return {
          status,
          startsOn,
          dueAt,
          firstSubmittedAt: submitted ? new Date(dueAt.getTime() + submittedShift) : null,
        } satisfies CellInput;
      });
    return fc.array(period, { minLength: 1, maxLength: 40 }).chain((periods) =>
      fc.record({
        periods: fc.constant(periods),
        // The instant, one near it, or one at the edge of a period: its due instant or the
        // Vietnam midnight its span starts at (a millisecond either side).
        now: fc.oneof(
          fc.constant(now),
          near(now.getTime(), 2),
          fc
            .constantFrom(...periods)
            .chain((p) => fc.oneof(near(p.dueAt.getTime(), 0), near(midnight(p.startsOn), 0))),
        ),
        sessionZone: fc.constantFrom(
          'UTC',
          'Asia/Ho_Chi_Minh',
          'America/New_York',
          'Pacific/Chatham',
        ),
      }),
    );
  });

describe('period cell: periodCellSql against periodCellAt()', () => {
  let database: string;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: databaseUrl(database) });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    if (database) await dropTestDatabase(database);
  });

  it('should give every period the same cell in PostgreSQL as in TypeScript', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ periods, now, sessionZone }) => {
        const json = JSON.stringify(
          periods.map((p, id) => ({
            id,
            status: p.status,
            starts_on: p.startsOn,
            due_at: p.dueAt.toISOString(),
            first_submitted_at: p.firstSubmittedAt?.toISOString() ?? null,
          })),
        );
        await client.query(`SET TIME ZONE '${sessionZone}'`);
        const { rows } = await client.query<{
          cell: string | null;
          status: string;
          severity: number | null;
        }>(SQL, [json, now, CELL_SEVERITY]);
        const expected = periods.map((p) => periodCellAt(p, now));
        expect(rows.map((row) => row.cell)).toEqual(expected);
        expect(rows.map((row) => row.status)).toEqual(periods.map((p) => periodStatusAt(p, now)));
        expect(rows.map((row) => row.severity)).toEqual(
          expected.map((cell) => (cell === null ? null : CELL_SEVERITY.indexOf(cell))),
        );
        expected.forEach((cell) => seen.add(String(cell)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator reaches every cell (a property that never sees one proves nothing of it).
    expect([...seen].sort()).toEqual(['late', 'missed', 'not_due', 'null', 'on_time', 'open']);
  });
});
