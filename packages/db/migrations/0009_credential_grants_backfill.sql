-- Upgrading keeps what already ran: every credential a published flow version names is granted to that flow (and only
-- to it). Credentials stored afterwards serve no flow until an admin grants them (PUT /api/v1/credentials/{id}/grants).
INSERT INTO credential_grants (credential_id, flow_key, granted_by)
SELECT DISTINCT used.credential_id, fv.flow_key, 'migration:0009'
FROM flow_versions fv
CROSS JOIN LATERAL jsonb_each(fv.document -> 'nodes') AS node(id, body)
CROSS JOIN LATERAL (VALUES (node.body ->> 'credentialId'), (node.body -> 'compensate' ->> 'credentialId'), (node.body -> 'body' -> 'call' ->> 'credentialId'))
  AS used(credential_id)
WHERE used.credential_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM credentials c WHERE c.id = used.credential_id)
ON CONFLICT DO NOTHING;
