CREATE TABLE "report_regimes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"kind" text NOT NULL,
	"lead_agency_code" text NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"frequency" text NOT NULL,
	"template_version" text NOT NULL,
	"indicators" jsonb NOT NULL,
	"unit_scope" jsonb NOT NULL,
	"review_due_at" timestamp with time zone NOT NULL,
	"source" text DEFAULT 'local' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_periods" (
	"id" text PRIMARY KEY NOT NULL,
	"regime_code" text NOT NULL,
	"label" text NOT NULL,
	"data_from" text NOT NULL,
	"data_to" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'collecting' NOT NULL,
	"run_id" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_periods_regime_label_idx" ON "report_periods" USING btree ("regime_code","label");
--> statement-breakpoint
CREATE TABLE "report_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"period_id" text NOT NULL,
	"unit_code" text NOT NULL,
	"delegated_to" text,
	"run_id" text,
	"overdue" boolean DEFAULT false NOT NULL,
	"reminders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_assignments_period_unit_idx" ON "report_assignments" USING btree ("period_id","unit_code");
--> statement-breakpoint
CREATE INDEX "report_assignments_unit_idx" ON "report_assignments" USING btree ("unit_code");
--> statement-breakpoint
CREATE TABLE "report_submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"assignment_id" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"units" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"comments" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_submissions_assignment_id_unique" UNIQUE("assignment_id")
);
--> statement-breakpoint
CREATE TABLE "report_aggregates" (
	"id" text PRIMARY KEY NOT NULL,
	"period_id" text NOT NULL,
	"state" text DEFAULT 'aggregated' NOT NULL,
	"values" jsonb NOT NULL,
	"missing" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"signature" jsonb,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"aggregated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_aggregates_period_id_unique" UNIQUE("period_id")
);
