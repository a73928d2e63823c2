-- The province's enterprises by when they were registered: the monthly
-- report's funnel reads the summary counts up to the end of the month's year
-- and takes off those registered after the month (internal/store/report.go),
-- a range read here instead of a scan of the registry (and the province's
-- first registration, which says whether a month has data, is the first
-- entry).
CREATE INDEX enterprises_created ON enterprises (province_code, created_at);
