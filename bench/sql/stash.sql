-- Keeps copies of the template gateways' rows (created through the API and READY; their ids are in bench.tpl,
-- filled by run.sh) in a schema of the harness, so that every (re)seed can clone them after the service's tables
-- were emptied. SELECT *: whatever columns the tables have today.
\set ON_ERROR_STOP on
BEGIN;
CREATE TABLE bench.tpl_gateway AS SELECT g.* FROM gateway g WHERE g.id IN (SELECT id FROM bench.tpl);
CREATE TABLE bench.tpl_zone AS SELECT z.* FROM gateway_zone z WHERE z.gateway_id IN (SELECT id FROM bench.tpl);
COMMIT;
