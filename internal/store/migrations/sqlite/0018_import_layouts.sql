-- Saved column mappings of an office: the header rows a person picked in a
-- file and the field each column goes to, offered again when a later file
-- starts with the same header (its signature: the header rows' text,
-- normalised). org_id 0 is the administrators' without an office. No
-- foreign key: a deleted office's mappings are simply never offered.
CREATE TABLE import_layouts (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL,
    name         TEXT NOT NULL,
    signature    TEXT NOT NULL,
    header_first INTEGER NOT NULL,
    header_last  INTEGER NOT NULL,
    columns_json TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    UNIQUE (org_id, name)
);
CREATE INDEX import_layouts_signature ON import_layouts (org_id, signature);
