import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../core/clock.js';
import { CarriedDownReader } from '../tasks/carrying-down.ports.js';
import type { CarriedDownDto } from '../tasks/task.dto.js';
import { figures } from './compliance-figures.js';
import { CARRIED_DOWN_SQL, type CarriedDownSqlRow, countsOf } from './compliance-sql.js';

/**
 * A received task's children (triển khai, issue 16 part 3) with their progress: each child
 * directive's compliance figures, counted and rated by the one rule (`countColumns`, `figures`).
 * The caller has checked the task is the user's to see.
 */
@Injectable()
export class CarriedDownProgress extends CarriedDownReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async carriedDownBy(taskId: string, withDrafts: boolean): Promise<CarriedDownDto[]> {
    const rows = await this.dataSource.query<CarriedDownSqlRow[]>(CARRIED_DOWN_SQL, [
      taskId,
      this.clock.now(),
      withDrafts,
    ]);
    return rows.map((row) => {
      const counted = figures(countsOf(row));
      return {
        directiveId: row.id,
        number: row.number,
        subject: row.subject,
        status: row.status,
        progress: {
          total: counted.total,
          completed: counted.completed,
          completedOnTime: counted.completedOnTime,
          overdue: counted.overdue,
          notReceived: counted.notReceived,
          completionRate: counted.completionRate,
          onTimeRate: counted.onTimeRate,
        },
      };
    });
  }
}
