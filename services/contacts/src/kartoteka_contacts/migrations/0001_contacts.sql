-- The contact database. Contact ids are UUIDv7 (time-ordered) so new rows append to the primary
-- key instead of scattering across it, which keeps inserts cheap at millions of rows.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change); this wrapper pins the dictionary so
-- it may be used in index expressions.
CREATE FUNCTION fold_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));

CREATE TABLE activity_type (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX activity_type_name ON activity_type (lower(name));

CREATE TABLE contact (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('person', 'company')),
    first_name text NOT NULL DEFAULT '',
    middle_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    company_name text NOT NULL DEFAULT '',
    -- "First Last" for a person, the name for a company: the default sort key of every list.
    display_name text NOT NULL,
    gender text CHECK (gender IN ('male', 'female')),
    birthday date,
    photo_url text,
    -- A person's employer, or a company's parent company (holding), any depth, no cycles.
    company_id uuid REFERENCES contact (id),
    country_code text CHECK (country_code ~ '^[A-Z]{2}$'),
    legal jsonb NOT NULL DEFAULT '{}'::jsonb,
    emails jsonb NOT NULL DEFAULT '[]'::jsonb,
    phones jsonb NOT NULL DEFAULT '[]'::jsonb,
    addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
    region text NOT NULL DEFAULT '',
    activity_id uuid REFERENCES activity_type (id),
    description text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    -- An employee id of the staff service: another service's data, so no foreign key.
    manager_id text,
    -- Custom field values by field key, in each type's storage form. One column means adding
    -- a field never rewrites the table; filterable fields get expression indexes.
    custom jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- fold_text of names and emails, plus phone digits: what quick search matches against.
    search_text text NOT NULL DEFAULT '',
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL,
    deleted_at timestamptz,
    deleted_by text
);

CREATE INDEX contact_display_name ON contact (display_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_created_at ON contact (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_company ON contact (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX contact_region ON contact (region, display_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_manager ON contact (manager_id, display_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_activity ON contact (activity_id) WHERE deleted_at IS NULL;
CREATE INDEX contact_custom ON contact USING gin (custom jsonb_path_ops) WHERE deleted_at IS NULL;
CREATE INDEX contact_search ON contact USING gin (search_text gin_trgm_ops) WHERE deleted_at IS NULL;

-- Normalised emails and E.164 phones of live cards, for duplicate checks in one index probe.
CREATE TABLE contact_identity (
    kind text NOT NULL CHECK (kind IN ('email', 'phone')),
    value text NOT NULL,
    contact_id uuid NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value, contact_id)
);
CREATE INDEX contact_identity_contact ON contact_identity (contact_id);

-- Standard fields cannot be renamed or retyped; each can be shown or hidden and ordered.
CREATE TABLE standard_field_setting (
    key text PRIMARY KEY,
    visible boolean NOT NULL DEFAULT true,
    position integer NOT NULL DEFAULT 0
);

CREATE TABLE custom_field (
    key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
    label text NOT NULL,
    type text NOT NULL,
    options jsonb NOT NULL DEFAULT '[]'::jsonb,
    help_text text NOT NULL DEFAULT '',
    required boolean NOT NULL DEFAULT false,
    is_unique boolean NOT NULL DEFAULT false,
    filterable boolean NOT NULL DEFAULT false,
    show_on_card boolean NOT NULL DEFAULT true,
    show_in_list boolean NOT NULL DEFAULT false,
    show_in_portal boolean NOT NULL DEFAULT false,
    show_in_processes boolean NOT NULL DEFAULT false,
    show_on_create boolean NOT NULL DEFAULT false,
    position integer NOT NULL DEFAULT 0,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- none | building | ready | failed: the expression index a filterable field gets.
    index_state text NOT NULL DEFAULT 'none',
    index_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- The group tree. `path` is the ids from the root down to the group itself, so "in G or any
-- subgroup" is one GIN probe (`path @> ARRAY[G]`) at any depth.
CREATE TABLE contact_group (
    id uuid PRIMARY KEY,
    parent_id uuid REFERENCES contact_group (id),
    name text NOT NULL,
    path uuid[] NOT NULL,
    -- Values other services read: a discount percent, a card layout, ...
    attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Which group's card layout wins for a contact in several groups: the highest.
    priority integer NOT NULL DEFAULT 0,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    deleted_at timestamptz
);
CREATE INDEX contact_group_path ON contact_group USING gin (path);
CREATE INDEX contact_group_parent ON contact_group (parent_id, position);

CREATE TABLE group_membership (
    group_id uuid NOT NULL REFERENCES contact_group (id),
    contact_id uuid NOT NULL REFERENCES contact (id),
    -- manual, or rule (then rule_id says which): smart groups keep manual choices.
    source text NOT NULL CHECK (source IN ('manual', 'rule', 'import', 'bulk')),
    rule_id text,
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by text NOT NULL,
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX group_membership_contact ON group_membership (contact_id, group_id);

-- A person's explicit "not in this group": rules must not add the contact back.
CREATE TABLE group_exclusion (
    group_id uuid NOT NULL REFERENCES contact_group (id),
    contact_id uuid NOT NULL REFERENCES contact (id),
    excluded_at timestamptz NOT NULL DEFAULT now(),
    excluded_by text NOT NULL,
    PRIMARY KEY (group_id, contact_id)
);

-- Saved filters ("views"): a filter with the columns and sort it shows, personal or shared.
CREATE TABLE saved_view (
    id uuid PRIMARY KEY,
    owner_id text NOT NULL,
    shared boolean NOT NULL DEFAULT false,
    name text NOT NULL,
    filter jsonb NOT NULL,
    columns jsonb NOT NULL DEFAULT '[]'::jsonb,
    sort jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_view_owner ON saved_view (owner_id);

CREATE TABLE card_layout (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    group_id uuid REFERENCES contact_group (id),
    blocks jsonb NOT NULL,
    required_fields text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX card_layout_group ON card_layout (group_id) WHERE group_id IS NOT NULL;
CREATE UNIQUE INDEX card_layout_default ON card_layout ((group_id IS NULL)) WHERE group_id IS NULL;

-- Field history, kept forever: partitioned by month so the tens of millions of rows of a busy
-- database stay cheap to insert, to read per contact and to archive by partition.
CREATE TABLE contact_history (
    contact_id uuid NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    -- employee | system | import | bulk | rule
    actor_kind text NOT NULL,
    actor_id text NOT NULL,
    -- api | import | bulk | rule | merge | system: what kind of work changed the card,
    -- and source_ref which one (job id, rule id, surviving card of a merge).
    source text NOT NULL,
    source_ref text,
    operation text NOT NULL CHECK (operation IN ('create', 'update', 'merge', 'delete', 'restore')),
    field text NOT NULL,
    old_value jsonb,
    new_value jsonb
) PARTITION BY RANGE (changed_at);
CREATE INDEX contact_history_contact ON contact_history (contact_id, changed_at DESC, seq DESC);
CREATE TABLE contact_history_default PARTITION OF contact_history DEFAULT;

-- Creates the monthly partitions from `months_back` before to `months_ahead` after now; a
-- periodic task keeps months ahead, so the default partition stays empty.
CREATE FUNCTION ensure_history_partitions(months_back integer, months_ahead integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    month_start date;
    created integer := 0;
    partition_name text;
BEGIN
    FOR offset_months IN -months_back..months_ahead LOOP
        month_start := (date_trunc('month', now()) + make_interval(months => offset_months))::date;
        partition_name := format('contact_history_%s', to_char(month_start, 'YYYYMM'));
        IF to_regclass(format('%I.%I', current_schema(), partition_name)) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF contact_history FOR VALUES FROM (%L) TO (%L)',
                partition_name, month_start, (month_start + interval '1 month')::date
            );
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

SELECT ensure_history_partitions(1, 3);
