import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddIdempotencyRequestHash1795870500000 implements MigrationInterface {
  name = 'AddIdempotencyRequestHash1795870500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "idempotency_records"
            ADD "request_hash" character varying(64)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "idempotency_records" DROP COLUMN "request_hash"
        `);
  }
}
