import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTaskPeriods1796237708157 implements MigrationInterface {
  name = 'AddTaskPeriods1796237708157';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "task_periods" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "starts_on" date NOT NULL,
                "ends_on" date NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'open',
                "report" text,
                "metrics" jsonb NOT NULL DEFAULT '[]',
                "files" jsonb NOT NULL DEFAULT '[]',
                "first_submitted_at" TIMESTAMP WITH TIME ZONE,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "submitted_by" uuid,
                "late" boolean NOT NULL DEFAULT false,
                "reviewed_at" TIMESTAMP WITH TIME ZONE,
                "reviewed_by" uuid,
                "review_note" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "CHK_task_periods_span" CHECK ("starts_on" <= "ends_on"),
                CONSTRAINT "CHK_task_periods_status" CHECK (
                    "status" IN (
                        'open',
                        'submitted',
                        'accepted',
                        'returned',
                        'missed',
                        'cancelled'
                    )
                ),
                CONSTRAINT "PK_task_periods" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_task_periods_open_due_at" ON "task_periods" ("due_at")
            WHERE "status" IN ('open', 'missed')
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_task_periods_task_number" ON "task_periods" ("task_id", "number")
        `);
    await queryRunner.query(`
            ALTER TABLE "escalations"
            ADD "period_id" uuid
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_tasks_recurring_open" ON "tasks" ("id")
            WHERE "recurrence" IS NOT NULL
                AND "status" NOT IN ('completed', 'cancelled')
        `);
    await queryRunner.query(`
            ALTER TABLE "task_periods"
            ADD CONSTRAINT "FK_task_periods_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_periods"
            ADD CONSTRAINT "FK_task_periods_submitted_by" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_periods"
            ADD CONSTRAINT "FK_task_periods_reviewed_by" FOREIGN KEY ("reviewed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalations"
            ADD CONSTRAINT "FK_escalations_period" FOREIGN KEY ("period_id") REFERENCES "task_periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "escalations" DROP CONSTRAINT "FK_escalations_period"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_periods" DROP CONSTRAINT "FK_task_periods_reviewed_by"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_periods" DROP CONSTRAINT "FK_task_periods_submitted_by"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_periods" DROP CONSTRAINT "FK_task_periods_task"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_tasks_recurring_open"
        `);
    await queryRunner.query(`
            ALTER TABLE "escalations" DROP COLUMN "period_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_task_periods_task_number"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_task_periods_open_due_at"
        `);
    await queryRunner.query(`
            DROP TABLE "task_periods"
        `);
  }
}
