-- Imports: rows a job could not take (with the reason and the row as the file had it), the
-- column mappings people confirmed, and the index that matches file rows to cards by name.

-- One row per refused file row, written in the batch that refused it, so a resumed job keeps
-- its report and the failed-rows file can be built at any time.
CREATE TABLE contact_job_failure (
    job_id uuid NOT NULL REFERENCES contact_job (id) ON DELETE CASCADE,
    row_number integer NOT NULL,
    -- The column at fault (its header in the file), or NULL for the row as a whole.
    column_name text,
    code text NOT NULL,
    reason text NOT NULL,
    -- The row's cells as text, in file order: the failed-rows file is the input plus a reason.
    cells jsonb NOT NULL,
    PRIMARY KEY (job_id, row_number)
);

-- The mapping last confirmed for a set of headers (its signature: the folded headers in
-- order); the next file with the same headers gets it proposed.
CREATE TABLE import_mapping (
    signature text PRIMARY KEY,
    headers jsonb NOT NULL,
    mapping jsonb NOT NULL,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Matching a file row by name compares folded names (case and accents aside).
CREATE INDEX contact_folded_name ON contact (fold_text(display_name)) WHERE deleted_at IS NULL;
