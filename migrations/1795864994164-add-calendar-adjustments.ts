import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCalendarAdjustments1795864994164 implements MigrationInterface {
  name = 'AddCalendarAdjustments1795864994164';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "calendar_adjustments" (
                "date" date NOT NULL,
                "kind" character varying(16) NOT NULL,
                "note" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_calendar_adjustments_kind" CHECK ("kind" IN ('day_off', 'working_day')),
                CONSTRAINT "PK_calendar_adjustments" PRIMARY KEY ("date")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "calendar_adjustments"
        `);
  }
}
