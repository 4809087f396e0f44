CREATE TABLE "credential_grants" (
	"credential_id" text NOT NULL,
	"flow_key" text NOT NULL,
	"granted_by" text,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_grants_credential_id_flow_key_pk" PRIMARY KEY("credential_id","flow_key")
);
--> statement-breakpoint
ALTER TABLE "credential_grants" ADD CONSTRAINT "credential_grants_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;