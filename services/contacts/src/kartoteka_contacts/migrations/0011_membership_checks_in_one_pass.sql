-- A statement adding members is checked and counted in one pass over its new rows. Filling a
-- smart group of 309,014 at a million contacts spent 2.0 s of its 5.1 s INSERT in what came
-- after the rows (bench/segmentation_at_scale.py): the group foreign key ran a
-- `SELECT ... FOR KEY SHARE` of the same group for every row (0.8 s), and the two statement
-- triggers of 0006 and 0010 each looked up every new member's contact again (1.3 s).
--
-- The guarantees stay: each group a statement names must exist, and it is locked FOR KEY
-- SHARE once (not once per row), so a concurrent delete of that group row waits as it did
-- for the foreign key; no code deletes group rows (the bin is `deleted_at`), and the trigger
-- on `contact_group` below refuses such a delete while memberships name the group.
ALTER TABLE group_membership DROP CONSTRAINT group_membership_group_id_fkey;

DROP TRIGGER group_membership_added ON group_membership;
DROP TRIGGER group_membership_contact_inserted ON group_membership;
DROP FUNCTION group_members_added();

-- Every group the statement's new or changed rows name exists, locked once as the key did.
CREATE FUNCTION check_membership_groups() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named uuid[] := ARRAY(SELECT DISTINCT n.group_id FROM new_members n);
    missing uuid;
BEGIN
    PERFORM 1 FROM contact_group g WHERE g.id = ANY(named) ORDER BY g.id FOR KEY SHARE;
    SELECT n.id INTO missing FROM unnest(named) AS n(id)
    WHERE NOT EXISTS (SELECT 1 FROM contact_group g WHERE g.id = n.id)
    LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE foreign_key_violation
            USING MESSAGE = format('a group membership names group %s, which does not exist', missing);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER group_membership_groups_inserted AFTER INSERT ON group_membership
    REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT
    EXECUTE FUNCTION check_membership_groups();
CREATE TRIGGER group_membership_groups_updated AFTER UPDATE ON group_membership
    REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT
    EXECUTE FUNCTION check_membership_groups();

CREATE FUNCTION group_members_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    per_group record;
BEGIN
    -- One join of the new rows with their contacts: which are missing, and how many are live
    -- (only live cards count; soft delete and restore adjust counts, store.contacts).
    -- EXECUTE plans it for this statement's row count: a static query would keep the plan
    -- of the first statement in the session, and after a build of 300,000 members (a hash
    -- join reading every contact) each single-member insert of an event would read them all.
    FOR per_group IN EXECUTE
        'SELECT n.group_id,'
        '    count(*) FILTER (WHERE c.deleted_at IS NULL AND c.id IS NOT NULL) AS live,'
        '    (array_agg(n.contact_id) FILTER (WHERE c.id IS NULL))[1] AS missing'
        ' FROM new_members n LEFT JOIN contact c ON c.id = n.contact_id'
        ' GROUP BY n.group_id'
    LOOP
        IF per_group.missing IS NOT NULL THEN
            RAISE foreign_key_violation
                USING MESSAGE = format('a group membership names contact %s, which does not exist',
                                       per_group.missing);
        END IF;
        IF per_group.live > 0 THEN
            INSERT INTO group_member_count AS g (group_id, members)
            VALUES (per_group.group_id, per_group.live)
            ON CONFLICT (group_id) DO UPDATE SET members = g.members + EXCLUDED.members;
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER group_membership_inserted AFTER INSERT ON group_membership
    REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT
    EXECUTE FUNCTION group_members_inserted();

-- One guard for both ends of a membership, replacing 0010's for contacts: a deleted row that
-- memberships still name is refused. TG_ARGV: the membership column naming the deleted rows,
-- and the message with %s for the row's id.
CREATE FUNCTION refuse_deleting_membership_ends() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kept uuid;
BEGIN
    EXECUTE format('SELECT m.%1$I FROM gone g JOIN group_membership m ON m.%1$I = g.id LIMIT 1',
                   TG_ARGV[0])
        INTO kept;
    IF kept IS NOT NULL THEN
        RAISE foreign_key_violation USING MESSAGE = format(TG_ARGV[1], kept);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER contact_deleted_with_memberships ON contact;
DROP FUNCTION refuse_deleting_group_members();
CREATE TRIGGER contact_deleted_with_memberships AFTER DELETE ON contact
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_deleting_membership_ends('contact_id', 'contact %s is still a member of a group');

CREATE TRIGGER contact_group_deleted_with_members AFTER DELETE ON contact_group
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_deleting_membership_ends('group_id', 'group %s still has members');
