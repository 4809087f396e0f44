CREATE TABLE "credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"secret" text NOT NULL,
	"key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_versions" (
	"flow_key" text NOT NULL,
	"version" integer NOT NULL,
	"hash" text NOT NULL,
	"document" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"note" text,
	"published_by" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flow_versions_flow_key_version_pk" PRIMARY KEY("flow_key","version")
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"key" text PRIMARY KEY NOT NULL,
	"title" jsonb NOT NULL,
	"latest_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"run_id" text PRIMARY KEY NOT NULL,
	"flow_key" text NOT NULL,
	"version" integer NOT NULL,
	"hash" text NOT NULL,
	"trigger" text NOT NULL,
	"agency" text,
	"caller" text,
	"idempotency_key" text,
	"request_hash" text,
	"status" text DEFAULT 'running' NOT NULL,
	"business_keys" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_flow_key_flows_key_fk" FOREIGN KEY ("flow_key") REFERENCES "public"."flows"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_idempotency_uq" ON "runs" USING btree ("caller","flow_key","idempotency_key");--> statement-breakpoint
CREATE INDEX "runs_flow_started_idx" ON "runs" USING btree ("flow_key","started_at");