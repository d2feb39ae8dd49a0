-- Watch: a durable, ordered history of every change to a gateway, per organization, written in the same
-- transaction as the change by triggers (API writes and rollout status writes alike, and any other writer).
--
-- Order: each organization has a clock (watch_clock) that every committing change ticks, and the event carries
-- the tick as its resource version. The tick happens at commit time (a DEFERRED constraint trigger), and the
-- clock row stays locked until the commit is visible, so versions follow commit order exactly: a snapshot that
-- sees version N sees every version below it. A list reads the clock in its own snapshot, so watching from the
-- version a list answered misses nothing and repeats nothing. Organizations never wait for each other's clocks.
CREATE TABLE watch_clock (
    organization_id  text   PRIMARY KEY,
    resource_version bigint NOT NULL,           -- the version of the organization's latest event
    pruned_through   bigint NOT NULL DEFAULT 0  -- events up to this version are no longer kept
);

CREATE TABLE gateway_event (
    organization_id  text        NOT NULL,
    resource_version bigint      NOT NULL,
    type             text        NOT NULL,      -- ADDED | MODIFIED | DELETED
    -- the gateway as it was right after the change: the columns of gateway that answers show (no secret)
    id               uuid        NOT NULL,
    spec             text        NOT NULL,
    generation       bigint      NOT NULL,
    status           text        NOT NULL,
    published        text        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          bigint      NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (organization_id, resource_version)
);
CREATE INDEX gateway_event_gateway_idx ON gateway_event (id, version);
CREATE INDEX gateway_event_recorded_idx ON gateway_event (recorded_at);

CREATE FUNCTION record_gateway_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    g    gateway%ROWTYPE;
    kind text;
    rv   bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        g := OLD;
        kind := 'DELETED';
    ELSE
        -- Deferred to the commit: record the row as the transaction leaves it (once per version of it).
        SELECT * INTO g FROM gateway WHERE id = NEW.id;
        IF NOT FOUND THEN
            RETURN NULL; -- deleted later in the same transaction: its DELETED event tells
        END IF;
        IF EXISTS (SELECT 1 FROM gateway_event e WHERE e.id = g.id AND e.version = g.version AND e.type <> 'DELETED') THEN
            RETURN NULL; -- already recorded (the row was written more than once in this transaction)
        END IF;
        kind := CASE TG_OP WHEN 'INSERT' THEN 'ADDED' ELSE 'MODIFIED' END;
    END IF;
    INSERT INTO watch_clock AS c (organization_id, resource_version) VALUES (g.organization_id, 1)
        ON CONFLICT (organization_id) DO UPDATE SET resource_version = c.resource_version + 1
        RETURNING c.resource_version INTO rv;
    INSERT INTO gateway_event (organization_id, resource_version, type, id, spec, generation, status, published,
                               created_at, updated_at, version)
    VALUES (g.organization_id, rv, kind, g.id, g.spec, g.generation, g.status, g.published, g.created_at,
            g.updated_at, g.version);
    PERFORM pg_notify('gateway_events', g.organization_id || ' ' || rv);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER gateway_changed AFTER INSERT OR UPDATE OR DELETE ON gateway
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_gateway_event();

-- Rollout wake-up: a statement that sets new desired state on zone rows tells every instance's workers at commit
-- (NOTIFY is delivered on commit, once per transaction), so the first zone step starts without waiting for a poll.
CREATE FUNCTION notify_rollout_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rollout_work', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER gateway_zone_desired AFTER INSERT OR UPDATE OF desired_generation ON gateway_zone
    FOR EACH STATEMENT EXECUTE FUNCTION notify_rollout_work();
