-- Fair claims: the workers take due work round-robin across organizations, so one organization's burst cannot
-- starve another's single gateway. The organization is copied onto each zone row (it never changes) so that
-- the claim can walk due work per organization through one index.
ALTER TABLE gateway_zone ADD COLUMN organization_id text;
UPDATE gateway_zone z SET organization_id = g.organization_id FROM gateway g WHERE g.id = z.gateway_id;
ALTER TABLE gateway_zone ALTER COLUMN organization_id SET NOT NULL;

DROP INDEX gateway_zone_due_idx;
CREATE INDEX gateway_zone_org_due_idx ON gateway_zone (organization_id, next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;
