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
}
