-- Smart-group rules. A filter rule owns the memberships it creates in its group (the contacts
-- service records the rule id on each); a group has at most one filter rule.
CREATE TABLE rule (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('filter', 'event')),
    -- A group of the contacts service: another service's id, so no foreign key.
    group_id uuid NOT NULL,
    filter jsonb,
    -- What the filter reads, so a contact change re-evaluates only the rules it can affect.
    fields text[] NOT NULL DEFAULT '{}',
    referenced_groups uuid[] NOT NULL DEFAULT '{}',
    -- Conditions relative to now (within the last N days...) are re-evaluated periodically.
    time_relative boolean NOT NULL DEFAULT false,
    state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
    paused_reason text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL,
    deleted_at timestamptz,
    last_run_at timestamptz,
    last_added bigint,
    last_removed bigint
);

CREATE UNIQUE INDEX rule_filter_group ON rule (group_id)
    WHERE kind = 'filter' AND deleted_at IS NULL;
