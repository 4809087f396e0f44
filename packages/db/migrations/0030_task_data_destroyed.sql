ALTER TABLE "human_tasks" ADD COLUMN "data_destroyed_at" timestamp (3) with time zone;
