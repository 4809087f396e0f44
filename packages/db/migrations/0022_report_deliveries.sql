CREATE TABLE "report_deliveries" (
	"regime" text NOT NULL,
	"period" text NOT NULL,
	"province" text NOT NULL,
	"state" text NOT NULL,
	"receipt_id" text,
	"edoc_id" text,
	"document_id" text,
	"run_id" text,
	"error" text,
	"submitted_at" timestamp with time zone,
	"fallback_at" timestamp with time zone,
	"backfilled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_deliveries_regime_period_province_pk" PRIMARY KEY("regime","period","province"),
	CONSTRAINT "report_deliveries_state_check" CHECK ("state" IN ('submitted', 'submitted_fallback', 'backfilled', 'failed'))
);
