-- The audit log is append-only: the application never updates or deletes a row. (Anyone able to disable
-- this trigger can still tamper; the hash chain makes that detectable: `lienthong audit verify`.)
CREATE OR REPLACE FUNCTION lt_refuse_audit_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION lt_refuse_audit_change();
