-- Informational: every statement the service's PATCH transaction sends: lock the gateway, read its sealed secret,
-- lock and read its zone rows, update the gateway, update each of the 3 zone rows one by one. next_attempt_at
-- stays NULL so that the idle service's rollout workers do not pick these rows up.
-- needs: gateway(id, created_at, deleting, generation, name, organization_id, published, spec, status, updated_at, version)
-- needs: gateway_secret(gateway_id, key_id, sealed)
-- needs: gateway_zone(gateway_id, zone, attempts, desired_at, desired_generation, endpoints, failed, last_error, lease_expires_at, lease_owner, next_attempt_at, observed_generation, organization_id, present, zone_message, zone_reason)
\set i random(:plo, :phi)
BEGIN;
select ge1_0.id,ge1_0.created_at,ge1_0.deleting,ge1_0.generation,ge1_0.name,ge1_0.organization_id,ge1_0.published,ge1_0.spec,ge1_0.status,ge1_0.updated_at,ge1_0.version from gateway ge1_0 where ge1_0.id=md5('bench-gw-' || :i)::uuid for no key update of ge1_0 \gset
select gse1_0.gateway_id,gse1_0.key_id,gse1_0.sealed from gateway_secret gse1_0 where gse1_0.gateway_id=:id;
select ze1_0.gateway_id,ze1_0.zone,ze1_0.attempts,ze1_0.desired_at,ze1_0.desired_generation,ze1_0.endpoints,ze1_0.failed,ze1_0.last_error,ze1_0.lease_expires_at,ze1_0.lease_owner,ze1_0.next_attempt_at,ze1_0.observed_generation,ze1_0.organization_id,ze1_0.present,ze1_0.zone_message,ze1_0.zone_reason from gateway_zone ze1_0 where ze1_0.gateway_id=:id order by ze1_0.zone for no key update of ze1_0;
update gateway set generation=:generation + 1,name='pg-' || :i,published=:published,spec=:spec,status='STATUS_UPDATING',updated_at=now(),version=:version + 1 where id=:id and version=:version;
update gateway_zone set desired_at=now(),desired_generation=:generation + 1,next_attempt_at=NULL where gateway_id=:id and zone='EU-SOUTH-03A';
update gateway_zone set desired_at=now(),desired_generation=:generation + 1,next_attempt_at=NULL where gateway_id=:id and zone='US-EAST-04A';
update gateway_zone set desired_at=now(),desired_generation=:generation + 1,next_attempt_at=NULL where gateway_id=:id and zone='US-WEST-09B';
END;
