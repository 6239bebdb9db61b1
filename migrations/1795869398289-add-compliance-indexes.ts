import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddComplianceIndexes1795869398289 implements MigrationInterface {
  name = 'AddComplianceIndexes1795869398289';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_tasks_open_due_at" ON "tasks" ("due_at")
            WHERE "status" NOT IN ('completed', 'cancelled', 'paused')
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_tasks_open_due_at"
        `);
  }
}
