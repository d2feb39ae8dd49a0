-- Gateways: the desired spec (a JSON document without the secret), the published status, and bookkeeping.
-- The documents are stored as text: the service never queries into them, and reading text is one JSON parse
-- where jsonb costs a driver-side parse plus a re-serialisation before the mapper parses it again.
CREATE TABLE gateway (
    id              uuid        PRIMARY KEY,
    organization_id text        NOT NULL,
    name            text        NOT NULL,
    spec            text        NOT NULL,       -- JSON: GatewaySpec without apiKey
    api_key         text,                       -- weightsAndBiasesAuth.apiKey: write-only, never answered
    generation      bigint      NOT NULL,       -- bumped by every accepted spec change (and by delete)
    status          text        NOT NULL,
    published       text        NOT NULL,       -- JSON {conditions, endpoints}: what the status roll-up concluded
    deleting        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL        -- optimistic lock and ETag
);

-- Listing: one organization's gateways in creation order (keyset pagination), optionally updated after T.
CREATE INDEX gateway_org_created_idx ON gateway (organization_id, created_at, id);
CREATE INDEX gateway_org_updated_idx ON gateway (organization_id, updated_at);

-- Rollout work and state: one row per gateway x zone, including zones being torn down.
CREATE TABLE gateway_zone (
    gateway_id          uuid        NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    zone                text        NOT NULL,
    present             boolean     NOT NULL,   -- false: tear the gateway down in this zone
    desired_generation  bigint      NOT NULL,
    observed_generation bigint      NOT NULL DEFAULT 0,
    attempts            integer     NOT NULL DEFAULT 0,
    failed              boolean     NOT NULL DEFAULT false,
    last_error          text,
    next_attempt_at     timestamptz,            -- null: nothing due
    lease_owner         text,
    lease_expires_at    timestamptz,
    desired_at          timestamptz NOT NULL,   -- when the desired state last changed
    PRIMARY KEY (gateway_id, zone)
);

-- The workers' claim query reads only due rows.
CREATE INDEX gateway_zone_due_idx ON gateway_zone (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
