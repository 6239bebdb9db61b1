import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, part 6: the chain's edge from directive to directive. A carried-down directive names
 * the directive of the task it carries down, so walking a province's chain probes one index per
 * directive instead of one per task. Existing links are filled from their task before the CHECK
 * that keeps the two columns both set or both null.
 */
export class AddDirectiveImplementsDirective1796305618776 implements MigrationInterface {
  name = 'AddDirectiveImplementsDirective1796305618776';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD "implements_directive_id" uuid
        `);
    await queryRunner.query(`
            UPDATE "directives" d
               SET "implements_directive_id" = t."directive_id"
              FROM "tasks" t
             WHERE t."id" = d."implements_task_id"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_directives_implements_directive_id" ON "directives" ("implements_directive_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD CONSTRAINT "CHK_directives_implements_both" CHECK (
                    ("implements_task_id" IS NULL) = ("implements_directive_id" IS NULL)
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD CONSTRAINT "FK_directives_implements_directive" FOREIGN KEY ("implements_directive_id") REFERENCES "directives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "directives" DROP CONSTRAINT "FK_directives_implements_directive"
        `);
    await queryRunner.query(`
            ALTER TABLE "directives" DROP CONSTRAINT "CHK_directives_implements_both"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_directives_implements_directive_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "directives" DROP COLUMN "implements_directive_id"
        `);
  }
}
