-- The optional TXT ownership check of host names (gateway.dns.verification=txt).

-- Each organization's verification token: made on first need (INSERT ... ON CONFLICT DO NOTHING), never changed.
-- A claimed name is verified when the TXT record _inference-verification.<name> holds its organization's token.
CREATE TABLE domain_verification (
    organization_id text        PRIMARY KEY,
    token           text        NOT NULL,
    created_at      timestamptz NOT NULL
);

-- verified_at: when the name was verified (null: pending; with verification off a claim is verified when made);
-- checked_at: the last TXT look-up of a pending name (null: never), so that a check is due recheck-interval after it.
-- Names claimed before this migration were already served: they count as verified.
ALTER TABLE host_claim
    ADD COLUMN verified_at timestamptz,
    ADD COLUMN checked_at  timestamptz;
UPDATE host_claim SET verified_at = claimed_at;

-- The verifier's queue: pending claims, the longest unchecked first.
CREATE INDEX host_claim_pending_idx ON host_claim (checked_at NULLS FIRST) WHERE verified_at IS NULL;
