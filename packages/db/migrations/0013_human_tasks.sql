CREATE TABLE "human_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"flow_key" text NOT NULL,
	"version" integer NOT NULL,
	"node_id" text NOT NULL,
	"agency" text,
	"title" jsonb,
	"assignee_role" text,
	"assignee_user" text,
	"claimed_by" text,
	"state" text DEFAULT 'open' NOT NULL,
	"form" jsonb NOT NULL,
	"context" jsonb,
	"decision" jsonb,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"due_at" timestamp (3) with time zone,
	"escalated_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "human_task_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" text NOT NULL,
	"run_id" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "human_tasks_agency_state_idx" ON "human_tasks" USING btree ("agency","state","created_at");--> statement-breakpoint
CREATE INDEX "human_tasks_run_idx" ON "human_tasks" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "human_task_events_task_idx" ON "human_task_events" USING btree ("task_id","id");--> statement-breakpoint
CREATE INDEX "human_task_events_run_idx" ON "human_task_events" USING btree ("run_id","id");
