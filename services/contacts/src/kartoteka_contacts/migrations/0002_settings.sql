-- Saved views: a name is unique per owner in any letter case ("Clients" and "clients" would
-- be two indistinguishable entries of one menu). The unique index also serves "my views".
DROP INDEX saved_view_owner;
CREATE UNIQUE INDEX saved_view_owner_name ON saved_view (owner_id, lower(name));
CREATE INDEX saved_view_shared ON saved_view (lower(name), id) WHERE shared;
ALTER TABLE saved_view
    ADD CONSTRAINT saved_view_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    ADD CONSTRAINT saved_view_shapes CHECK (
        jsonb_typeof(filter) = 'object'
        AND jsonb_typeof(columns) = 'array'
        AND jsonb_typeof(sort) = 'array'
    );

ALTER TABLE card_layout
    ADD CONSTRAINT card_layout_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    ADD CONSTRAINT card_layout_blocks_array CHECK (jsonb_typeof(blocks) = 'array');

ALTER TABLE activity_type
    ADD CONSTRAINT activity_type_name_length CHECK (char_length(name) BETWEEN 1 AND 200);
