-- Contact cards. Emails, phones and addresses are small lists owned by the card; they are
-- stored normalised (E.164 phones, lower-case emails) so later look-ups compare like with like.
CREATE TABLE contact (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('person', 'company')),
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    emails jsonb NOT NULL DEFAULT '[]'::jsonb,
    phones jsonb NOT NULL DEFAULT '[]'::jsonb,
    addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL,
    deleted_at timestamptz
);

CREATE INDEX contact_created_at ON contact (created_at, id);
