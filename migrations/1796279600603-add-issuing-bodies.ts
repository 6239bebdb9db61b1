import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: bodies at every level issue directives. Units gain the kinds of every level
 * (province committee, department, ward, special zone) and every directive names the body that
 * issued it: the importing user's body, the nearest committee or department up the tree from the
 * importer's unit, else the top of that tree (`src/units/unit-body.ts`, repeated here in SQL so
 * the migration stays self-contained). A single-committee database becomes the new model with
 * every directive issued by its committee, no row lost.
 */
export class AddIssuingBodies1796279600603 implements MigrationInterface {
  name = 'AddIssuingBodies1796279600603';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "units" DROP CONSTRAINT "CHK_units_kind"
        `);
    await queryRunner.query(`
            ALTER TABLE "units"
            ADD CONSTRAINT "CHK_units_kind" CHECK (
                    "kind" IN (
                        'province_committee',
                        'department',
                        'district_committee',
                        'office',
                        'public_service',
                        'commune',
                        'ward',
                        'special_zone',
                        'mass_organisation',
                        'police_military',
                        'other'
                    )
                )
        `);
    // Nullable while the backfill runs, then required.
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD "issuing_unit_id" uuid
        `);
    await queryRunner.query(`
            UPDATE "directives" d
               SET "issuing_unit_id" = (
                   WITH RECURSIVE up(id, parent_id, kind, depth) AS (
                     SELECT un.id, un.parent_id, un.kind, 0
                       FROM users us JOIN units un ON un.id = us.unit_id
                      WHERE us.id = d.imported_by
                     UNION ALL
                     SELECT p.id, p.parent_id, p.kind, up.depth + 1
                       FROM up JOIN units p ON p.id = up.parent_id
                      WHERE up.kind NOT IN ('province_committee', 'department', 'district_committee',
                                            'commune', 'ward', 'special_zone')
                        AND up.depth < 31
                   )
                   SELECT up.id FROM up ORDER BY up.depth DESC LIMIT 1)
        `);
    await queryRunner.query(`
            ALTER TABLE "directives"
            ALTER COLUMN "issuing_unit_id" SET NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_directives_issuing_unit_id" ON "directives" ("issuing_unit_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "directives"
            ADD CONSTRAINT "FK_directives_issuing_unit" FOREIGN KEY ("issuing_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "directives" DROP CONSTRAINT "FK_directives_issuing_unit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_directives_issuing_unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "directives" DROP COLUMN "issuing_unit_id"
        `);
    // The old kinds cannot name the new ones: each becomes the nearest old kind, so no unit is
    // lost (a ward and a special zone were communes, a department an office).
    await queryRunner.query(`
            UPDATE "units"
               SET "kind" = CASE "kind"
                              WHEN 'ward' THEN 'commune'
                              WHEN 'special_zone' THEN 'commune'
                              WHEN 'department' THEN 'office'
                              ELSE 'other'
                            END
             WHERE "kind" IN ('province_committee', 'department', 'ward', 'special_zone')
        `);
    await queryRunner.query(`
            ALTER TABLE "units" DROP CONSTRAINT "CHK_units_kind"
        `);
    await queryRunner.query(`
            ALTER TABLE "units"
            ADD CONSTRAINT "CHK_units_kind" CHECK (
                    "kind" IN (
                        'district_committee',
                        'office',
                        'public_service',
                        'commune',
                        'mass_organisation',
                        'police_military',
                        'other'
                    )
                )
        `);
  }
}
