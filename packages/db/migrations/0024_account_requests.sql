CREATE TABLE "account_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"agency" text NOT NULL,
	"username" text NOT NULL,
	"display_name" text,
	"roles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data_scope" text,
	"reason" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"requested_by" text NOT NULL,
	"task_id" text,
	"workflow_id" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "account_requests_agency_state_idx" ON "account_requests" USING btree ("agency","state","created_at");
