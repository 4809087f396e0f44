CREATE TABLE "operations_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"agency" text DEFAULT '' NOT NULL,
	"period_from" timestamp (3) with time zone NOT NULL,
	"period_to" timestamp (3) with time zone NOT NULL,
	"trigger" text NOT NULL,
	"generated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"xlsx" text NOT NULL,
	"pdf" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "operations_reports_period_uq" ON "operations_reports" USING btree ("kind","slug","agency");
--> statement-breakpoint
CREATE INDEX "operations_reports_generated_idx" ON "operations_reports" USING btree ("generated_at");
