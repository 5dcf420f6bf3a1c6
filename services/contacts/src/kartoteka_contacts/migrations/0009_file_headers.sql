-- The headers of each sheet of an upload as the analysis read them, by the sheet asked for
-- ('' for the default sheet, or a CSV): starting the import reads them here instead of
-- opening the file again, which for a sheet of a million rows takes longer than a request
-- may (calamine loads the whole sheet to read its first row).
ALTER TABLE job_file ADD COLUMN read_headers jsonb NOT NULL DEFAULT '{}';
