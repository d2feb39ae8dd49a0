-- What each zone reports about a gateway: the endpoints it serves it at (once converged), and why it has not
-- converged yet, in the zone's own words (for example a Gateway's Programmed=False reason and message).
ALTER TABLE gateway_zone
    ADD COLUMN endpoints    text[] NOT NULL DEFAULT '{}',
    ADD COLUMN zone_reason  text,
    ADD COLUMN zone_message text;
