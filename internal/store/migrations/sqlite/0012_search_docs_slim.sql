-- Space the registry does not need to spend:
--
-- A search document's id already says what it indexes (store.docID: twice
-- the record's id, plus one for a product), so its kind and ref_id columns
-- were copies of it: 4 of the 16 MiB of search_docs in the demo province.
-- Searches read d.id % 2 and d.id / 2 instead.
ALTER TABLE search_docs DROP COLUMN kind;
ALTER TABLE search_docs DROP COLUMN ref_id;

-- enterprise_kbli is all primary key: as a rowid table SQLite kept it twice
-- (the table and its unique index, 7 MiB for the demo province); without
-- rowid it is kept once, in primary-key order.
CREATE TABLE enterprise_kbli_new (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    version       TEXT NOT NULL,
    code          TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, version, code)
) WITHOUT ROWID;
INSERT INTO enterprise_kbli_new (enterprise_id, version, code) SELECT enterprise_id, version, code FROM enterprise_kbli;
DROP TABLE enterprise_kbli;
ALTER TABLE enterprise_kbli_new RENAME TO enterprise_kbli;
