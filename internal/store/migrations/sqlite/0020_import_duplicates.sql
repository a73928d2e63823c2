-- Possible duplicates of an import, and the file's fingerprint looked up.
--
-- imports.possible: rows imported that have the same normalised name as an
-- enterprise in the same village, district or (a row with neither) regency,
-- registered or earlier in the file; each is listed in
-- import_possible_duplicates for an officer to decide on.
ALTER TABLE imports ADD COLUMN possible INTEGER NOT NULL DEFAULT 0;

-- A file already imported is flagged before anything is done.
CREATE INDEX imports_file_sha256 ON imports (file_sha256);

CREATE TABLE import_possible_duplicates (
    id            INTEGER PRIMARY KEY,
    import_id     BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,          -- the row's line in the file
    enterprise_id BIGINT NOT NULL,           -- the record the import made of it
    existing_id   BIGINT NOT NULL,           -- the record of the same name
    existing_line INTEGER NOT NULL DEFAULT 0, -- > 0: made from that earlier line
    match_by      TEXT NOT NULL,             -- name_village, name_district or name_regency
    decision      TEXT NOT NULL DEFAULT '',  -- '' (open), merged or kept
    decided_at    TIMESTAMP,
    decided_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_possible_duplicates_import ON import_possible_duplicates (import_id, line);
