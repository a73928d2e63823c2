-- The registry list's text filter within a province, regency or district
-- (issue 16 item 5). The trigram index of migration 0029 held the text
-- alone: a regency's matches of a word were the country's matches of
-- every trigram, intersected with the regency's rows afterwards (0.3 s at
-- ten million for a rare word), or the planner walked the regency's sort
-- index and tested every row (over a second for a common one). Here the
-- region columns sit beside the text in one GIN index (btree_gin, migration
-- 0028), which finds a region's matches alone; the list reads them apart
-- from its order (store.ListEnterprises, fencesTextFilter). A text filter
-- without a region reads the text's column of the same index.
--
-- At ten million the index takes a few minutes to build, during which the
-- registry takes no writes (as any migration that builds an index).
DROP INDEX enterprises_text;
CREATE INDEX enterprises_text ON enterprises
    USING GIN (province_code, regency_code, district_code, search_text siapekspor_ext.gin_trgm_ops);
