-- A search document's id already says what it indexes (store.docID: twice
-- the record's id, plus one for a product): kind and ref_id were copies of
-- it. Searches read d.id % 2 and d.id / 2 instead. (PostgreSQL keeps a
-- table apart from its primary key anyway, so the SQLite migration's
-- enterprise_kbli rebuild has nothing to save here.)
ALTER TABLE search_docs DROP COLUMN kind, DROP COLUMN ref_id;
