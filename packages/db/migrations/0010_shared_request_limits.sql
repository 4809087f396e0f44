-- UNLOGGED (written by hand after drizzle-kit generate): both tables are written on every signed request and may be lost in a crash.
CREATE UNLOGGED TABLE "rate_windows" (
	"key" text NOT NULL,
	"window_start" bigint NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_windows_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "signature_replays" (
	"signature" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_windows_start_idx" ON "rate_windows" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "signature_replays_expires_idx" ON "signature_replays" USING btree ("expires_at");