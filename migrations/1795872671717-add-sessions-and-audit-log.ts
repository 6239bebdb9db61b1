import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSessionsAndAuditLog1795872671717 implements MigrationInterface {
  name = 'AddSessionsAndAuditLog1795872671717';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" BIGSERIAL NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" uuid,
                "username" character varying(100),
                "role" character varying(32),
                "unit_id" uuid,
                "action" character varying(300) NOT NULL,
                "target_ids" text array NOT NULL,
                "request_id" character varying(64) NOT NULL,
                "status" smallint NOT NULL,
                "client_ip" character varying(64),
                CONSTRAINT "PK_audit_log" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_log_user_id_at" ON "audit_log" ("user_id", "at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_log_at" ON "audit_log" ("at")
        `);
    // Hand-written from here to the sessions: the GIN index (filter by target id) and the
    // append-only guard. The app connects as the table's owner (a superuser here), so grants
    // alone cannot stop it: a statement trigger refuses UPDATE, DELETE and TRUNCATE for
    // everyone, and the REVOKE keeps any other role from even trying.
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_log_target_ids" ON "audit_log" USING gin ("target_ids")
        `);
    await queryRunner.query(`
            CREATE FUNCTION "audit_log_append_only"() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "TRG_audit_log_append_only"
            BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
            FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"()
        `);
    await queryRunner.query(`
            REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC
        `);
    await queryRunner.query(`
            CREATE TABLE "auth_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" character varying(16),
                CONSTRAINT "PK_auth_sessions" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_auth_sessions_user_id" ON "auth_sessions" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" uuid NOT NULL,
                "token_hash" character varying(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_refresh_tokens" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refresh_tokens_session_id" ON "refresh_tokens" ("session_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_refresh_tokens_token_hash" ON "refresh_tokens" ("token_hash")
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions"
            ADD CONSTRAINT "FK_auth_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD CONSTRAINT "FK_refresh_tokens_session" FOREIGN KEY ("session_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_refresh_tokens_session"
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_sessions" DROP CONSTRAINT "FK_auth_sessions_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_refresh_tokens_token_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refresh_tokens_session_id"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_auth_sessions_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_sessions"
        `);
    await queryRunner.query(`
            DROP TRIGGER "TRG_audit_log_append_only" ON "audit_log"
        `);
    await queryRunner.query(`
            DROP FUNCTION "audit_log_append_only"()
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_log_target_ids"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_log_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_log_user_id_at"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
  }
}
