CREATE TABLE "exchange_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"exchange_id" text,
	"system_code" text NOT NULL,
	"agency" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_contents" (
	"exchange_id" text PRIMARY KEY NOT NULL,
	"ciphertext" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"exchange_id" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"actor" text NOT NULL,
	"code" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_keys" (
	"exchange_id" text PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchanges" (
	"id" text PRIMARY KEY NOT NULL,
	"source_system" text NOT NULL,
	"source_agency" text NOT NULL,
	"destination_system" text NOT NULL,
	"destination_agency" text,
	"subject" text NOT NULL,
	"priority" text NOT NULL,
	"data_type" text NOT NULL,
	"protocol" text NOT NULL,
	"declared_size" bigint NOT NULL,
	"deadline" timestamp with time zone,
	"status" text NOT NULL,
	"code" text,
	"reason" text,
	"policy" jsonb,
	"content_type" text,
	"size" bigint,
	"sha256" text,
	"delivered_content_type" text,
	"delivered_size" bigint,
	"delivered_sha256" text,
	"transformed" boolean DEFAULT false NOT NULL,
	"workflow_id" text,
	"webhook_attempts" bigint DEFAULT 0 NOT NULL,
	"webhook_delivered_at" timestamp with time zone,
	"webhook_last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"fetched_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"purged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "exchange_alerts_at_idx" ON "exchange_alerts" USING btree ("at");--> statement-breakpoint
CREATE INDEX "exchange_events_exchange_idx" ON "exchange_events" USING btree ("exchange_id","id");--> statement-breakpoint
CREATE INDEX "exchanges_destination_idx" ON "exchanges" USING btree ("destination_system","status");--> statement-breakpoint
CREATE INDEX "exchanges_source_idx" ON "exchanges" USING btree ("source_system","created_at");--> statement-breakpoint
CREATE INDEX "exchanges_created_idx" ON "exchanges" USING btree ("created_at");