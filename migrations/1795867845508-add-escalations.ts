import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEscalations1795867845508 implements MigrationInterface {
  name = 'AddEscalations1795867845508';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "escalations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "step" character varying(32) NOT NULL,
                "level" integer NOT NULL,
                "deadline_version" integer NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "recipient_ids" uuid array NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_escalations" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_escalations_fired_at" ON "escalations" ("fired_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_escalations_task_step_version" ON "escalations" ("task_id", "step", "deadline_version")
        `);
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD "escalation_policy" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "escalations"
            ADD CONSTRAINT "FK_escalations_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "escalations" DROP CONSTRAINT "FK_escalations_task"
        `);
    await queryRunner.query(`
            ALTER TABLE "directives" DROP COLUMN "escalation_policy"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_escalations_task_step_version"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_escalations_fired_at"
        `);
    await queryRunner.query(`
            DROP TABLE "escalations"
        `);
  }
}
