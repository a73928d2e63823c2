-- Indexes that let pages read only the rows they show.
--
-- The readiness list shows the best scores first, of every class or of one:
-- both orders read from an index, instead of sorting every assessed
-- enterprise per page.
DROP INDEX enterprise_readiness_level;
CREATE INDEX enterprise_readiness_level ON enterprise_readiness (level, overall DESC, enterprise_id);
CREATE INDEX enterprise_readiness_rank ON enterprise_readiness (overall DESC, enterprise_id);

-- The enterprise list walks an index in the order it shows (the name, by
-- default) and stops after a page. The filters' columns ride in the name
-- indexes, so rows that do not match are passed over inside the index
-- without reading them; the counts that enterprises_filters served come
-- from the summary figures now (0016). A rare export status (a few dozen
-- regular exporters among 150,000) has an index of its own: the store reads
-- the few matches through it and sorts them (store.ListEnterprises). The
-- other sorts (workers, turnover, last change) have theirs, carrying the
-- region and office columns an office's scope and a region filter test.
DROP INDEX enterprises_filters;
DROP INDEX enterprises_province;
DROP INDEX enterprises_regency;
CREATE INDEX enterprises_province ON enterprises (province_code, name_key, id, regency_code, district_code, size_class, export_status, sector, kind, binaan_org_id);
CREATE INDEX enterprises_regency ON enterprises (regency_code, name_key, id, district_code, size_class, export_status, sector, kind, binaan_org_id);
CREATE INDEX enterprises_export ON enterprises (province_code, export_status, name_key, id);
CREATE INDEX enterprises_workers ON enterprises (province_code, workers, id, regency_code, district_code, binaan_org_id);
CREATE INDEX enterprises_turnover ON enterprises (province_code, annual_turnover, id, regency_code, district_code, binaan_org_id);
CREATE INDEX enterprises_updated ON enterprises (province_code, updated_at, id, regency_code, district_code, binaan_org_id);

-- Statistics for the new indexes, so the planner weighs them.
ANALYZE enterprises;
ANALYZE enterprise_readiness;
