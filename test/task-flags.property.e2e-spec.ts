import fc from 'fast-check';
import pg from 'pg';
import type { AdjustmentKind } from '../src/calendar/adjustment-kind.js';
import { vietnamDate, WorkingCalendar } from '../src/calendar/working-calendar.js';
import { countColumns } from '../src/compliance/compliance-sql.js';
import {
  deadlineRuns,
  type FlagInput,
  type FlagOptions,
  isOpen,
  type TaskCategory,
  type TaskFlags,
  taskFlags,
} from '../src/tasks/task-flags.js';
import {
  CATEGORY_CODES,
  categorySql,
  completedLateSql,
  completedOnTimeSql,
  daysOverdueSql,
  daysPastDueSql,
  deadlineRunsSql,
  dueSoonSql,
  flagBounds,
  inProgressOnTimeSql,
  noDeadlineSql,
  openSql,
  overdueSql,
  staleSql,
} from '../src/tasks/task-flags.sql.js';
import { TASK_STATUSES } from '../src/tasks/task-status.js';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/test-database.js';

/*
 * The lateness rules are written twice, once in TypeScript (`taskFlags()`) and once as SQL
 * fragments (`task-flags.sql.ts`) that compliance, the overview, reports, the planner and task
 * lists embed. This generates tasks, report instants, calendars and "as of" instants — edges
 * included: exactly at the deadline, a millisecond either side, midnight in Asia/Ho_Chi_Minh —
 * evaluates every fragment in PostgreSQL on a batch of tasks per case, and compares with
 * `taskFlags()`. A failure prints fast-check's seed and counterexample; rerun it with
 * TASK_FLAGS_SEED=<seed>.
 */

const SEED = Number(process.env.TASK_FLAGS_SEED ?? 20261202);
const RUNS = Number(process.env.TASK_FLAGS_RUNS ?? 200);
const DAY_MS = 86_400_000;
const NOW = '$2::timestamptz';

/** Every flag through the product's fragments, for tasks `t` of a JSON batch. */
const FLAGS_SQL = `
  SELECT t.id,
         ${openSql('t')} AS open,
         ${deadlineRunsSql('t')} AS runs,
         ${categorySql('t', NOW)} AS category,
         ${completedOnTimeSql('t')} AS completed_on_time,
         ${completedLateSql('t')} AS completed_late,
         ${inProgressOnTimeSql('t', NOW)} AS in_progress_on_time,
         ${overdueSql('t', NOW)} AS overdue,
         ${daysOverdueSql('t', NOW)} AS days_overdue,
         CASE WHEN ${overdueSql('t', NOW)} THEN ${daysPastDueSql('t', NOW)} END AS days_past_due,
         ${dueSoonSql('t', NOW, '$3::date')} AS due_soon,
         ${noDeadlineSql('t')} AS no_deadline,
         ${staleSql('t', '$4::date')} AS stale
    FROM ${batch('$1')}
   ORDER BY t.id`;

/** The compliance counts of the batch's tasks, as compliance queries aggregate them. */
const COUNTS_SQL = `SELECT ${countColumns(2)} FROM ${batch('$1')} WHERE t.status <> 'cancelled'`;

function batch(param: string): string {
  return `jsonb_to_recordset(${param}::jsonb) AS t(id int, status varchar(16), due_at timestamptz,
            reported_at timestamptz, last_unit_activity_at timestamptz)`;
}

interface FlagsSqlRow {
  id: number;
  open: boolean;
  runs: boolean;
  category: number | null;
  completed_on_time: boolean;
  completed_late: boolean;
  in_progress_on_time: boolean;
  overdue: boolean;
  days_overdue: number;
  days_past_due: number | null;
  due_soon: boolean;
  no_deadline: boolean;
  stale: boolean;
}

const CATEGORY_OF_CODE = new Map<number, TaskCategory>(
  Object.entries(CATEGORY_CODES).map(([category, code]) => [code, category as TaskCategory]),
);

function flagsOf(row: FlagsSqlRow): TaskFlags {
  return {
    category: row.category === null ? null : (CATEGORY_OF_CODE.get(row.category) ?? null),
    overdue: row.overdue,
    daysOverdue: row.days_overdue,
    dueSoon: row.due_soon,
    noDeadline: row.no_deadline,
    stale: row.stale,
  };
}

/** Midnight in Vietnam starting a date `days` after `from`'s Vietnamese date. */
function vietnamMidnight(from: Date, days: number): number {
  return Date.parse(`${vietnamDate(from)}T00:00:00+07:00`) + days * DAY_MS;
}

/** An instant near `asOf`: the very instant, a millisecond off, or some time of a nearby day. */
const near = (asOf: Date, maxDays: number) =>
  fc.oneof(
    fc.constantFrom(0, 1, -1).map((ms) => new Date(asOf.getTime() + ms)),
    fc
      .tuple(
        fc.integer({ min: -maxDays, max: maxDays }),
        fc.oneof(fc.constantFrom(0, 1, DAY_MS - 1), fc.integer({ min: 0, max: DAY_MS - 1 })),
      )
      .map(([days, ms]) => new Date(vietnamMidnight(asOf, days) + ms)),
  );

const asOfArb = fc.oneof(
  fc.date({
    min: new Date('2016-01-01T00:00:00Z'),
    max: new Date('2036-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  // Midnight in Vietnam, and the last millisecond before it.
  fc
    .tuple(
      fc.date({
        min: new Date('2016-01-01T00:00:00Z'),
        max: new Date('2036-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.constantFrom(0, -1),
    )
    .map(([date, ms]) => new Date(vietnamMidnight(date, 0) + ms)),
  // Around Tết and Quốc khánh, where the calendar has runs of days off.
  fc
    .tuple(
      fc.integer({ min: 2020, max: 2030 }),
      fc.constantFrom('01-25', '02-10', '08-30', '09-03'),
    )
    .map(([year, day]) => new Date(`${year}-${day}T10:00:00+07:00`)),
);

const caseArb = asOfArb.chain((asOf) => {
  const task = fc.record({
    status: fc.constantFrom(...TASK_STATUSES),
    dueAt: fc.option(near(asOf, 20), { freq: 5 }),
    reportedAt: fc.option(near(asOf, 20), { freq: 3 }),
    lastUnitActivityAt: near(asOf, 25),
  });
  const adjustment = fc.record({
    offset: fc.integer({ min: -30, max: 30 }),
    kind: fc.constantFrom<AdjustmentKind>('day_off', 'working_day'),
  });
  return fc.record({
    asOf: fc.constant(asOf),
    tasks: fc.array(task, { minLength: 1, maxLength: 40 }),
    adjustments: fc.uniqueArray(adjustment, { maxLength: 6, selector: (a) => a.offset }),
    options: fc.record({
      dueSoonWorkingDays: fc.integer({ min: 0, max: 6 }),
      staleWorkingDays: fc.integer({ min: 1, max: 8 }),
    }),
    // The database session's zone must not matter: the fragments name Vietnam's.
    sessionZone: fc.constantFrom('UTC', 'Asia/Ho_Chi_Minh', 'America/New_York', 'Pacific/Chatham'),
  });
});

describe('task flags: SQL fragments against taskFlags()', () => {
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

  it('should give every task the same flags in PostgreSQL as in TypeScript', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ asOf, tasks, adjustments, options, sessionZone }) => {
        const calendar = new WorkingCalendar(
          adjustments.map(({ offset, kind }) => ({
            date: vietnamDate(new Date(vietnamMidnight(asOf, offset))),
            kind,
            note: '',
          })),
        );
        const flagOptions: FlagOptions = options;
        const bounds = flagBounds(asOf, calendar, flagOptions);
        const json = JSON.stringify(tasks.map((task, id) => ({ id, ...rowOf(task) })));
        await client.query(`SET TIME ZONE '${sessionZone}'`);
        const { rows } = await client.query<FlagsSqlRow>(FLAGS_SQL, [
          json,
          asOf,
          bounds.dueSoonBefore,
          bounds.staleBefore,
        ]);
        const expected = tasks.map((task) => taskFlags(task, asOf, calendar, flagOptions));
        expect(rows.map(flagsOf)).toEqual(expected);
        rows.forEach((row, i) => {
          const { status } = tasks[i];
          const category = expected[i].category;
          expect({
            open: row.open,
            runs: row.runs,
            completedOnTime: row.completed_on_time,
            completedLate: row.completed_late,
            inProgressOnTime: row.in_progress_on_time,
            daysPastDue: row.days_past_due,
          }).toEqual({
            open: isOpen(status),
            runs: deadlineRuns(status),
            completedOnTime: category === 'completed_on_time',
            completedLate: category === 'completed_late',
            inProgressOnTime: category === 'in_progress_on_time',
            daysPastDue: expected[i].overdue ? expected[i].daysOverdue : null,
          });
        });

        const counted = expected.filter((_, i) => tasks[i].status !== 'cancelled');
        const overdue = counted.filter((flags) => flags.overdue);
        const {
          rows: [counts],
        } = await client.query<Record<string, unknown>>(COUNTS_SQL, [json, asOf]);
        expect(counts).toMatchObject({
          total: counted.length,
          completed_on_time: counted.filter((f) => f.category === 'completed_on_time').length,
          completed_late: counted.filter((f) => f.category === 'completed_late').length,
          in_progress_on_time: counted.filter((f) => f.category === 'in_progress_on_time').length,
          overdue: overdue.length,
          days_overdue_max: Math.max(0, ...overdue.map((f) => f.daysOverdue)),
          days_overdue_sum: overdue.reduce((sum, f) => sum + f.daysOverdue, 0),
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

function rowOf(task: FlagInput) {
  return {
    status: task.status,
    due_at: task.dueAt?.toISOString() ?? null,
    reported_at: task.reportedAt?.toISOString() ?? null,
    last_unit_activity_at: task.lastUnitActivityAt.toISOString(),
  };
}
