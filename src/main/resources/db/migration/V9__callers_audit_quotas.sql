-- Who did what, how much each organization may have, and which host names belong to whom.

-- Audit: per organization an append-only chain of events, one per write, action and denied request, appended in
-- the transaction of the change it records. audit_chain holds each chain's head; appending an event updates it in
-- the same statement (so events of one organization are numbered without gaps and linked in commit order).
CREATE TABLE audit_chain (
    organization_id text   PRIMARY KEY,
    last_sequence   bigint NOT NULL,
    last_hash       text   NOT NULL,
    previous_hash   text   NOT NULL    -- the head before last_hash: what the newest event links to
);

CREATE TABLE audit_event (
    organization_id text        NOT NULL,
    sequence        bigint      NOT NULL,   -- per organization, gap-free from 1
    recorded_at     timestamptz NOT NULL,
    gateway_id      uuid,                   -- no foreign key: the events of a gateway outlive it
    actor           text        NOT NULL,   -- <issuer>#<subject>: what the actor filter matches
    action          text        NOT NULL,
    body            text        NOT NULL,   -- the event's canonical JSON, without sequence, previousHash and hash
    previous_hash   text        NOT NULL,
    hash            text        NOT NULL,   -- sha256(previous_hash \n sequence \n body), hex
    PRIMARY KEY (organization_id, sequence)
);
CREATE INDEX audit_event_gateway_idx ON audit_event (organization_id, gateway_id, sequence);
CREATE INDEX audit_event_actor_idx ON audit_event (organization_id, actor, sequence);
CREATE INDEX audit_event_time_idx ON audit_event (organization_id, recorded_at);

-- Append-only: no statement changes an event, and only the retention job (which says so for its transaction)
-- deletes old ones.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('gateway.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- Quotas: each organization's gateway count, kept by triggers whichever way a row comes or goes; a create reads
-- it (locked by its own insert) before it commits.
CREATE TABLE organization_usage (
    organization_id text   PRIMARY KEY,
    gateways        bigint NOT NULL
);
INSERT INTO organization_usage (organization_id, gateways)
SELECT organization_id, count(*) FROM gateway GROUP BY organization_id;

-- Statement triggers over the statement's transition table: one upsert per organization a statement touches, not
-- one per row (a bulk insert of 30,000 rows updating one counter row 30,000 times took longer than the pool's
-- statement timeout).
CREATE FUNCTION organization_usage_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO organization_usage AS u (organization_id, gateways)
    SELECT organization_id, count(*) FROM added GROUP BY organization_id
        ON CONFLICT (organization_id) DO UPDATE SET gateways = u.gateways + EXCLUDED.gateways;
    RETURN NULL;
END
$$;
CREATE FUNCTION organization_usage_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE organization_usage u SET gateways = u.gateways - r.gateways
      FROM (SELECT organization_id, count(*) AS gateways FROM removed GROUP BY organization_id) r
     WHERE u.organization_id = r.organization_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER gateway_usage_added AFTER INSERT ON gateway REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION organization_usage_added();
CREATE TRIGGER gateway_usage_removed AFTER DELETE ON gateway REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION organization_usage_removed();

-- Host names: an additionalDns name (lower case) is held by one gateway across all organizations. A gateway's
-- names go with its row.
CREATE TABLE host_claim (
    name            text        PRIMARY KEY,
    gateway_id      uuid        NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    organization_id text        NOT NULL,
    claimed_at      timestamptz NOT NULL
);
CREATE INDEX host_claim_gateway_idx ON host_claim (gateway_id);

-- Names of earlier gateways: each held by the oldest gateway that names it (a later one that names it too keeps
-- being served, and its next change that keeps the name is refused with 409).
INSERT INTO host_claim (name, gateway_id, organization_id, claimed_at)
SELECT DISTINCT ON (lower(dns.name)) lower(dns.name), g.id, g.organization_id, g.created_at
  FROM gateway g,
       jsonb_array_elements_text(coalesce(g.spec::jsonb #> '{endpointConfiguration,additionalDns}', '[]'::jsonb))
           AS dns(name)
 WHERE NOT g.deleting
 ORDER BY lower(dns.name), g.created_at, g.id;
