CREATE TABLE "run_keys" (
	"run_id" text PRIMARY KEY NOT NULL,
	"wrapped_key" text,
	"master_key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "run_records" (
	"run_id" text PRIMARY KEY NOT NULL,
	"retention_days" integer,
	"expires_at" timestamp with time zone,
	"business_key_hashes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"personal" text,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL,
	"swept_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "run_records_expires_idx" ON "run_records" USING btree ("expires_at");