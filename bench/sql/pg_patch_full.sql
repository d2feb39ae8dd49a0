-- Informational: every statement the service's PATCH transaction sends (lock gateway, read its zone rows,
-- update the gateway, update each of the 3 zone rows one by one). next_attempt_at stays NULL so the idle
-- service's rollout workers do not pick these rows up.
\set i random(:plo, :phi)
BEGIN;
select ge1_0.id as gid,ge1_0.created_at as created,ge1_0.generation as gen,ge1_0.organization_id as org,ge1_0.published::text as pub,ge1_0.version as ver from gateway ge1_0 where ge1_0.id=md5('bench-gw-' || :i)::uuid for no key update of ge1_0 \gset
select ze1_0.gateway_id,ze1_0.zone,ze1_0.attempts,ze1_0.desired_at,ze1_0.desired_generation,ze1_0.failed,ze1_0.last_error,ze1_0.lease_expires_at,ze1_0.lease_owner,ze1_0.next_attempt_at,ze1_0.observed_generation,ze1_0.present from gateway_zone ze1_0 where ze1_0.gateway_id=:gid order by ze1_0.zone;
update gateway set api_key=NULL,created_at=:created,deleting=false,generation=:gen + 1,name='pg-' || :i,organization_id=:org,published=:pub,spec=(CASE WHEN :gen % 2 = 0 THEN :speca ELSE :specb END),status='STATUS_UPDATING',updated_at=now(),version=:ver + 1 where id=:gid and version=:ver;
update gateway_zone set attempts=0,desired_at=now(),desired_generation=:gen + 1,failed=false,last_error=NULL,lease_expires_at=NULL,lease_owner=NULL,next_attempt_at=NULL,observed_generation=:gen,present=true where gateway_id=:gid and zone='EU-SOUTH-03A';
update gateway_zone set attempts=0,desired_at=now(),desired_generation=:gen + 1,failed=false,last_error=NULL,lease_expires_at=NULL,lease_owner=NULL,next_attempt_at=NULL,observed_generation=:gen,present=true where gateway_id=:gid and zone='US-EAST-04A';
update gateway_zone set attempts=0,desired_at=now(),desired_generation=:gen + 1,failed=false,last_error=NULL,lease_expires_at=NULL,lease_owner=NULL,next_attempt_at=NULL,observed_generation=:gen,present=true where gateway_id=:gid and zone='US-WEST-09B';
END;
