-- Ceiling for PATCH: in one transaction, lock the row by key (Hibernate's PESSIMISTIC_WRITE = FOR NO KEY UPDATE),
-- then update it by key with the optimistic version check, writing every column as Hibernate does (spec and
-- published sent back as parameters). Run with -M prepared (simple mode cannot carry the JSON variables).
\set i random(:plo, :phi)
BEGIN;
select ge1_0.id as gid,ge1_0.created_at as created,ge1_0.generation as gen,ge1_0.organization_id as org,ge1_0.published::text as pub,ge1_0.version as ver from gateway ge1_0 where ge1_0.id=md5('bench-gw-' || :i)::uuid for no key update of ge1_0 \gset
update gateway set api_key=NULL,created_at=:created,deleting=false,generation=:gen + 1,name='pg-' || :i,organization_id=:org,published=:pub,spec=(CASE WHEN :gen % 2 = 0 THEN :speca ELSE :specb END),status='STATUS_UPDATING',updated_at=now(),version=:ver + 1 where id=:gid and version=:ver;
END;
