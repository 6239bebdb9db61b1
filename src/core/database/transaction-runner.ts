import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The one way services run several writes together: the callback receives the transaction's
 * entity manager and passes it down; everything commits or nothing does.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    // READ COMMITTED, PostgreSQL's default: naming it would cost a round trip per transaction
    // (TypeORM sends SET TRANSACTION ISOLATION LEVEL after START TRANSACTION).
    return this.dataSource.transaction(work);
  }

  /**
   * For work that is ONE SQL statement (CTEs included): PostgreSQL runs a statement as a
   * transaction of its own, all of it or none, so BEGIN and COMMIT would only add two round
   * trips. Anything that sends a second statement belongs in {@link run}.
   */
  statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
