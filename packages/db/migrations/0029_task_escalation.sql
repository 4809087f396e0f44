ALTER TABLE "human_tasks" ADD COLUMN "also_agencies" text[];
