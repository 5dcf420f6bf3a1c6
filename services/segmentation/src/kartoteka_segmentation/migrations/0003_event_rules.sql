-- Event rules: "on event E where C (on the event and on the contact), add the contact to /
-- remove it from the group". Many event rules may share a group, with or without a filter rule.
ALTER TABLE rule
    ADD COLUMN event_type text,
    ADD COLUMN event_condition jsonb,
    ADD COLUMN contact_filter jsonb,
    ADD COLUMN occurrence text CHECK (occurrence IN ('every', 'first')),
    ADD COLUMN action text CHECK (action IN ('add', 'remove')),
    ADD CONSTRAINT rule_event_fields CHECK (
        (kind = 'event') = (event_type IS NOT NULL AND occurrence IS NOT NULL AND action IS NOT NULL)
    );

-- The consumer loads the active event rules of each batch's event types.
CREATE INDEX rule_active_event_type ON rule (event_type)
    WHERE kind = 'event' AND state = 'active' AND deleted_at IS NULL;

-- How often each contact has been the subject of each catalogued event type, updated in the
-- inbox transaction of every event: "the first call ever" is decided here, also for events
-- that arrived before the rule existed. History starts when segmentation first consumed the
-- stream (a fresh deployment replays each stream from its start, which fills it).
CREATE TABLE contact_event (
    contact_id uuid NOT NULL,
    event_type text NOT NULL,
    count bigint NOT NULL,
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    PRIMARY KEY (contact_id, event_type)
);
