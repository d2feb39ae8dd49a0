-- Ceiling for PATCH: in one transaction, lock the row by key as Hibernate does (PESSIMISTIC_WRITE = FOR NO KEY
-- UPDATE, every mapped column read), then update it by key with the optimistic version check, writing the columns
-- the service's first PATCH statement changes (spec sent back as a parameter: the stored document itself, so this
-- script does not depend on its format). Run with -M prepared. The commit runs whatever the schema attaches to a
-- gateway change (today: the change-history trigger: event row, organization clock, NOTIFY), as the service's does.
-- needs: gateway(id, created_at, deleting, generation, organization_id, published, spec, status, updated_at, version)
\set i random(:plo, :phi)
BEGIN;
select ge1_0.id,ge1_0.created_at,ge1_0.deleting,ge1_0.generation,ge1_0.organization_id,ge1_0.published,ge1_0.spec,ge1_0.status,ge1_0.updated_at,ge1_0.version from gateway ge1_0 where ge1_0.id=md5('bench-gw-' || :i)::uuid for no key update of ge1_0 \gset
update gateway set generation=:generation + 1,spec=:spec,updated_at=now(),version=:version + 1 where id=:id and version=:version;
END;
