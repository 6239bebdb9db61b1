import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: carrying a task down (triển khai). A directive may name the task it carries down —
 * one its issuing body received from a directive above; a task may be carried down by several.
 * Nullable: every existing directive carries nothing down.
 */
export class AddDirectiveImplementsTask1796282090724 implements MigrationInterface {
  name = 'AddDirectiveImplementsTask1796282090724';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD "implements_task_id" uuid
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_directives_implements_task_id" ON "directives" ("implements_task_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD CONSTRAINT "FK_directives_implements_task" FOREIGN KEY ("implements_task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "directives" DROP CONSTRAINT "FK_directives_implements_task"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_directives_implements_task_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "directives" DROP COLUMN "implements_task_id"
        `);
  }
}
