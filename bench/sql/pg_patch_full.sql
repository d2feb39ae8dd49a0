-- Informational: every statement the service's PATCH transaction sends (a gateway without a stored secret, so no
-- secret read): lock the gateway, point its zone rows at the new generation (the service's one-statement CTE,
-- updating or inserting), read the zone rows back, update the gateway (generation, spec, status, published,
-- updated_at, version) once; the commit runs the change-history trigger. One difference: next_attempt_at stays NULL, so that the idle service's rollout
-- workers (woken by the zone rows' NOTIFY) find nothing due.
-- needs: gateway(id, created_at, deleting, generation, organization_id, published, spec, status, updated_at, version)
-- needs: gateway_zone(gateway_id, zone, organization_id, present, desired_generation, attempts, failed, last_error, next_attempt_at, desired_at, zone_reason, zone_message)
\set i random(:plo, :phi)
BEGIN;
select ge1_0.id,ge1_0.created_at,ge1_0.deleting,ge1_0.generation,ge1_0.organization_id,ge1_0.published,ge1_0.spec,ge1_0.status,ge1_0.updated_at,ge1_0.version from gateway ge1_0 where ge1_0.id=md5('bench-gw-' || :i)::uuid for no key update of ge1_0 \gset
WITH wanted(zone) AS (SELECT unnest(string_to_array('US-EAST-04A,US-WEST-09B,EU-SOUTH-03A', ',')))
, updated AS (
    UPDATE gateway_zone z
       SET present = z.zone IN (SELECT zone FROM wanted), desired_generation = :generation + 1,
           attempts = 0, failed = false, last_error = NULL, next_attempt_at = NULL, desired_at = now(),
           zone_reason = NULL, zone_message = NULL
     WHERE z.gateway_id = :id)
INSERT INTO gateway_zone (gateway_id, zone, organization_id, present, desired_generation,
                          next_attempt_at, desired_at)
SELECT :id, w.zone, :organization_id, true, :generation + 1, NULL, now() FROM wanted w
 WHERE NOT EXISTS (SELECT 1 FROM gateway_zone z WHERE z.gateway_id = :id AND z.zone = w.zone);
select * from gateway_zone where gateway_id = :id order by zone;
update gateway set generation=:generation + 1,spec=:spec,status=:status,published=:published,updated_at=now(),version=:version + 1 where id=:id and version=:version;
END;
