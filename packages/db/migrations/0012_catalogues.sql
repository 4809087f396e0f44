CREATE TABLE "catalogue_versions" (
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"rows" jsonb NOT NULL,
	"note" text,
	"source" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_versions_kind_version_pk" PRIMARY KEY("kind","version")
);
--> statement-breakpoint
-- A catalogue version is immutable: runs pin the version they read, and an edit is a new version.
CREATE OR REPLACE FUNCTION lt_refuse_catalogue_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'catalogue_versions is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER catalogue_versions_append_only BEFORE UPDATE OR DELETE ON catalogue_versions
  FOR EACH ROW EXECUTE FUNCTION lt_refuse_catalogue_change();
