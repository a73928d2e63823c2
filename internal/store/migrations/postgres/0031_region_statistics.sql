-- A regency or district filter carries its province too (so a registry
-- partitioned by province is read in one partition), and PostgreSQL takes
-- the conditions as independent: at ten million it estimated 22 rows for a
-- regency's small enterprises where there were 2,028, sorted a province's
-- worth of rows instead of walking the regency's name index, and took
-- 180-230 ms where the walk takes 4 ms (docs/scaling.md). The region codes
-- determine one another; extended statistics tell the planner so.
CREATE STATISTICS IF NOT EXISTS enterprises_regions (dependencies) ON province_code, regency_code, district_code FROM enterprises;
ANALYZE enterprises;
