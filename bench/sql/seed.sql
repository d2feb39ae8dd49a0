-- Clones :n gateways from the templates of kind :'kind' (bench.tpl, see stash.sql), without naming the service's
-- columns (but id, created_at, updated_at and the zone rows' gateway_id) or writing its JSON documents: each row
-- is the template's row as JSON (to_jsonb), with the template's id replaced by the new id wherever it occurs (the
-- id column, the zone rows' gateway_id, endpoint host names in the published status and zone rows), created_at and
-- updated_at shifted by i microseconds (keyset pagination orders by created_at, id), turned back into a row of the
-- table (jsonb_populate_record, in a LATERAL so that it runs once per row, not once per column). Gateway i
-- (1..:n) gets the id md5(:'prefix' || i)::uuid and is cloned from the template in slot i % (number of templates
-- of the kind): for the main seed, organization org<i % ORGS>. Its zone rows are the template's zone rows, cloned
-- the same way. Rows are inserted in creation order. Triggers on the tables (an event history, say) fire as for
-- any insert.
--   psql -v n=10000 -v kind=org -v prefix=bench-gw- -f bench/sql/seed.sql
\set ON_ERROR_STOP on
BEGIN;
SET LOCAL work_mem = '256MB';
CREATE TEMP TABLE clone ON COMMIT DROP AS
SELECT s.i, md5(:'prefix' || s.i)::uuid AS new_id, t.id AS tpl_id
  FROM generate_series(1, :n) AS s(i)
  JOIN bench.tpl t ON t.kind = :'kind'
                  AND t.slot = s.i % (SELECT count(*) FROM bench.tpl WHERE kind = :'kind');
INSERT INTO gateway
SELECT r.*
  FROM clone c
  JOIN bench.tpl_gateway g ON g.id = c.tpl_id
 CROSS JOIN LATERAL jsonb_populate_record(NULL::gateway,
            replace(to_jsonb(g)::text, c.tpl_id::text, c.new_id::text)::jsonb
            || jsonb_build_object('created_at', g.created_at + c.i * interval '1 microsecond',
                                  'updated_at', g.updated_at + c.i * interval '1 microsecond')) AS r
 ORDER BY c.i;
INSERT INTO gateway_zone
SELECT r.*
  FROM clone c
  JOIN bench.tpl_zone z ON z.gateway_id = c.tpl_id
 CROSS JOIN LATERAL jsonb_populate_record(NULL::gateway_zone,
            replace(to_jsonb(z)::text, c.tpl_id::text, c.new_id::text)::jsonb) AS r
 ORDER BY c.i;
COMMIT;
