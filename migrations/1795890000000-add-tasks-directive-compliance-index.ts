import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly unit ranking (`GET /api/compliance/units`) reads every task of a period's
 * directives — tens of thousands — and only these columns of them. Covering them lets it read
 * the index alone (an index-only scan per directive) instead of one heap page per task, and the
 * key's (requested, unit_id) order lets it count each unit's directives without sorting.
 * `IDX_tasks_directive_id` stays: the entity declares it, and it is a tenth of the size for the
 * lookups that need only the directive.
 */
export class AddTasksDirectiveComplianceIndex1795890000000 implements MigrationInterface {
  name = 'AddTasksDirectiveComplianceIndex1795890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_tasks_directive_compliance" ON "tasks" ("directive_id", "requested", "unit_id")
            INCLUDE ("status", "due_at", "reported_at", "last_unit_activity_at", "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_tasks_directive_compliance"
        `);
  }
}
