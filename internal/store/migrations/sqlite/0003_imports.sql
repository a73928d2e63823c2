-- Imports of enterprise lists: who, when, which file, what it did, and enough
-- to undo it as a whole while nothing it touched was edited since.

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    user_id     BIGINT,
    actor       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    format      TEXT NOT NULL,
    duplicates  TEXT NOT NULL,             -- skip, update or keep
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    undone_at   TIMESTAMP,
    undone_by   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE import_items (
    import_id     BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    enterprise_id BIGINT NOT NULL,
    action        TEXT NOT NULL,           -- inserted or updated
    version_after INTEGER NOT NULL,        -- undo refuses once the record moved past it
    before_json   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, enterprise_id)
);
