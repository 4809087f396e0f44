CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"family" text NOT NULL,
	"environment" text NOT NULL,
	"endpoint" text NOT NULL,
	"timeout_ms" integer,
	"rate_per_minute" integer,
	"secret_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"transport" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connection_versions" (
	"connection_id" text NOT NULL,
	"version" integer NOT NULL,
	"secret" text NOT NULL,
	"key_id" text NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	"created_by" text,
	CONSTRAINT "connection_versions_connection_id_version_pk" PRIMARY KEY("connection_id","version")
);
--> statement-breakpoint
ALTER TABLE "connection_versions" ADD CONSTRAINT "connection_versions_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;
