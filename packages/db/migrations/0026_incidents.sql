CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"alert_id" bigint,
	"affected_flows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"affected_systems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agencies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"recovery_eta" timestamp (3) with time zone,
	"announcements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resolved_by" text,
	"resolved_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "incidents_opened_at_idx" ON "incidents" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status");--> statement-breakpoint
CREATE TABLE "incident_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL REFERENCES "incidents"("id"),
	"step" text NOT NULL,
	"position" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"done_by" text,
	"done_at" timestamp (3) with time zone,
	"note" text,
	"link" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "incident_steps_incident_step_idx" ON "incident_steps" USING btree ("incident_id","step");
