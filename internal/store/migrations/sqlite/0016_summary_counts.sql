-- Summary figures: how many enterprises (and products) there are per region
-- and per value of each column the pages count by, kept in the same
-- transaction as every change (store/counts.go), so that no page counts the
-- registry row by row. Each enterprise is counted four times, once per
-- region level: region_code '' (the whole country), its province, its
-- regency and its district (when it has one); a count for a filter sums the
-- rows of the finest region the filter names. Rows whose count fell to 0
-- may stay; they add nothing.
CREATE TABLE enterprise_counts (
    region_code     TEXT NOT NULL,
    sector          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    size_class      TEXT NOT NULL,
    export_status   TEXT NOT NULL,
    binaan_org_id   BIGINT NOT NULL,   -- 0: no coaching office
    readiness_level TEXT NOT NULL,     -- '': not assessed
    n               BIGINT NOT NULL,
    PRIMARY KEY (region_code, sector, kind, size_class, export_status, binaan_org_id, readiness_level)
) WITHOUT ROWID;

-- Products per region, six-digit HS code ('' without a code), validation
-- status ('*': any status) and coaching office of their enterprise.
-- enterprises is how many distinct enterprises make them: an enterprise
-- lies in one region of each level and has one office, so these counts add
-- up across regions and offices (and only the '*' rows count an enterprise
-- once whatever its products' statuses).
CREATE TABLE product_counts (
    region_code   TEXT NOT NULL,
    hs6           TEXT NOT NULL,
    validation    TEXT NOT NULL,
    binaan_org_id BIGINT NOT NULL,
    products      BIGINT NOT NULL,
    enterprises   BIGINT NOT NULL,
    PRIMARY KEY (region_code, hs6, validation, binaan_org_id)
) WITHOUT ROWID;
