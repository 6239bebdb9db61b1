import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNotifications1795868036557 implements MigrationInterface {
  name = 'AddNotifications1795868036557';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification_channels" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "unit_id" uuid,
                "user_id" uuid,
                "kind" character varying(16) NOT NULL,
                "url" character varying(2048),
                "secret" character varying(255),
                "address" character varying(320),
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_notification_channels_target" CHECK (
                    (
                        "kind" = 'webhook'
                        AND "url" IS NOT NULL
                        AND "secret" IS NOT NULL
                        AND "address" IS NULL
                    )
                    OR (
                        "kind" = 'email'
                        AND "address" IS NOT NULL
                        AND "url" IS NULL
                        AND "secret" IS NULL
                    )
                ),
                CONSTRAINT "CHK_notification_channels_kind" CHECK ("kind" IN ('webhook', 'email')),
                CONSTRAINT "CHK_notification_channels_owner" CHECK (("unit_id" IS NULL) <> ("user_id" IS NULL)),
                CONSTRAINT "PK_notification_channels" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notification_channels_user_id" ON "notification_channels" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notification_channels_unit_id" ON "notification_channels" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "task_id" uuid,
                "escalation_id" uuid,
                "kind" character varying(32) NOT NULL,
                "title" character varying(500) NOT NULL,
                "body" text NOT NULL,
                "read_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_notifications" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notifications_task_id" ON "notifications" ("task_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notifications_user_unread" ON "notifications" ("user_id", "created_at")
            WHERE "read_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notifications_user_created" ON "notifications" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_notifications_escalation_user" ON "notifications" ("escalation_id", "user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbound_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "notification_id" uuid NOT NULL,
                "channel_id" uuid NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_outbound_deliveries_attempts" CHECK ("attempts" >= 0),
                CONSTRAINT "CHK_outbound_deliveries_status" CHECK ("status" IN ('pending', 'sent', 'failed')),
                CONSTRAINT "PK_outbound_deliveries" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_outbound_deliveries_channel_id" ON "outbound_deliveries" ("channel_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_outbound_deliveries_status_created" ON "outbound_deliveries" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_outbound_deliveries_pending" ON "outbound_deliveries" ("created_at")
            WHERE "status" = 'pending'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_outbound_deliveries_notification_channel" ON "outbound_deliveries" ("notification_id", "channel_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_channels"
            ADD CONSTRAINT "FK_notification_channels_unit" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_channels"
            ADD CONSTRAINT "FK_notification_channels_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_notifications_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "outbound_deliveries"
            ADD CONSTRAINT "FK_outbound_deliveries_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "outbound_deliveries"
            ADD CONSTRAINT "FK_outbound_deliveries_channel" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "outbound_deliveries" DROP CONSTRAINT "FK_outbound_deliveries_channel"
        `);
    await queryRunner.query(`
            ALTER TABLE "outbound_deliveries" DROP CONSTRAINT "FK_outbound_deliveries_notification"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_notifications_task"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_notifications_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_channels" DROP CONSTRAINT "FK_notification_channels_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_channels" DROP CONSTRAINT "FK_notification_channels_unit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_outbound_deliveries_notification_channel"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_outbound_deliveries_pending"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_outbound_deliveries_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_outbound_deliveries_channel_id"
        `);
    await queryRunner.query(`
            DROP TABLE "outbound_deliveries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_notifications_escalation_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notifications_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notifications_user_unread"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notifications_task_id"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_channels_unit_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_channels_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_channels"
        `);
  }
}
