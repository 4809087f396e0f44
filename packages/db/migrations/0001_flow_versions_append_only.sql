-- Published flow versions are immutable: a run pinned to one must always find it as it was.
CREATE OR REPLACE FUNCTION lt_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'flow_versions is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER flow_versions_append_only BEFORE UPDATE OR DELETE ON flow_versions
  FOR EACH ROW EXECUTE FUNCTION lt_refuse_change();
