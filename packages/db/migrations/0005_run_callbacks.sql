CREATE TABLE "run_callbacks" (
	"run_id" text PRIMARY KEY NOT NULL,
	"system_code" text NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connected_systems" ADD COLUMN "max_concurrent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "connected_systems" ADD COLUMN "callback_secret" text;--> statement-breakpoint
CREATE INDEX "run_callbacks_due_idx" ON "run_callbacks" USING btree ("status","next_attempt_at");