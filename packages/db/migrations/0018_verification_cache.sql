CREATE TABLE "verification_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "verification_cache_expires_idx" ON "verification_cache" USING btree ("expires_at");
