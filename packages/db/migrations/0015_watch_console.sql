-- Retried attempts of a finished run's steps (activity and local-activity attempts beyond the first), counted once when
-- the run's outcome is recorded (statistics); null for runs recorded before this column or whose history could not be read.
ALTER TABLE "runs" ADD COLUMN "retries" integer;
