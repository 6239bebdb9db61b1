import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import type { Page } from '../core/http/pagination.js';
import { CalendarAdjustment } from './calendar-adjustment.entity.js';
import {
  type AdjustmentListQuery,
  MAX_CALENDAR_RANGE_DAYS,
  type PutAdjustmentDto,
} from './calendar.dto.js';
import { CalendarAdjustmentNotFoundError, InvalidDateRangeError } from './calendar.errors.js';
import { type CalendarDay, WorkingCalendar } from './working-calendar.js';

/**
 * How long a calendar is reused before the adjustments are read again. This instance rebuilds
 * at once after its own changes; the TTL bounds how long other API instances and workers go on
 * with the old adjustments.
 */
export const CALENDAR_CACHE_TTL_MS = 60_000;

const DAY_MS = 86_400_000;

/** The working-day calendar with the admins' adjustments, and their upkeep. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { calendar: Promise<WorkingCalendar>; loadedAt: number } | undefined;

  constructor(
    @InjectRepository(CalendarAdjustment)
    private readonly adjustments: Repository<CalendarAdjustment>,
  ) {}

  /**
   * The current calendar. Take it once for a batch (bulk publishing) and call it synchronously;
   * it is cached and rebuilt after any change of adjustments.
   */
  calendar(): Promise<WorkingCalendar> {
    const now = Date.now();
    if (this.cached && now - this.cached.loadedAt < CALENDAR_CACHE_TTL_MS) {
      return this.cached.calendar;
    }
    const entry = { calendar: this.load(), loadedAt: now };
    this.cached = entry;
    // A failed load is not kept: the next call reads again.
    entry.calendar.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry.calendar;
  }

  async list(query: AdjustmentListQuery): Promise<Page<CalendarAdjustment>> {
    const year = query.year === undefined ? undefined : String(query.year).padStart(4, '0');
    const [items, total] = await this.adjustments.findAndCount({
      where: year ? { date: Between(`${year}-01-01`, `${year}-12-31`) } : {},
      order: { date: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** Sets the adjustment of one date, replacing any it had. */
  async put(date: string, input: PutAdjustmentDto): Promise<CalendarAdjustment> {
    await this.adjustments
      .createQueryBuilder()
      .insert()
      .into(CalendarAdjustment)
      .values({ date, kind: input.kind, note: input.note })
      .orUpdate(['kind', 'note', 'updated_at'], ['date'])
      .execute();
    this.invalidate();
    this.logger.log(`set calendar adjustment ${date}: ${input.kind}`);
    return this.adjustments.findOneByOrFail({ date });
  }

  async remove(date: string): Promise<void> {
    const result = await this.adjustments.delete({ date });
    if (!result.affected) throw new CalendarAdjustmentNotFoundError(date);
    this.invalidate();
    this.logger.log(`removed calendar adjustment ${date}`);
  }

  /** Every date from `from` to `to` (both included, at most a year's worth). */
  async days(from: string, to: string): Promise<CalendarDay[]> {
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
    if (span < 1) throw new InvalidDateRangeError('to must not be before from');
    if (span > MAX_CALENDAR_RANGE_DAYS) {
      throw new InvalidDateRangeError(
        `a range covers at most ${MAX_CALENDAR_RANGE_DAYS} days; this one has ${span}`,
      );
    }
    return (await this.calendar()).days(from, to);
  }

  async addWorkingDays(from: string, days: number): Promise<string> {
    return (await this.calendar()).addWorkingDays(from, days);
  }

  private async load(): Promise<WorkingCalendar> {
    const adjustments = await this.adjustments.find({ order: { date: 'ASC' } });
    return new WorkingCalendar(adjustments);
  }

  private invalidate(): void {
    this.cached = undefined;
  }
}
