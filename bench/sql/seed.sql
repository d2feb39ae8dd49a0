-- Seeds :n READY gateways (ids md5('bench-gw-' || i)::uuid, i = 1..:n) over :orgs organizations (org0..), each
-- in 3 converged zones, with exactly the row shapes the service writes itself (spec/published as Hibernate's
-- JSON mapper stores them: null options present, lastUpdateTime as epoch seconds). Run with psql -v n=.. -v orgs=..
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE seed_zone (o int, z text) ON COMMIT DROP;
INSERT INTO seed_zone VALUES (1, 'US-EAST-04A'), (2, 'US-WEST-09B'), (3, 'EU-SOUTH-03A');
CREATE TEMP TABLE seed_gw ON COMMIT DROP AS
SELECT i, md5('bench-gw-' || i)::uuid AS id, now() - interval '1 day' + i * interval '1 ms' AS t
  FROM generate_series(1, :n) AS i;
INSERT INTO gateway (id, organization_id, name, spec, api_key, generation, status, published, deleting,
                     created_at, updated_at, version)
SELECT g.id,
       'org' || (g.i % :orgs),
       'gw-' || g.i,
       jsonb_build_object(
           'name', 'gw-' || g.i,
           'zones', (SELECT jsonb_agg(z ORDER BY o) FROM seed_zone),
           'coreWeaveAuth', '{}'::jsonb,
           'weightsAndBiasesAuth', NULL,
           'bodyBasedRouting', NULL,
           'headerBasedRouting', NULL,
           'pathBasedRouting', '{}'::jsonb,
           'endpointConfiguration', jsonb_build_object('additionalDns', '[]'::jsonb,
                                                       'allowedSourceIpRanges', '[]'::jsonb)),
       NULL,
       1,
       'STATUS_READY',
       jsonb_build_object(
           'conditions', (SELECT jsonb_agg(jsonb_build_object(
                                      'type', 'Ready', 'status', 'True', 'reason', 'Converged',
                                      'message', 'Zone ' || z || ' serves generation 1.',
                                      'lastUpdateTime', extract(epoch FROM g.t + interval '1 second'),
                                      'zone', z, 'observedGeneration', 1) ORDER BY o)
                            FROM seed_zone),
           'endpoints', (SELECT jsonb_agg('https://' || g.id || '.' || lower(z) || '.inference.example.com'
                                          ORDER BY o)
                           FROM seed_zone)),
       false,
       g.t,
       g.t + interval '1 second',
       4            -- as after create + 3 zone steps
  FROM seed_gw g;
INSERT INTO gateway_zone (gateway_id, zone, present, desired_generation, observed_generation, attempts, failed,
                          last_error, next_attempt_at, lease_owner, lease_expires_at, desired_at)
SELECT g.id, s.z, true, 1, 1, 0, false, NULL, NULL, NULL, NULL, g.t
  FROM seed_gw g CROSS JOIN seed_zone s;
COMMIT;
