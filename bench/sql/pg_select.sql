-- Ceiling for GET /gateways/{id}: the exact statement Hibernate Reactive sends (select of the row by primary key).
-- needs: gateway(id, created_at, deleting, generation, name, organization_id, published, spec, status, updated_at, version)
\set i random(1, :ngetpool)
select ge1_0.id,ge1_0.created_at,ge1_0.deleting,ge1_0.generation,ge1_0.name,ge1_0.organization_id,ge1_0.published,ge1_0.spec,ge1_0.status,ge1_0.updated_at,ge1_0.version from gateway ge1_0 where ge1_0.id=md5('bench-gw-' || :i)::uuid;
