-- Progressive rollouts: revisions, each zone's target and served revision, and the rollout's durable state.
--
-- Revisions: every accepted create or spec change (other than the rollout policy alone) makes one, numbered per
-- gateway. A revision keeps the spec as it was and the sealed apiKey as it was (gateway_secret's form, the gateway's
-- id as associated data), so a rollback serves exactly what was served.
CREATE TABLE gateway_revision (
    gateway_id  uuid        NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    revision    bigint      NOT NULL,
    generation  bigint      NOT NULL,   -- the spec generation it was made at
    spec        text        NOT NULL,   -- JSON: GatewaySpec without apiKey
    key_id      text,                   -- the apiKey as it was, sealed (null without one)
    sealed      bytea,
    created_at  timestamptz NOT NULL,
    outcome     text        NOT NULL,   -- REVISION_OUTCOME_*
    reason      text        NOT NULL,   -- one sentence for people
    PRIMARY KEY (gateway_id, revision)
);

-- The rollout's state (JSON: RolloutState) lives with the gateway, under the gateway's row lock like everything
-- else about it; rollout_check_at says when the planner must look again without a zone's report (a bake ends, a
-- progress deadline passes).
ALTER TABLE gateway
    ADD COLUMN revision         bigint NOT NULL DEFAULT 0,   -- the newest revision
    ADD COLUMN rollout          text,
    ADD COLUMN rollout_check_at timestamptz;
CREATE INDEX gateway_rollout_check_idx ON gateway (rollout_check_at) WHERE rollout_check_at IS NOT NULL;

-- Each zone's target and served revision. apply_token increases with every new target of a zone (a rollback sends
-- a zone to an older revision with a newer token), so drivers keep ordering applies by it; desired_generation and
-- observed_generation stay the spec generations of the target and of what the zone serves. A zone's progress
-- deadline runs from its first apply (applied_at, set by the claim) for deadline_ms; a paused rollout keeps what
-- was left of it in deadline_ms.
ALTER TABLE gateway_zone
    ADD COLUMN target_revision bigint NOT NULL DEFAULT 0,
    ADD COLUMN served_revision bigint NOT NULL DEFAULT 0,
    ADD COLUMN apply_token     bigint NOT NULL DEFAULT 0,
    ADD COLUMN observed_token  bigint NOT NULL DEFAULT 0,
    ADD COLUMN applied_at      timestamptz,
    ADD COLUMN deadline_at     timestamptz,
    ADD COLUMN deadline_ms     bigint;

-- Gateways of earlier versions: their spec becomes revision 1, succeeded if every zone serves it.
INSERT INTO gateway_revision (gateway_id, revision, generation, spec, key_id, sealed, created_at, outcome, reason)
SELECT g.id, 1, g.generation, g.spec, s.key_id, s.sealed, g.updated_at,
       CASE WHEN g.status = 'STATUS_READY' THEN 'REVISION_OUTCOME_SUCCEEDED' ELSE 'REVISION_OUTCOME_IN_PROGRESS' END,
       'The spec as it was when revisions were introduced.'
  FROM gateway g LEFT JOIN gateway_secret s ON s.gateway_id = g.id;
UPDATE gateway_zone z
   SET target_revision = CASE WHEN z.present THEN 1 ELSE 0 END,
       served_revision = CASE WHEN z.observed_generation > 0 THEN 1 ELSE 0 END,
       apply_token = z.desired_generation,
       observed_token = z.observed_generation;
UPDATE gateway g SET revision = 1;

-- A statement that gives zone rows a new target (or a new token) tells every instance's workers at commit.
DROP TRIGGER gateway_zone_desired ON gateway_zone;
CREATE TRIGGER gateway_zone_desired AFTER INSERT OR UPDATE OF desired_generation, apply_token ON gateway_zone
    FOR EACH STATEMENT EXECUTE FUNCTION notify_rollout_work();
