-- New contacts seen per UTC day, kept from `contact.created` events. A first read model of
-- contacts; smart-group evaluation builds on the same consumer.
CREATE TABLE daily_contact_count (
    day date PRIMARY KEY,
    contacts_created bigint NOT NULL DEFAULT 0
);
