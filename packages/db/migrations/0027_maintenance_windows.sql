CREATE TABLE "maintenance_windows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"target" text DEFAULT '' NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"reason" jsonb NOT NULL,
	"announced_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"announced_by" text,
	"cancelled_at" timestamp (3) with time zone,
	"cancelled_by" text,
	"deliveries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "maintenance_windows_order" CHECK ("maintenance_windows"."ends_at" > "maintenance_windows"."starts_at")
);
--> statement-breakpoint
CREATE INDEX "maintenance_windows_span_idx" ON "maintenance_windows" USING btree ("ends_at","starts_at");--> statement-breakpoint
CREATE TABLE "maintenance_notice_rules" (
	"scope" text NOT NULL,
	"target" text DEFAULT '' NOT NULL,
	"min_notice_minutes" integer NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_notice_rules_scope_target_pk" PRIMARY KEY("scope","target")
);
