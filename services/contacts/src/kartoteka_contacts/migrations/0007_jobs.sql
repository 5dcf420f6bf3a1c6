-- Long jobs on many cards (bulk operations, imports, exports) run in a Celery worker, in
-- batches that each commit their own progress: a worker killed mid-job loses at most one
-- uncommitted batch, and whoever picks the job up next resumes after the last committed one.
CREATE TABLE contact_job (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('bulk', 'import', 'export', 'undo')),
    -- queued → running → done | failed | cancelled; a finished job may later be undone.
    state text NOT NULL CHECK (
        state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'undoing', 'undone')
    ),
    -- What to do: the operation and its arguments, validated when the job was created.
    params jsonb NOT NULL,
    total bigint NOT NULL DEFAULT 0,
    processed bigint NOT NULL DEFAULT 0,
    created bigint NOT NULL DEFAULT 0,
    updated bigint NOT NULL DEFAULT 0,
    skipped bigint NOT NULL DEFAULT 0,
    failed bigint NOT NULL DEFAULT 0,
    -- Where the next batch starts (the last contact id done, or the last file row done).
    resume_after text,
    cancel_requested boolean NOT NULL DEFAULT false,
    -- A worker holds the job while lease_until is in the future and renews it every batch;
    -- an expired lease means the worker died, and the recovery task hands the job on.
    lease_owner text,
    lease_until timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    error_code text,
    error text,
    -- What the job produced: report counts, file ids, the job that undid it.
    result jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- For an undo job, the job it reverts.
    reverts uuid REFERENCES contact_job (id),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_job_recent ON contact_job (created_at DESC, id);
CREATE INDEX contact_job_unfinished ON contact_job (lease_until)
    WHERE state IN ('queued', 'running', 'undoing');

-- The cards a job works on. A bulk job freezes its selection here when it starts (a card that
-- matches the filter later is not touched); every job records per card what it did and the
-- card's version afterwards, so an undo only reverts cards nobody changed since.
CREATE TABLE contact_job_item (
    job_id uuid NOT NULL REFERENCES contact_job (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL,
    -- pending | created | updated | unchanged | skipped | reverted | kept
    outcome text NOT NULL DEFAULT 'pending',
    version_after bigint,
    -- The values the job replaced, by field: what an undo writes back.
    before jsonb,
    PRIMARY KEY (job_id, contact_id)
);

-- Files of jobs (uploads, exports, failed-row reports) in 1 MiB chunks: PostgreSQL is the one
-- store every replica of gateway and worker already shares, so no volume or bucket is needed.
CREATE TABLE job_file (
    id uuid PRIMARY KEY,
    job_id uuid REFERENCES contact_job (id) ON DELETE CASCADE,
    -- upload | export | failed_rows
    role text NOT NULL,
    name text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL DEFAULT 0,
    sha256 text,
    complete boolean NOT NULL DEFAULT false,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_file_job ON job_file (job_id) WHERE job_id IS NOT NULL;

CREATE TABLE job_file_chunk (
    file_id uuid NOT NULL REFERENCES job_file (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (file_id, seq)
);
-- Chunks are already compressed (XLSX) or written once and read once: skip TOAST compression.
ALTER TABLE job_file_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
