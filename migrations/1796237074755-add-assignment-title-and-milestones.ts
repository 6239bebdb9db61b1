import { MigrationInterface, QueryRunner } from 'typeorm';

/** A part keeps the head's title the letter addresses ("Giám đốc") and every dated step of it. */
export class AddAssignmentTitleAndMilestones1796237074755 implements MigrationInterface {
  name = 'AddAssignmentTitleAndMilestones1796237074755';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "assignments"
            ADD "assignee_title" character varying(120)
        `);
    await queryRunner.query(`
            ALTER TABLE "assignments"
            ADD "milestones" jsonb NOT NULL DEFAULT '[]'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "assignments" DROP COLUMN "milestones"
        `);
    await queryRunner.query(`
            ALTER TABLE "assignments" DROP COLUMN "assignee_title"
        `);
  }
}
