-- Ceiling for GET /gateways/{id}: the exact statement the service sends for a GET (one prepared statement over the
-- reactive client: the row by key, within the caller's organization). Gateway i belongs to org<i % :orgs>.
-- needs: gateway(id, organization_id, spec, generation, status, published, created_at, updated_at, version)
-- ignores: gateway(deleting)
\set i random(1, :ngetpool)
\set o :i % :orgs
SELECT id, organization_id, spec, generation, status, published, created_at, updated_at, version FROM gateway WHERE id = md5('bench-gw-' || :i)::uuid AND organization_id = 'org' || :o::text;
