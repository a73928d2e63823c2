-- An office's search finds only its region's documents in the index: the
-- region columns and the text in one GIN index (btree_gin, a trusted
-- extension shipped with PostgreSQL), so that a common word is not first
-- found in the whole country and the region filtered afterwards
-- (docs/scaling.md). A search without a scope reads the text column of the
-- same index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX search_docs_tsv;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (province_code, regency_code, district_code, binaan_org_id, tsv);
