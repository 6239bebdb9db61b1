import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUnitsAndUsers1795864294483 implements MigrationInterface {
  name = 'CreateUnitsAndUsers1795864294483';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "units" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(100) NOT NULL,
                "name" character varying(255) NOT NULL,
                "short_name" character varying(100),
                "kind" character varying(32) NOT NULL,
                "parent_id" uuid,
                "population" integer,
                "aliases" text array NOT NULL DEFAULT '{}',
                "search_text" text NOT NULL DEFAULT '',
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_units_population" CHECK (
                    "population" IS NULL
                    OR "population" >= 0
                ),
                CONSTRAINT "CHK_units_kind" CHECK (
                    "kind" IN (
                        'district_committee',
                        'office',
                        'public_service',
                        'commune',
                        'mass_organisation',
                        'police_military',
                        'other'
                    )
                ),
                CONSTRAINT "PK_units" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_units_parent_id" ON "units" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_units_code" ON "units" ("code")
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_groups" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(100) NOT NULL,
                "name" character varying(255) NOT NULL,
                "aliases" text array NOT NULL DEFAULT '{}',
                "description" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_unit_groups" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_unit_groups_code" ON "unit_groups" ("code")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" character varying(100) NOT NULL,
                "full_name" character varying(255) NOT NULL,
                "role" character varying(32) NOT NULL,
                "unit_id" uuid NOT NULL,
                "password_hash" character varying(255) NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_users_role" CHECK (
                    "role" IN (
                        'admin',
                        'chair',
                        'clerk',
                        'unit_head',
                        'unit_officer'
                    )
                ),
                CONSTRAINT "PK_users" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_users_unit_id" ON "users" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_users_username" ON "users" ("username")
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_group_members" (
                "group_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                CONSTRAINT "PK_35134b07533bd9359b9cafbae0d" PRIMARY KEY ("group_id", "unit_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0bb3f6fdd089f58b3eac8d5905" ON "unit_group_members" ("group_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_adb6120b528982ea8dfa2ea01e" ON "unit_group_members" ("unit_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "units"
            ADD CONSTRAINT "FK_units_parent" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_users_unit" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_group_members"
            ADD CONSTRAINT "FK_unit_group_members_group" FOREIGN KEY ("group_id") REFERENCES "unit_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_group_members"
            ADD CONSTRAINT "FK_unit_group_members_unit" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "unit_group_members" DROP CONSTRAINT "FK_unit_group_members_unit"
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_group_members" DROP CONSTRAINT "FK_unit_group_members_group"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_users_unit"
        `);
    await queryRunner.query(`
            ALTER TABLE "units" DROP CONSTRAINT "FK_units_parent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_adb6120b528982ea8dfa2ea01e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0bb3f6fdd089f58b3eac8d5905"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_group_members"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_users_username"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_users_unit_id"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_unit_groups_code"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_groups"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_units_code"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_units_parent_id"
        `);
    await queryRunner.query(`
            DROP TABLE "units"
        `);
  }
}
