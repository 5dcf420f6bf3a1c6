-- Sign-in credentials of staff. Passwords are argon2id hashes, never stored in clear.
CREATE TABLE staff_credential (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    password_hash text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    permissions text[] NOT NULL DEFAULT '{}',
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX staff_credential_email ON staff_credential (lower(email));
