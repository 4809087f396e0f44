CREATE TABLE "ioc_feedback" (
	"feedback_id" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"commune_code" text NOT NULL,
	"content_hash" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"duplicate_of" text,
	"reject_reason" text,
	"verified_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"unit_code" text,
	"due_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"survey_score" integer,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "ioc_feedback_received_idx" ON "ioc_feedback" USING btree ("received_at");
--> statement-breakpoint
CREATE INDEX "ioc_feedback_dup_idx" ON "ioc_feedback" USING btree ("content_hash","commune_code");
--> statement-breakpoint
CREATE TABLE "ioc_outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"enqueue_key" text NOT NULL,
	"indicator_code" text NOT NULL,
	"area_code" text NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"revision" integer NOT NULL,
	"extra" jsonb NOT NULL,
	"state" text NOT NULL,
	"ioc_id" text,
	"reject_code" text,
	"queued_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ioc_outbox_enqueue_key_idx" ON "ioc_outbox" USING btree ("enqueue_key");
--> statement-breakpoint
CREATE UNIQUE INDEX "ioc_outbox_series_revision_idx" ON "ioc_outbox" USING btree ("indicator_code","area_code","period","revision");
--> statement-breakpoint
CREATE INDEX "ioc_outbox_state_idx" ON "ioc_outbox" USING btree ("state","seq");
--> statement-breakpoint
CREATE TABLE "ioc_indicator_definitions" (
	"code" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
