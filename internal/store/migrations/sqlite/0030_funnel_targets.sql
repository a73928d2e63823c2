-- The funnel and the province's targets (issue 18, items 1–2).
--
-- funnel_counts: how many enterprises reached each funnel stage (or a later
-- one), by the year they reached it, per region level (as in
-- enterprise_counts: '' the whole country, the province, the regency, the
-- district) and per value of the columns the dashboard breaks down by. moved
-- is how many of them went on to the next stage with both dates known, days
-- the days they spent in this one. Kept in the same transaction as every
-- change that moves an enterprise (store/funnel.go, through recount and
-- countNew); the stages are defined in internal/funnel. Stages are
-- numbered as funnel.Stage (0 registered … 8 regular exporter).
CREATE TABLE funnel_counts (
    region_code     TEXT NOT NULL,
    sector          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    size_class      TEXT NOT NULL,
    binaan_org_id   BIGINT NOT NULL,
    readiness_level TEXT NOT NULL,
    stage           INTEGER NOT NULL,
    year            INTEGER NOT NULL,
    n               BIGINT NOT NULL,
    moved           BIGINT NOT NULL,
    days            BIGINT NOT NULL,
    PRIMARY KEY (region_code, sector, kind, size_class, binaan_org_id, readiness_level, stage, year)
) WITHOUT ROWID;

-- Each enterprise's stages beyond registered with the day it reached them
-- (ISO text): the registry list's funnel filter reads it.
CREATE TABLE enterprise_funnel (
    stage         INTEGER NOT NULL,
    enterprise_id BIGINT NOT NULL,
    reached_on    TEXT NOT NULL,
    PRIMARY KEY (stage, enterprise_id)
) WITHOUT ROWID;
CREATE INDEX enterprise_funnel_enterprise ON enterprise_funnel (enterprise_id);

-- Targets: the share (percent) or count of a population (ikm, umkm,
-- koperasi, all) of a region (the province or one of its regencies/cities)
-- that should export by the end of a year, with the baseline and the
-- denominator (the registry's count, or a count an admin states with its
-- source, e.g. BPS). Never updated: every change is a new row, and the
-- current target of (region, year, population) is its newest row; a row
-- with removed set withdraws it.
CREATE TABLE targets (
    id                 INTEGER PRIMARY KEY,
    region_code        TEXT NOT NULL REFERENCES regions (code),
    year               INTEGER NOT NULL,
    population         TEXT NOT NULL,
    percent            DOUBLE PRECISION NOT NULL DEFAULT 0,
    target_count       BIGINT NOT NULL DEFAULT 0,
    baseline_year      INTEGER NOT NULL DEFAULT 0,
    baseline_count     BIGINT NOT NULL DEFAULT 0,
    denominator        TEXT NOT NULL,
    denominator_count  BIGINT NOT NULL DEFAULT 0,
    denominator_source TEXT NOT NULL DEFAULT '',
    note               TEXT NOT NULL DEFAULT '',
    removed            BOOLEAN NOT NULL DEFAULT FALSE,
    user_id            BIGINT,
    actor              TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX targets_key ON targets (region_code, year, population, id);
