-- Live member counts per group, kept by triggers: counting 3 million memberships on every read
-- of the group tree took 16.8 s at a million contacts (bench/README.md).
CREATE TABLE group_member_count (
    group_id uuid PRIMARY KEY REFERENCES contact_group (id),
    members bigint NOT NULL DEFAULT 0
);

INSERT INTO group_member_count (group_id, members)
SELECT m.group_id, count(*) FROM group_membership m
JOIN contact c ON c.id = m.contact_id AND c.deleted_at IS NULL
GROUP BY m.group_id;

-- Statement-level with transition tables: a bulk add of 300,000 members is one upsert per
-- group, not 300,000 row updates. Only live cards count; soft delete and restore adjust the
-- counts of the card's groups (store.contacts.set_deleted).
CREATE FUNCTION group_members_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO group_member_count AS g (group_id, members)
    SELECT n.group_id, count(*) FROM added n
    JOIN contact c ON c.id = n.contact_id AND c.deleted_at IS NULL
    GROUP BY n.group_id
    ON CONFLICT (group_id) DO UPDATE SET members = g.members + EXCLUDED.members;
    RETURN NULL;
END;
$$;

CREATE FUNCTION group_members_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE group_member_count g SET members = g.members - s.n
    FROM (SELECT o.group_id, count(*) AS n FROM removed o
          JOIN contact c ON c.id = o.contact_id AND c.deleted_at IS NULL
          GROUP BY o.group_id) s
    WHERE g.group_id = s.group_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER group_membership_added AFTER INSERT ON group_membership
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION group_members_added();
CREATE TRIGGER group_membership_removed AFTER DELETE ON group_membership
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION group_members_removed();
