-- Region codes of enterprises are checked in Go against the built-in
-- reference data (Enterprise.Validate) before every write, and regions are
-- never deleted (the reference load only adds and renames). PostgreSQL runs
-- a foreign key check as a trigger query per row and key: four of them made
-- up a third of a whole province's import. SQLite's checks are plain index
-- probes and stay.
ALTER TABLE enterprises
    DROP CONSTRAINT enterprises_province_code_fkey,
    DROP CONSTRAINT enterprises_regency_code_fkey,
    DROP CONSTRAINT enterprises_district_code_fkey,
    DROP CONSTRAINT enterprises_village_code_fkey;

-- The same for an import's items: each names the import the same statement
-- has just created, and imports are never deleted (they are the record of
-- what was done).
ALTER TABLE import_items DROP CONSTRAINT import_items_import_id_fkey;
