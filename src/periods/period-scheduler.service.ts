import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { AppConfig } from '../core/config/app-config.js';
import type { Recurrence } from '../tasks/recurrence.js';
import {
  dateInVietnam,
  type PeriodAnchor,
  periodsOf,
  readRecurrence,
  type PeriodSpan,
} from './period-schedule.js';
import {
  cancelOpenPeriods,
  insertPeriods,
  insertPublicationPeriods,
  markMissed,
  PeriodColumns,
} from './period.sql.js';

const DAY_MS = 86_400_000;

/**
 * A recurring task whose materialised periods end before the horizon, or that has none yet (its
 * recurrence starts on a day that was beyond the horizon): then the last period's columns are
 * null.
 */
interface RollRow {
  task_id: string;
  recurrence: Recurrence;
  number: number | null;
  ends_on: string | null;
  due_at: Date | null;
}

/**
 * Creates reporting periods: at publication (inside its transaction, one statement), ahead by
 * `PERIOD_HORIZON_DAYS` and rolled forward by the escalation sweep's tick, which also stores
 * misses and cancels the open periods of closed tasks. Every write is idempotent: (task, number)
 * is unique and inserts skip what exists.
 */
@Injectable()
export class PeriodScheduler {
  private readonly logger = new Logger(PeriodScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
  ) {}

  /** The last date periods are materialised for at `now` (periods starting by it exist). */
  horizon(now: Date): string {
    return dateInVietnam(new Date(now.getTime() + this.config.get('PERIOD_HORIZON_DAYS') * DAY_MS));
  }

  /** The spans a recurrence gives from `start` (after `after`), up to the horizon. */
  spans(
    recurrence: Recurrence,
    start: Date,
    calendar: WorkingCalendar,
    after: PeriodAnchor | null = null,
    now: Date = start,
  ): PeriodSpan[] {
    return periodsOf(readRecurrence(recurrence), {
      start,
      after,
      horizon: this.horizon(now),
      calendar,
    });
  }

  /**
   * A publication's periods, in its transaction: every lead task of a recurring part gets the
   * part's periods up to the horizon. One statement for the whole publication.
   */
  async atPublication(
    manager: EntityManager,
    directiveId: string,
    parts: ReadonlyArray<{ assignmentId: string; recurrence: Recurrence | null }>,
    now: Date,
    calendar: WorkingCalendar,
  ): Promise<number> {
    const perPart = parts.flatMap(({ assignmentId, recurrence }) =>
      recurrence ? [{ assignmentId, spans: this.spans(recurrence, now, calendar) }] : [],
    );
    return insertPublicationPeriods(manager, directiveId, perPart);
  }

  /**
   * The sweep's tick: stores misses, cancels open periods of closed tasks and materialises the
   * periods that now fall within the horizon. Returns the tasks that got new periods (the
   * escalation sweep plans their rungs once they come within its reach, not now).
   */
  async tick(now: Date): Promise<string[]> {
    await markMissed(this.dataSource.manager, now);
    await cancelOpenPeriods(this.dataSource.manager, null, now);
    return this.rollForward(now);
  }

  /** New periods for every open recurring task whose last period ends before the horizon. */
  async rollForward(now: Date): Promise<string[]> {
    const horizon = this.horizon(now);
    const rows = await this.dataSource.query<RollRow[]>(
      `SELECT t.id AS task_id, t.recurrence, p.number, to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on,
              p.due_at
         FROM tasks t
         LEFT JOIN LATERAL (SELECT number, ends_on, due_at FROM task_periods
                        WHERE task_id = t.id ORDER BY number DESC LIMIT 1) p ON true
        WHERE t.recurrence IS NOT NULL AND t.status NOT IN ('completed', 'cancelled')
          -- (IDX_tasks_recurring_open has this predicate)
          AND CASE WHEN p.number IS NULL
                -- None yet: the recurrence starts later (bắt đầu), and that day is now in reach.
                -- Lead tasks only, as at publication.
                THEN t.role = 'lead' AND (t.recurrence->>'from')::date <= $1::date
                     AND (t.recurrence->>'until' IS NULL OR (t.recurrence->>'until')::date >= $2::date)
                ELSE p.ends_on < $1::date
                     AND (t.recurrence->>'until' IS NULL OR p.ends_on < (t.recurrence->>'until')::date)
              END`,
      [horizon, dateInVietnam(now)],
    );
    if (rows.length === 0) return [];
    const calendar = await this.calendar.calendar();
    const periods = new PeriodColumns();
    // Units of one part share recurrence and anchor: compute each distinct schedule once.
    const known = new Map<string, PeriodSpan[]>();
    for (const row of rows) {
      const key = `${JSON.stringify(row.recurrence)} ${row.number} ${row.ends_on} ${row.due_at?.getTime()}`;
      let spans = known.get(key);
      if (!spans) {
        // A task without periods starts now, or on its recurrence's start day when later.
        spans =
          row.number === null || row.ends_on === null || row.due_at === null
            ? this.spans(row.recurrence, now, calendar, null, now)
            : this.spans(
                row.recurrence,
                row.due_at,
                calendar,
                { number: row.number, to: row.ends_on },
                now,
              );
        known.set(key, spans);
      }
      periods.add(row.task_id, spans);
    }
    const created = await insertPeriods(this.dataSource.manager, periods);
    if (created > 0) this.logger.log(`rolled forward ${created} periods of ${rows.length} tasks`);
    return [...new Set(periods.taskIds)];
  }

  /** Open periods of closed tasks, not yet due, are cancelled (the outbox's task.closed). */
  async closeTasks(manager: EntityManager, taskIds: string[], now: Date): Promise<number> {
    return taskIds.length === 0 ? 0 : cancelOpenPeriods(manager, taskIds, now);
  }
}
